//! Google Workspace Admin SDK Reports API activity (`activities.list` responses: `items[]`
//! with `id.time`, `id.applicationName`, `actor.email`, `events[].name`) for drive, meet,
//! chat, calendar and login; mapping table in docs/sources/google.md.

use std::io::BufRead;
use std::path::Path;

use serde_json::Value;
use uptake_store::{Activity, Category, Client, EventRow};

use super::common::{Tally, read_json, text};
use crate::input::open_input;
use crate::{Error, ParsedFile, Result, Source, activity_of, parse_timestamp};

/// Reads Reports API activity: `ingest google drive-2026-03.json meet.jsonl ...`.
#[derive(Debug, Clone, Default)]
pub struct GoogleSource;

/// The uptake tool of a Reports API application.
pub fn google_tool(application: &str) -> String {
    match application {
        "drive" => "google-drive".into(),
        "meet" => "google-meet".into(),
        "chat" => "google-chat".into(),
        "calendar" => "google-calendar".into(),
        "login" => "google-workspace".into(),
        other => format!("google-{other}"),
    }
}

/// The activity of one event of an application, or `None` for events that are not a
/// person using the tool (failed logins, logouts, security challenges).
pub fn google_activity(application: &str, event: &str) -> Option<Activity> {
    Some(match (application, event) {
        ("login", "login_success") => Activity::Login,
        ("login", _) => return None,
        ("drive", "view" | "preview" | "download" | "print" | "copy_to_clipboard") => {
            Activity::View
        }
        ("drive", "create" | "copy" | "upload") => Activity::Create,
        ("drive", "edit" | "rename" | "move" | "trash" | "untrash" | "delete")
        | ("drive", "add_to_folder" | "remove_from_folder" | "add_lock" | "remove_lock") => {
            Activity::Edit
        }
        ("drive", e) if e.starts_with("change_") || e.contains("acl") || e.contains("share") => {
            Activity::Share
        }
        ("meet", "call_ended" | "presentation_started" | "presentation_stopped") => Activity::Meet,
        ("chat", "message_posted") => Activity::Post,
        ("chat", "message_edited" | "message_deleted") => Activity::Edit,
        ("chat", "reaction_added") => Activity::React,
        ("chat", "attachment_uploaded") => Activity::Share,
        ("chat", "room_created" | "space_created") => Activity::Create,
        ("calendar", "create_event") => Activity::Create,
        ("calendar", e) if e.starts_with("change_event") => Activity::Edit,
        (_, e) => activity_of(e),
    })
}

fn category(application: &str, activity: Activity, tool: &str) -> Category {
    match application {
        "meet" | "calendar" => Category::Meetings,
        "chat" if activity != Activity::Login => Category::Messaging,
        _ => activity.default_category(tool),
    }
}

impl Source for GoogleSource {
    fn name(&self) -> &str {
        "google"
    }

    fn accepts(&self, path: &Path) -> bool {
        let name = path.to_string_lossy().to_ascii_lowercase();
        [".json", ".json.gz", ".jsonl", ".jsonl.gz", ".ndjson"]
            .iter()
            .any(|e| name.ends_with(e))
    }

    fn parse(&self, path: &Path) -> Result<ParsedFile> {
        let mut tally = Tally::new(path);
        let name = path.to_string_lossy().to_ascii_lowercase();
        if name.contains(".jsonl") || name.ends_with(".ndjson") {
            // One activity (or one list page) per line: streamed.
            for (i, line) in open_input(path)?.split(b'\n').enumerate() {
                let line = line.map_err(Error::io(path))?;
                let n = i as u64 + 1;
                let Ok(s) = std::str::from_utf8(&line) else {
                    tally.reject(n, "*", "not valid UTF-8", "");
                    continue;
                };
                if s.trim().is_empty() {
                    continue;
                }
                match serde_json::from_str::<Value>(s) {
                    Ok(v @ (Value::Object(_) | Value::Array(_))) => document(&v, n, &mut tally),
                    // `42`, `null`, `"x"`: read, so counted, and rejected.
                    Ok(_) => tally.reject(n, "*", "not a JSON object: a bare value", s),
                    Err(e) => tally.reject(n, "*", format!("invalid JSON: {e}"), s),
                }
            }
        } else {
            let doc = read_json(path)?;
            if !matches!(doc, Value::Array(_))
                && doc.get("items").is_none()
                && doc.get("id").is_none()
            {
                if doc.get("kind").and_then(Value::as_str) == Some("admin#reports#activities") {
                    // An empty page: the API omits `items` when nothing happened.
                    return Ok(tally.finish());
                }
                return Err(Error::read(
                    path,
                    "neither an activities.list response (`items`) nor an activity (`id`): not a Reports API export",
                ));
            }
            document(&doc, 0, &mut tally);
        }
        Ok(tally.finish())
    }
}

/// A list page, an array of pages or activities, or one activity. `line` is the line of
/// an NDJSON file, 0 for a whole-file document (records are then numbered in order).
fn document(v: &Value, line: u64, tally: &mut Tally) {
    let mut n = 0;
    let mut each = |a: &Value, tally: &mut Tally| {
        n += 1;
        activity(a, if line > 0 { line } else { n }, tally);
    };
    match v {
        Value::Array(xs) => {
            for x in xs {
                match x.get("items").and_then(Value::as_array) {
                    Some(items) => items.iter().for_each(|a| each(a, tally)),
                    None => each(x, tally),
                }
            }
        }
        _ => match v.get("items").and_then(Value::as_array) {
            Some(items) => items.iter().for_each(|a| each(a, tally)),
            None if v.get("id").is_some() => each(v, tally),
            None => {}
        },
    }
}

fn activity(a: &Value, record: u64, tally: &mut Tally) {
    let events: &[Value] = a
        .get("events")
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice);
    let raw = || a.to_string();
    if events.is_empty() {
        tally.reject(record, "action", "activity without `events`", &raw());
        return;
    }
    for (k, e) in events.iter().enumerate() {
        let Some(app) = text(a, "/id/applicationName") else {
            tally.reject(record, "tool", "no `id.applicationName`", &raw());
            continue;
        };
        let Some(name) = text(e, "/name") else {
            tally.reject(record, "action", "event without a `name`", &raw());
            continue;
        };
        // Service accounts and API keys act as `KEY` callers, without a person behind them.
        let caller = text(a, "/actor/callerType").unwrap_or("USER");
        let Some(email) = text(a, "/actor/email") else {
            if caller != "USER" {
                tally.excluded();
            } else {
                tally.reject(record, "person", "no `actor.email`", &raw());
            }
            continue;
        };
        if caller != "USER" {
            tally.excluded();
            continue;
        }
        let Some(activity) = google_activity(app, name) else {
            tally.excluded();
            continue;
        };
        let Some(time) = text(a, "/id/time") else {
            tally.reject(record, "ts", "no `id.time`", &raw());
            continue;
        };
        let ts_us = match parse_timestamp(time, chrono_tz::UTC) {
            Ok(t) => t,
            Err(err) => {
                tally.reject(record, "ts", err, &raw());
                continue;
            }
        };
        let tool = google_tool(app);
        let parameter = |wanted: &str| {
            e.get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .find(|p| p.get("name").and_then(Value::as_str) == Some(wanted))
                .and_then(|p| p.get("value").and_then(Value::as_str))
        };
        let client = parameter("device_type").map_or(Client::Unknown, Client::normalise);
        let channel = parameter("doc_title")
            .or_else(|| parameter("meeting_code"))
            .or_else(|| parameter("room_name"))
            .or_else(|| parameter("calendar_id"))
            .map(str::to_string);
        let unique = text(a, "/id/uniqueQualifier").unwrap_or("");
        tally.event(EventRow {
            ts_us,
            person: email.to_lowercase(),
            category: category(app, activity, &tool),
            tool,
            action: name.into(),
            activity,
            client,
            channel,
            event_id: format!("google:{app}/{time}/{unique}/{k}"),
            // Drive's sharing events name the person a document was shared with.
            counterparts: parameter("target_user")
                .map(|u| vec![u.trim().to_lowercase()])
                .unwrap_or_default(),
        });
    }
}
