//! The machine-readable summary of one invocation (`--summary-json FILE`, schema
//! `uptake.summary/1`, docs/scheduling.md): what the command did, and how it ended.
//! Commands add to it as they go; it is written whatever the outcome.

use std::cell::RefCell;
use std::path::Path;

use anyhow::{Context, Result};
use serde_json::{Map, Value, json};

use crate::exit::Code;

#[derive(Debug, Default)]
pub struct Summary {
    fields: RefCell<Map<String, Value>>,
}

impl Summary {
    /// Sets `key` (a later value replaces an earlier one).
    pub fn set(&self, key: &str, value: Value) {
        self.fields.borrow_mut().insert(key.to_string(), value);
    }

    /// Appends to the list `key`.
    pub fn push(&self, key: &str, value: Value) {
        let mut fields = self.fields.borrow_mut();
        match fields.entry(key).or_insert_with(|| Value::Array(vec![])) {
            Value::Array(items) => items.push(value),
            other => *other = Value::Array(vec![value]),
        }
    }

    /// The summary as JSON: the command, its timing, its exit status and either what
    /// it recorded or the error.
    pub fn to_json(
        &self,
        command: &str,
        started: chrono::DateTime<chrono::Utc>,
        seconds: f64,
        code: Code,
        error: Option<String>,
    ) -> Value {
        let mut out = json!({
            "schema": "uptake.summary/1",
            "command": command,
            "started_at": started.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "seconds": (seconds * 1000.0).round() / 1000.0,
            "exit_code": code as u8,
            "status": code.meaning(),
            "error": error,
        });
        for (k, v) in self.fields.borrow().iter() {
            out[k.as_str()] = v.clone();
        }
        out
    }
}

/// Writes `value` to `path` through a temporary file, so a reader never sees half of it.
pub fn write(path: &Path, value: &Value) -> Result<()> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    uptake_store::write_atomic(path, text.as_bytes())
        .with_context(|| format!("cannot write the run summary {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recorded_fields_and_the_outcome_are_kept() {
        let s = Summary::default();
        s.push("ingests", json!({"source": "slack"}));
        s.push("ingests", json!({"source": "trello"}));
        s.set("store", json!("st"));
        let started = "2026-11-25T06:00:00Z".parse().unwrap();
        let v = s.to_json("run", started, 1.23456, Code::Rejects, None);
        assert_eq!(v["exit_code"], 3);
        assert_eq!(v["status"], "rejects over the threshold");
        assert_eq!(v["seconds"], 1.235);
        assert_eq!(v["started_at"], "2026-11-25T06:00:00Z");
        assert_eq!(v["ingests"][1]["source"], "trello");
        assert_eq!(v["store"], "st");
        assert_eq!(v["error"], Value::Null);
    }
}
