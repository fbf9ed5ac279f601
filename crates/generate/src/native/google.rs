//! Google Workspace Reports API activities, one JSON activity per line.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde_json::json;

use super::{create, flush, io, iso};
use crate::Result;
use crate::sink::{EventSink, GenEvent};

pub struct GoogleSink {
    path: PathBuf,
    out: BufWriter<File>,
}

impl GoogleSink {
    pub fn create(path: &Path) -> Result<GoogleSink> {
        Ok(GoogleSink {
            path: path.into(),
            out: create(path)?,
        })
    }
}

/// (applicationName, event type, event name) of a generated action.
fn event(tool: &str, action: &str) -> (&'static str, &'static str, &'static str) {
    match (tool, action) {
        ("teams", "reaction") => ("chat", "user_action", "reaction_added"),
        ("teams", "meeting_join" | "call") => ("meet", "call", "call_ended"),
        ("teams", "file_share") => ("chat", "user_action", "attachment_uploaded"),
        ("teams", _) => ("chat", "user_action", "message_posted"),
        ("sharepoint", "FileModified") => ("drive", "access", "edit"),
        ("sharepoint", "SharingSet") => ("drive", "acl_change", "change_user_access"),
        ("sharepoint", "FileUploaded") => ("drive", "access", "upload"),
        ("sharepoint", _) => ("drive", "access", "view"),
        (_, "createCard") => ("tasks", "task_change", "create_task"),
        (_, "commentCard") => ("tasks", "task_change", "add_comment"),
        _ => ("tasks", "task_change", "update_task"),
    }
}

impl EventSink for GoogleSink {
    fn write(&mut self, e: &GenEvent<'_>) -> Result<()> {
        let (app, kind, name) = event(super::office_tool(e.tool), e.action);
        let mut parameters = vec![json!({"name": "doc_title", "value": e.channel})];
        if app == "meet" {
            parameters = vec![
                json!({"name": "meeting_code", "value": e.channel}),
                json!({"name": "device_type", "value": e.client}),
            ];
        } else if app == "chat" {
            parameters = vec![json!({"name": "room_name", "value": e.channel})];
        }
        // Integrations call the API with a key, not as a person.
        let actor = if e.is_bot {
            json!({"callerType": "KEY", "key": "SYSTEM"})
        } else {
            json!({"email": e.person, "profileId": format!("1{:011}", e.event_id % 100_000_000_000)})
        };
        let activity = json!({
            "kind": "admin#reports#activity",
            "id": {
                "time": format!("{}.000Z", iso(e.ts)),
                "uniqueQualifier": format!("-{}", e.event_id),
                "applicationName": app,
                "customerId": "C02sample",
            },
            "actor": actor,
            "ipAddress": "203.0.113.24",
            "events": [{"type": kind, "name": name, "parameters": parameters}],
        });
        writeln!(self.out, "{activity}").map_err(io(&self.path))
    }

    fn finish(self: Box<Self>) -> Result<()> {
        flush(self.out, &self.path)
    }
}
