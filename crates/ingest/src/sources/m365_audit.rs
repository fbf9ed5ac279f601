//! Microsoft Purview unified audit log CSV exports (`CreationDate, UserIds, Operations,
//! AuditData` from the classic search, or `RecordId, CreationDate, RecordType, Operation,
//! UserId, AuditData` from the new one), covering Teams, SharePoint, OneDrive, Exchange
//! and sign-ins; mapping table in docs/sources/m365-audit.md.

use std::path::Path;

use serde_json::Value;
use uptake_store::{Activity, Category, Client, EventRow};

use super::common::{Tally, text};
use crate::table::{FieldSpec, Format, RawRecord, Selection, csv_header, read_records};
use crate::{Error, ParsedFile, Result, Source, activity_of, parse_timestamp};

/// Reads unified audit log exports: `ingest m365-audit AuditLog_2026-03.csv`.
#[derive(Debug, Clone, Default)]
pub struct M365AuditSource;

/// The uptake tool of an audit workload.
pub fn m365_tool(workload: &str) -> String {
    match workload.to_ascii_lowercase().as_str() {
        "microsoftteams" => "teams".into(),
        "sharepoint" => "sharepoint".into(),
        "onedrive" => "onedrive".into(),
        "exchange" => "outlook".into(),
        "azureactivedirectory" | "entraid" => "m365".into(),
        "planner" | "planneradmin" => "planner".into(),
        "yammer" | "vivaengage" => "viva-engage".into(),
        other => other.replace(' ', "-"),
    }
}

/// The activity of an audited operation, or `None` for operations that are not a person
/// using the tool (failed sign-ins, policy and admin bookkeeping).
pub fn m365_activity(operation: &str, audit: &Value) -> Option<Activity> {
    Some(match operation {
        "UserLoggedIn" | "TeamsSessionStarted" => Activity::Login,
        "UserLoginFailed" | "PasswordLogonInitialAuthUsingPassword" => return None,
        "MessageSent" | "MessageCreatedHasLink" | "ChatMessageSent" => {
            if text(audit, "/ParentMessageId").is_some() {
                Activity::Reply
            } else {
                Activity::Post
            }
        }
        "MessageUpdated" | "MessageEditedHasLink" | "MessageDeleted" => Activity::Edit,
        "ReactedToMessage" => Activity::React,
        "MessageRead" | "MessagesListed" | "MessageHostedContentRead" => Activity::View,
        "MeetingParticipantDetail" | "MeetingDetail" | "MeetingParticipantJoined" => Activity::Meet,
        "ChatCreated" | "TeamCreated" | "ChannelAdded" => Activity::Create,
        "FileAccessed"
        | "FilePreviewed"
        | "FileDownloaded"
        | "PageViewed"
        | "FileAccessedExtended"
        | "MailItemsAccessed" => Activity::View,
        "FileModified"
        | "FileModifiedExtended"
        | "FileRenamed"
        | "FileMoved"
        | "FileCheckedIn"
        | "FileDeleted"
        | "FileRestored"
        | "FileCopied" => Activity::Edit,
        "FileUploaded" | "FolderCreated" | "FileCreated" => Activity::Create,
        "SharingSet"
        | "SharingInvitationCreated"
        | "AnonymousLinkCreated"
        | "CompanyLinkCreated"
        | "SecureLinkCreated"
        | "AddedToSecureLink"
        | "SharingLinkCreated" => Activity::Share,
        "Send" | "SendAs" | "SendOnBehalf" => Activity::Post,
        "Create" => Activity::Create,
        "Update" | "Move" | "MoveToDeletedItems" | "SoftDelete" | "HardDelete" => Activity::Edit,
        other => activity_of(other),
    })
}

/// Audit `UserType` values that are not a person: system, application, service
/// principal, custom and system policy.
const NON_PERSON_USER_TYPES: &[i64] = &[4, 5, 6, 7, 8];

fn is_service_account(user: &str) -> bool {
    let u = user.to_ascii_lowercase();
    !u.contains('@')
        || u.starts_with("app@")
        || u.starts_with("sharepoint\\")
        || u.starts_with("nt authority")
        || u.contains("@sharepoint")
        || u.starts_with("s-1-5-")
}

const FIELDS: &[(&str, &[&str])] = &[
    ("ts", &["CreationDate"]),
    ("person", &["UserIds", "UserId"]),
    ("action", &["Operations", "Operation"]),
    ("audit", &["AuditData"]),
];

impl Source for M365AuditSource {
    fn name(&self) -> &str {
        "m365-audit"
    }

    fn accepts(&self, path: &Path) -> bool {
        let name = path.to_string_lossy().to_ascii_lowercase();
        name.ends_with(".csv") || name.ends_with(".csv.gz")
    }

    fn parse(&self, path: &Path) -> Result<ParsedFile> {
        // The column names differ between the classic and the new search: find which.
        let header = csv_header(
            path,
            crate::text_encoding::TextEncoding::Named(encoding_rs::UTF_8),
        )?;
        // Problems are reported under the file's own column names.
        let specs: Vec<FieldSpec> = FIELDS
            .iter()
            .map(|(field, names)| {
                let column: &'static str = names
                    .iter()
                    .copied()
                    .find(|n| header.iter().any(|h| h.eq_ignore_ascii_case(n)))
                    .unwrap_or(names[0]);
                FieldSpec {
                    field: column,
                    column: column.to_string(),
                    required: *field == "audit",
                }
            })
            .collect();
        let mut tally = Tally::new(path);
        read_records(
            path,
            Format::Csv,
            crate::text_encoding::TextEncoding::Named(encoding_rs::UTF_8),
            Selection::Fields(&specs),
            &mut |_| {},
            &mut |r| record(r, &mut tally),
        )
        .map_err(|e| match e {
            Error::MissingColumn { path, columns, .. } => Error::read(
                path,
                format!(
                    "no `AuditData` column: not a unified audit log export (columns are: {})",
                    crate::error::ColumnNames(&columns)
                ),
            ),
            other => other,
        })?;
        Ok(tally.finish())
    }
}

fn record(r: RawRecord, tally: &mut Tally) {
    if let Some((field, reason)) = &r.error {
        tally.reject(r.line, field, reason.clone(), &r.text());
        return;
    }
    let value = |i: usize| {
        r.values[i]
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    let Some(audit_raw) = value(3) else {
        tally.reject(r.line, "AuditData", "empty AuditData", &r.text());
        return;
    };
    let audit: Value = match serde_json::from_str(audit_raw) {
        Ok(v) => v,
        Err(e) => {
            tally.reject(r.line, "AuditData", format!("invalid JSON: {e}"), &r.text());
            return;
        }
    };
    let Some(user) = text(&audit, "/UserId").or(value(1)) else {
        tally.reject(r.line, "UserId", "no user", &r.text());
        return;
    };
    let user_type = audit.get("UserType").and_then(Value::as_i64).unwrap_or(0);
    if NON_PERSON_USER_TYPES.contains(&user_type) || is_service_account(user) {
        tally.excluded();
        return;
    }
    let Some(operation) = text(&audit, "/Operation").or(value(2)) else {
        tally.reject(r.line, "Operation", "no operation", &r.text());
        return;
    };
    let Some(activity) = m365_activity(operation, &audit) else {
        tally.excluded();
        return;
    };
    // AuditData's CreationTime is UTC without a zone; the CSV's CreationDate may be local.
    let Some(time) = text(&audit, "/CreationTime").or(value(0)) else {
        tally.reject(r.line, "CreationTime", "no time", &r.text());
        return;
    };
    let ts_us = match parse_timestamp(time, chrono_tz::UTC) {
        Ok(t) => t,
        Err(e) => {
            tally.reject(r.line, "CreationTime", e, &r.text());
            return;
        }
    };
    let workload = text(&audit, "/Workload").unwrap_or("unknown");
    let tool = m365_tool(workload);
    let category = match tool.as_str() {
        "outlook" if activity != Activity::Login => Category::Messaging,
        "planner" if activity != Activity::Login => Category::Tasks,
        _ if activity == Activity::Meet => Category::Meetings,
        _ => activity.default_category(&tool),
    };
    let client = [
        "/UserAgent",
        "/ClientInfoString",
        "/ClientApplication",
        "/Platform",
    ]
    .iter()
    .find_map(|p| text(&audit, p))
    .map_or(Client::Unknown, Client::normalise);
    let channel = ["/ChannelName", "/TeamName", "/SiteUrl"]
        .iter()
        .find_map(|p| text(&audit, p))
        .map(str::to_string);
    let Some(id) = text(&audit, "/Id") else {
        tally.reject(r.line, "Id", "AuditData without an `Id`", &r.text());
        return;
    };
    tally.event(EventRow {
        ts_us,
        person: user.to_lowercase(),
        tool,
        action: operation.into(),
        activity,
        category,
        client,
        channel,
        event_id: format!("m365:{id}"),
        // The audit log does not say whom a message answers or mentions.
        counterparts: vec![],
    });
}
