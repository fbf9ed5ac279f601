//! The canonical data model of uptake and its on-disk store.
//!
//! Every source is normalised into [`EventBatch`] rows (one row per user action, see
//! `docs/data-model.md`) and stored by [`Store`] as Parquet, Hive-partitioned by UTC day
//! (`events/date=YYYY-MM-DD/part-<batch>-<n>.parquet`), next to the roster, a manifest of
//! ingest runs and the rejected records. Writes go through a [`Transaction`]: files are
//! staged, moved into place and only then recorded in the manifest, so a run that fails
//! or is killed leaves the store as it was (see [`Store::open`], which rolls such a run back).

mod accounts;
mod atomic;
mod error;
mod event;
mod identities;
mod manifest;
mod progress;
mod roster;
mod store;
mod summary;
mod taxonomy;
mod threads;

pub use accounts::{ACCOUNT_COLUMNS, Account};
pub use atomic::write_atomic;
pub use error::{Error, Result};
pub use event::{EventBatch, EventRow, counterparts_column, date_of_day, day_number, event_schema};
pub use identities::IdentityMap;
pub use manifest::{FileRecord, FileStatus, Manifest, RosterRecord, RunCounts, RunRecord};
pub use progress::{Progress, ProgressHandle, Unit};
pub use roster::{Person, ROSTER_COLUMNS, Roster};
pub use store::{Store, Transaction, WriteLock, event_scan_args, scan_day_partitions};
pub use summary::{StoreSummary, ToolCoverage};
pub use taxonomy::{Activity, Category, Client};
pub use threads::map_on_threads;
