//! Adoption metrics: the daily rollup over stored events, and every metric computed
//! from it and the roster, each following one written definition ([`DEFINITIONS`],
//! docs/metrics.md).
//!
//! [`refresh_rollup`] keeps the person x day x tool x category rollup up to date (one
//! SQL aggregation, [`rollup_sql`]); [`ActivityIndex`] loads it once as each person's
//! sorted active days, which every metric sweeps once.

mod activation;
mod activity;
mod breadth;
mod calendar;
mod daily;
mod definitions;
mod error;
mod ghosts;
mod lifecycle;
mod population;
mod retention;
mod rollup;
mod segments;
mod status;
mod summary;
mod table;

pub use activation::{ACTIVATION_COLUMNS, KmStep, Observation, activation, kaplan_meier, km_table};
pub use activity::{ActiveDay, ActivityFilter, ActivityIndex, Level};
pub use breadth::breadth;
pub use calendar::{Day, Period, date_of, day_of};
pub use daily::{DAILY_COLUMNS, daily};
pub use definitions::{DEFINITIONS, definitions_text};
pub use error::{Error, Result};
pub use ghosts::{GHOST_COLUMNS, ghosts};
pub use lifecycle::{Lifecycle, State, lifecycle, lifecycle_table, transitions_table};
pub use population::{Member, by_segment, population, segment_columns};
pub use retention::{cohorts, retention_table};
pub use rollup::{
    RollupRefresh, refresh_rollup, rollup_day, rollup_in_zone, rollup_sql, scan_rollup,
};
pub use segments::{SEGMENT_COLUMNS, Usage, segments, usage};
pub use status::{GhostKind, Standing, Windows, standing};
pub use summary::{SUMMARY_COLUMNS, median, summary};
pub use table::{Table, Value};
