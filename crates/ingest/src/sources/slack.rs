//! Slack workspace exports, as the .zip Slack delivers or the extracted folder
//! (mapping table in docs/sources/slack.md).

use std::path::Path;

use rayon::prelude::*;
use serde_json::Value;

use super::slack_columns::SlackColumns;
use super::slack_export::DayFiles;
use crate::{ColumnReader, ParsedFile, Result, Source};

/// Reads Slack exports: `ingest slack PATH` where PATH is an export .zip or folder.
#[derive(Debug, Clone, Default)]
pub struct SlackSource;

impl Source for SlackSource {
    fn name(&self) -> &str {
        "slack"
    }

    fn accepts(&self, path: &Path) -> bool {
        path.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
            || super::slack_analytics::is_analytics_file(path)
    }

    fn is_unit(&self, dir: &Path) -> bool {
        dir.join("users.json").is_file() || dir.join("channels.json").is_file()
    }

    fn parse(&self, path: &Path) -> Result<ParsedFile> {
        if is_analytics(path) {
            return super::slack_analytics::parse(path);
        }
        let (mut days, users_json) = DayFiles::open(path)?;
        let mut out = ParsedFile {
            accounts: account_records(&users_json),
            ..Default::default()
        };
        drop(users_json);
        while let Some(files) = days.next_batch(|batch, cx| {
            batch
                .par_iter()
                .map(|file| {
                    let mut rows = Vec::new();
                    let counts = cx.parse_day(file, &mut rows);
                    (counts, rows)
                })
                .collect::<Vec<_>>()
        })? {
            for (counts, rows) in files {
                out.read += counts.read;
                out.excluded += counts.excluded;
                out.events.extend(rows);
                out.rejects.extend(counts.rejects);
            }
        }
        Ok(out)
    }

    fn columns<'a>(&'a self, path: &Path) -> Result<Option<Box<dyn ColumnReader + 'a>>> {
        if is_analytics(path) {
            return Ok(None);
        }
        Ok(Some(Box::new(SlackColumns::open(path)?)))
    }
}

/// Whether `path` is one of the analytics CSV files rather than an export.
fn is_analytics(path: &Path) -> bool {
    path.is_file()
        && !path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
}

/// users.json as account records. Deleted accounts are deactivated on their `updated`
/// date, the only date an export gives.
pub(super) fn account_records(users: &[Value]) -> Vec<uptake_store::Account> {
    let day = |v: Option<&Value>| {
        v.and_then(Value::as_i64)
            .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
            .map(|d| d.date_naive())
    };
    users
        .iter()
        .filter_map(|u| {
            let id = u.get("id")?.as_str()?;
            let email = u
                .pointer("/profile/email")
                .and_then(Value::as_str)
                .map(|e| e.trim().to_lowercase())
                .filter(|e| !e.is_empty());
            let deleted = u.get("deleted").and_then(Value::as_bool).unwrap_or(false);
            Some(uptake_store::Account {
                tool: "slack".into(),
                account: id.to_string(),
                person: email.unwrap_or_else(|| format!("slack:{}", id.to_lowercase())),
                name: u
                    .pointer("/profile/real_name")
                    .or_else(|| u.get("real_name"))
                    .or_else(|| u.get("name"))
                    .and_then(Value::as_str)
                    .map(str::to_string),
                created: None,
                licensed: None,
                deactivated: if deleted { day(u.get("updated")) } else { None },
                is_bot: u.get("is_bot").and_then(Value::as_bool).unwrap_or(false)
                    || id == "USLACKBOT",
            })
        })
        .collect()
}
