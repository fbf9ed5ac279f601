use std::path::PathBuf;

use chrono::NaiveDate;

/// How generated events are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// `events.csv`, the generic ingest's canonical columns.
    Csv,
    /// `events.parquet`, the same columns.
    Parquet,
}

/// Parameters of a generated organisation.
#[derive(Debug, Clone)]
pub struct GenerateOptions {
    /// Head-count over the whole period, new hires included.
    pub people: usize,
    /// Days simulated from `start`.
    pub days: u32,
    pub seed: u64,
    /// First day: the pilot starts then, the roll-out (`t0`) four weeks later.
    pub start: NaiveDate,
    pub out: PathBuf,
    pub format: OutputFormat,
    /// Strength of the managers' example and of team ambassadors on a person's chance
    /// to start; 0 switches an effect off (to check that effects are not invented).
    pub manager_effect: f64,
    pub ambassador_effect: f64,
}

impl GenerateOptions {
    pub fn new(out: impl Into<PathBuf>) -> Self {
        GenerateOptions {
            people: 300,
            days: 270,
            seed: 1,
            start: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default(),
            out: out.into(),
            format: OutputFormat::Csv,
            manager_effect: 1.5,
            ambassador_effect: 1.5,
        }
    }
}
