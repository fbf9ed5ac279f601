//! The Microsoft Purview audit log CSV (classic columns), one row per event.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde_json::json;

use super::{create, flush, io, iso};
use crate::sink::{EventSink, GenEvent};
use crate::{Error, Result};

pub struct M365AuditSink {
    path: PathBuf,
    out: csv::Writer<BufWriter<File>>,
}

impl M365AuditSink {
    pub fn create(path: &Path) -> Result<M365AuditSink> {
        let mut w = create(path)?;
        // The portal writes UTF-8 with a byte-order mark.
        w.write_all("\u{feff}".as_bytes()).map_err(io(path))?;
        let mut out = csv::Writer::from_writer(w);
        out.write_record(["CreationDate", "UserIds", "Operations", "AuditData"])
            .map_err(|e| csv_err(path, e))?;
        Ok(M365AuditSink {
            path: path.into(),
            out,
        })
    }
}

fn csv_err(path: &Path, source: csv::Error) -> Error {
    Error::Csv {
        path: path.into(),
        source,
    }
}

/// (Workload, Operation, reply?) of a generated action.
fn operation(tool: &str, action: &str) -> (&'static str, &'static str, bool) {
    match (tool, action) {
        ("teams", "reply") => ("MicrosoftTeams", "MessageSent", true),
        ("teams", "reaction") => ("MicrosoftTeams", "ReactedToMessage", false),
        ("teams", "meeting_join") => ("MicrosoftTeams", "MeetingParticipantDetail", false),
        ("teams", "call") => ("MicrosoftTeams", "CallParticipantDetail", false),
        ("teams", "file_share") => ("MicrosoftTeams", "SharingSet", false),
        ("teams", _) => ("MicrosoftTeams", "MessageSent", false),
        ("sharepoint", "FileModified") => ("SharePoint", "FileModified", false),
        ("sharepoint", "SharingSet") => ("SharePoint", "SharingSet", false),
        ("sharepoint", "FileUploaded") => ("SharePoint", "FileUploaded", false),
        ("sharepoint", _) => ("SharePoint", "FileAccessed", false),
        (_, "createCard") => ("Planner", "CreateTask", false),
        (_, "commentCard") => ("Planner", "TaskCommentCreated", false),
        _ => ("Planner", "UpdateTask", false),
    }
}

fn user_agent(client: &str) -> Option<&'static str> {
    match client {
        "desktop" => Some("Microsoft Office/16.0 (Windows NT 10.0; Microsoft Teams 24124)"),
        "mobile" => Some("Teams/1.6.00 (iPhone; iOS 17.2; Scale/3.00)"),
        "web" => {
            Some("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/122.0 Safari/537.36")
        }
        _ => None,
    }
}

impl EventSink for M365AuditSink {
    fn write(&mut self, e: &GenEvent<'_>) -> Result<()> {
        let (workload, op, reply) = operation(super::office_tool(e.tool), e.action);
        let time = iso(e.ts);
        let mut audit = json!({
            "CreationTime": time,
            "Id": format!("5a3f0c2e-0000-4000-8000-{:012x}", e.event_id),
            "Operation": op,
            "OrganizationId": "0b1e6f3a-5c1d-4d2e-9f00-5a3b1e0c2d4f",
            "RecordType": match workload { "MicrosoftTeams" => 25, "SharePoint" => 6, _ => 78 },
            "UserKey": e.person,
            // Integrations act as applications (UserType 5).
            "UserType": if e.is_bot { 5 } else { 0 },
            "Version": 1,
            "Workload": workload,
            "ClientIP": "198.51.100.24",
            "UserId": e.person,
        });
        if let Some(ua) = user_agent(e.client) {
            audit["UserAgent"] = ua.into();
        }
        match workload {
            "MicrosoftTeams" => {
                audit["ChannelName"] = e.channel.into();
                audit["MessageId"] = format!("{}", e.ts * 1000).into();
                if reply {
                    audit["ParentMessageId"] = format!("{}", (e.ts - 60) * 1000).into();
                }
            }
            "SharePoint" => {
                audit["SiteUrl"] =
                    format!("https://sample.sharepoint.com/sites/{}/", e.channel).into();
            }
            _ => audit["PlanName"] = e.channel.into(),
        }
        let path = &self.path;
        self.out
            .write_record([
                format!("{time}.0000000Z").as_str(),
                e.person,
                op,
                audit.to_string().as_str(),
            ])
            .map_err(|err| csv_err(path, err))
    }

    fn finish(self: Box<Self>) -> Result<()> {
        let path = self.path.clone();
        let w = self
            .out
            .into_inner()
            .map_err(|e| Error::Invalid(format!("{}: {e}", path.display())))?;
        flush(w, &path)
    }
}
