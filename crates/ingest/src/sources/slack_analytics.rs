//! Slack member analytics (`admin.analytics.getFile`, type `member`: one JSON object per
//! member per day, usually `.json.gz`; or the same fields as CSV columns): active
//! member-days as dated observations, and the members as accounts.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use uptake_store::{Account, Activity, Client, EventRow};

use super::common::Tally;
use crate::table::{Format, Selection, read_records};
use crate::{ParsedFile, Result, parse_bool};

const FIELDS: &[&str] = &[
    "date",
    "user_id",
    "email_address",
    "is_active",
    "is_active_desktop",
    "is_active_ios",
    "is_active_android",
    "messages_posted_count",
    "reactions_added_count",
    "files_added_count",
    "slack_huddles_count",
    "total_calls_count",
    "is_billable_seat",
    "date_claimed",
    "date_created",
];

/// Whether a file name looks like a member analytics file rather than an export.
pub(crate) fn is_analytics_file(path: &Path) -> bool {
    let name = path.to_string_lossy().to_ascii_lowercase();
    (name.contains("analytics") || name.contains("member"))
        && [
            ".json",
            ".json.gz",
            ".ndjson",
            ".ndjson.gz",
            ".jsonl",
            ".jsonl.gz",
            ".csv",
            ".csv.gz",
        ]
        .iter()
        .any(|e| name.ends_with(e))
}

fn epoch_day(v: &str) -> Option<NaiveDate> {
    v.trim()
        .parse::<i64>()
        .ok()
        .filter(|s| *s > 0)
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        .map(|d| d.date_naive())
        .or_else(|| v.trim().parse().ok())
}

pub(crate) fn parse(path: &Path) -> Result<ParsedFile> {
    let name = path.to_string_lossy().to_ascii_lowercase();
    let format = if name.ends_with(".csv") || name.ends_with(".csv.gz") {
        Format::Csv
    } else {
        Format::Ndjson
    };
    let specs: Vec<crate::table::FieldSpec> = FIELDS
        .iter()
        .map(|f| crate::table::FieldSpec {
            field: f,
            column: f.to_string(),
            required: matches!(*f, "date" | "user_id" | "is_active"),
        })
        .collect();
    let mut tally = Tally::new(path);
    let mut members: BTreeMap<String, Account> = BTreeMap::new();
    read_records(
        path,
        format,
        crate::text_encoding::TextEncoding::Named(encoding_rs::UTF_8),
        Selection::Fields(&specs),
        &mut |_| {},
        &mut |r| {
            if let Some((field, reason)) = r.error {
                tally.reject(r.line, &field, reason, &r.raw);
                return;
            }
            let get = |i: usize| {
                r.values[i]
                    .as_deref()
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
            };
            let count = |i: usize| get(i).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
            let flag = |i: usize| get(i).and_then(parse_bool).unwrap_or(false);
            let Some(user) = get(1) else {
                tally.reject(r.line, "user_id", "empty", &r.raw);
                return;
            };
            let person = get(2).map_or_else(
                || format!("slack:{}", user.to_lowercase()),
                str::to_lowercase,
            );
            let account = members.entry(user.to_string()).or_insert_with(|| Account {
                tool: "slack".into(),
                account: user.to_string(),
                person: person.clone(),
                ..Default::default()
            });
            let claimed = get(13).and_then(epoch_day);
            let created = get(14).and_then(epoch_day).or(claimed);
            account.created = account.created.or(created);
            if flag(12) {
                account.licensed = account.licensed.or(claimed.or(created));
            }
            // Inactive member-days are not activity: they only describe the account.
            if !flag(3) {
                return;
            }
            let Some(day) = get(0).and_then(|d| d.parse::<NaiveDate>().ok()) else {
                tally.reject(r.line, "date", "not a YYYY-MM-DD date", &r.raw);
                return;
            };
            let activity = if count(7) > 0 {
                Activity::Post
            } else if count(8) > 0 {
                Activity::React
            } else if count(10) + count(11) > 0 {
                Activity::Meet
            } else if count(9) > 0 {
                Activity::Share
            } else {
                Activity::View
            };
            let client = if flag(4) {
                Client::Desktop
            } else if flag(5) || flag(6) {
                Client::Mobile
            } else {
                Client::Unknown
            };
            tally.event(EventRow {
                ts_us: day
                    .and_hms_opt(0, 0, 0)
                    .map_or(0, |t| t.and_utc().timestamp_micros()),
                person,
                tool: "slack".into(),
                action: "active_day".into(),
                activity,
                category: activity.default_category("slack"),
                client,
                channel: None,
                event_id: format!("slack-analytics:{user}:{day}"),
                counterparts: vec![],
            });
        },
    )?;
    let mut out = tally.finish();
    out.accounts = members.into_values().collect();
    Ok(out)
}
