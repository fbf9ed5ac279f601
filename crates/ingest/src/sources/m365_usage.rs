//! Microsoft Graph usage report CSVs (`getTeamsUserActivityUserDetail`,
//! `getOffice365ActiveUserDetail`): per-user snapshots, not events. Each user's last
//! activity date per product becomes one dated observation, and licences become account
//! records, so that weekly downloads build a history; mapping in docs/sources/m365-usage.md.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use uptake_store::{Account, Activity, Category, Client, EventRow};

use super::common::Tally;
use crate::table::{Format, RawRecord, Selection, csv_header, read_records};
use crate::{Error, ParsedFile, Result, Source};

/// Reads usage report CSVs: `ingest m365-usage TeamsUserActivityUserDetail*.csv`.
#[derive(Debug, Clone, Default)]
pub struct M365UsageSource;

/// (product column prefix, uptake tool, activity, category) in the Office 365 active
/// user detail report.
const PRODUCTS: &[(&str, &str, Activity, Category)] = &[
    ("Exchange", "outlook", Activity::Post, Category::Messaging),
    ("OneDrive", "onedrive", Activity::Edit, Category::Documents),
    (
        "SharePoint",
        "sharepoint",
        Activity::Edit,
        Category::Documents,
    ),
    ("Teams", "teams", Activity::Post, Category::Messaging),
    ("Yammer", "viva-engage", Activity::Post, Category::Messaging),
    (
        "Skype For Business",
        "skype",
        Activity::Call,
        Category::Meetings,
    ),
];

const TEAMS_MESSAGES: &[&str] = &[
    "Team Chat Message Count",
    "Private Chat Message Count",
    "Post Messages",
    "Reply Messages",
];
const TEAMS_MEETINGS: &[&str] = &["Call Count", "Meeting Count", "Meetings Attended Count"];

enum Report {
    TeamsDetail,
    ActiveUserDetail,
}

fn date(v: Option<&str>) -> Option<NaiveDate> {
    // Graph writes ISO dates; a file resaved by a spreadsheet in another order is refused
    // rather than guessed.
    NaiveDate::parse_from_str(v?.trim(), "%Y-%m-%d").ok()
}

impl Source for M365UsageSource {
    fn name(&self) -> &str {
        "m365-usage"
    }

    fn accepts(&self, path: &Path) -> bool {
        let name = path.to_string_lossy().to_ascii_lowercase();
        name.ends_with(".csv") || name.ends_with(".csv.gz")
    }

    fn parse(&self, path: &Path) -> Result<ParsedFile> {
        let header = csv_header(
            path,
            crate::text_encoding::TextEncoding::Named(encoding_rs::UTF_8),
        )?;
        let has = |c: &str| header.iter().any(|h| h.eq_ignore_ascii_case(c));
        let report = if has("Team Chat Message Count") {
            Report::TeamsDetail
        } else if has("Has Exchange License") {
            Report::ActiveUserDetail
        } else {
            return Err(Error::read(
                path,
                format!(
                    "not a Teams user activity detail nor an Office 365 active user detail report (columns are: {})",
                    header.join(", ")
                ),
            ));
        };
        if !has("User Principal Name") {
            return Err(Error::read(path, "no `User Principal Name` column"));
        }
        let index: HashMap<String, usize> = header
            .iter()
            .enumerate()
            .map(|(i, h)| (h.to_ascii_lowercase(), i))
            .collect();
        let mut tally = Tally::new(path);
        let mut accounts = Vec::new();
        let mut concealed = 0u64;
        read_records(
            path,
            Format::Csv,
            crate::text_encoding::TextEncoding::Named(encoding_rs::UTF_8),
            Selection::All,
            &mut |_| {},
            &mut |r: RawRecord| {
                if let Some((field, reason)) = r.error {
                    tally.reject(r.line, &field, reason, &r.raw);
                    return;
                }
                let get = |c: &str| {
                    index
                        .get(&c.to_ascii_lowercase())
                        .and_then(|&i| r.values.get(i))
                        .and_then(|v| v.as_deref())
                        .map(str::trim)
                        .filter(|v| !v.is_empty())
                };
                let Some(upn) = get("User Principal Name").map(str::to_lowercase) else {
                    tally.reject(r.line, "User Principal Name", "empty", &r.raw);
                    return;
                };
                if !upn.contains('@') {
                    concealed += 1;
                }
                let deleted = get("Is Deleted").is_some_and(|v| v.eq_ignore_ascii_case("true"));
                let deactivated = if deleted {
                    date(get("Deleted Date"))
                } else {
                    None
                };
                let count = |cols: &[&str]| -> u64 {
                    cols.iter()
                        .filter_map(|c| get(c).and_then(|v| v.parse::<u64>().ok()))
                        .sum()
                };
                let mut observe =
                    |tool: &str, activity: Activity, category: Category, column: &str| {
                        let Some(raw) = get(column) else { return };
                        let Some(day) = date(Some(raw)) else {
                            tally.reject(
                                r.line,
                                column,
                                format!("`{raw}` is not a date (YYYY-MM-DD)"),
                                &r.raw,
                            );
                            return;
                        };
                        let ts_us = day
                            .and_hms_opt(0, 0, 0)
                            .map_or(0, |t| t.and_utc().timestamp_micros());
                        tally.event(EventRow {
                            ts_us,
                            person: upn.clone(),
                            tool: tool.into(),
                            action: "last_activity".into(),
                            activity,
                            category,
                            client: Client::Unknown,
                            channel: None,
                            event_id: format!("m365-usage:{tool}:{upn}:{day}"),
                            counterparts: vec![],
                        });
                    };
                match report {
                    Report::TeamsDetail => {
                        let (activity, category) = if count(TEAMS_MESSAGES) > 0 {
                            (Activity::Post, Category::Messaging)
                        } else if count(TEAMS_MEETINGS) > 0 {
                            (Activity::Meet, Category::Meetings)
                        } else {
                            (Activity::Other, Category::Social)
                        };
                        observe("teams", activity, category, "Last Activity Date");
                        accounts.push(Account {
                            tool: "teams".into(),
                            account: upn.clone(),
                            person: upn.clone(),
                            deactivated,
                            ..Default::default()
                        });
                    }
                    Report::ActiveUserDetail => {
                        for &(product, tool, activity, category) in PRODUCTS {
                            observe(
                                tool,
                                activity,
                                category,
                                &format!("{product} Last Activity Date"),
                            );
                            let licensed = get(&format!("Has {product} License"))
                                .is_some_and(|v| v.eq_ignore_ascii_case("true"));
                            if licensed {
                                accounts.push(Account {
                                    tool: tool.into(),
                                    account: upn.clone(),
                                    person: upn.clone(),
                                    name: get("Display Name").map(str::to_string),
                                    licensed: date(get(&format!("{product} License Assign Date"))),
                                    deactivated,
                                    ..Default::default()
                                });
                            }
                        }
                    }
                }
            },
        )?;
        let mut out = tally.finish();
        out.accounts = accounts;
        if concealed > 0 {
            out.warnings.push(format!(
                "{concealed} user name(s) are concealed (no `@`): the tenant hides names in usage reports \
                 (Microsoft 365 admin center, Settings, Org settings, Reports); they cannot match the roster"
            ));
        }
        Ok(out)
    }
}
