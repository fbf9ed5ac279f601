//! Reading exports and rosters into the uptake store.
//!
//! A [`Source`] turns one export file into canonical events, rejecting bad records
//! with their line, field and reason; [`ingest`] runs a source over files and folders,
//! skips files already ingested, drops duplicate events and commits atomically.
//! [`read_roster`] validates an HR roster.

mod actions;
mod error;
mod gzip_limit;
mod hashes;
mod identity_import;
mod input;
mod pending;
mod roster_import;
mod run;
mod seen;
mod source;
mod sources;
mod table;
mod text_encoding;
mod timestamp;

pub use actions::activity_of;
pub use error::{Error, Result, RowProblem};
pub use hashes::sha256_file;
pub use identity_import::read_identity_map;
pub use roster_import::{RosterImport, parse_date, read_roster};
pub use run::{IngestOptions, IngestReport, Inputs, Skipped, expand_inputs, ingest};
pub use source::{ColumnReader, EventColumns, ParsedFile, Reject, Source, event_key};
pub use sources::generic::{
    GENERIC_FIELDS, GenericOptions, GenericSource, hashed_event_id, parse_bool, parse_mapping,
    person_key, tool_key,
};
pub use sources::google::{GoogleSource, google_activity, google_tool};
pub use sources::m365_audit::{M365AuditSource, m365_activity, m365_tool};
pub use sources::m365_usage::M365UsageSource;
pub use sources::mattermost::MattermostSource;
pub use sources::slack::SlackSource;
pub use sources::trello::{TRELLO_ACTION_CAP, TrelloSource, trello_activity};
pub use sources::{NATIVE_SOURCES, native_source};
pub use table::Format;
pub use text_encoding::TextEncoding;
pub use timestamp::parse_timestamp;
pub use uptake_store::ROSTER_COLUMNS;
