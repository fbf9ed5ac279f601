//! One module per kind of export (mapping tables in docs/sources/).

mod common;
pub mod generic;
mod generic_columns;
mod generic_csv;
pub mod google;
pub mod m365_audit;
pub mod m365_usage;
pub mod mattermost;
pub mod slack;
mod slack_analytics;
mod slack_columns;
mod slack_day;
mod slack_export;
pub mod trello;

use crate::Source;

/// The native sources by their command-line name (`generic` needs options, so is not here).
pub const NATIVE_SOURCES: &[&str] = &[
    "slack",
    "m365-audit",
    "m365-usage",
    "google",
    "trello",
    "mattermost",
];

/// The reader of a native export kind, by its command-line name.
pub fn native_source(name: &str) -> Option<Box<dyn Source>> {
    Some(match name {
        "slack" => Box::new(slack::SlackSource),
        "m365-audit" => Box::new(m365_audit::M365AuditSource),
        "m365-usage" => Box::new(m365_usage::M365UsageSource),
        "google" => Box::new(google::GoogleSource),
        "trello" => Box::new(trello::TrelloSource),
        "mattermost" => Box::new(mattermost::MattermostSource),
        _ => return None,
    })
}
