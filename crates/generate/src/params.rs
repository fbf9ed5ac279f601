use std::path::PathBuf;

use chrono::NaiveDate;

/// How generated events are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// `events.csv`, the generic ingest's canonical columns.
    Csv,
    /// `events.parquet`, the same columns.
    Parquet,
    /// `slack-export.zip`, a Slack workspace export.
    Slack,
    /// `m365-audit.csv`, a Purview unified audit log export.
    M365Audit,
    /// `m365-usage/`, weekly Office 365 active user detail reports (Teams and SharePoint
    /// last activity dates only: snapshots, not events).
    M365Usage,
    /// `google-activity.jsonl`, Reports API activities.
    Google,
    /// `trello-actions.json`, Trello actions, with `identities.csv` for their usernames.
    Trello,
    /// `mattermost-export.jsonl`, a Mattermost bulk export.
    Mattermost,
}

impl OutputFormat {
    /// The file this format writes into the output folder.
    pub fn file_name(self) -> &'static str {
        match self {
            OutputFormat::Csv => "events.csv",
            OutputFormat::Parquet => "events.parquet",
            OutputFormat::Slack => "slack-export.zip",
            OutputFormat::M365Audit => "m365-audit.csv",
            OutputFormat::M365Usage => "m365-usage",
            OutputFormat::Google => "google-activity.jsonl",
            OutputFormat::Trello => "trello-actions.json",
            OutputFormat::Mattermost => "mattermost-export.jsonl",
        }
    }

    /// Whether this is the canonical event table rather than a tool's own export.
    pub fn is_canonical(self) -> bool {
        matches!(self, OutputFormat::Csv | OutputFormat::Parquet)
    }
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
    /// Formats written side by side from the same simulation. With a native format and
    /// `Trello`, the task tool's events go to Trello and the rest to the other format.
    pub formats: Vec<OutputFormat>,
    /// Strength of the managers' example and of team ambassadors on a person's chance
    /// to start; 0 switches an effect off (to check that effects are not invented).
    pub manager_effect: f64,
    pub ambassador_effect: f64,
    /// Told of each day simulated.
    pub progress: uptake_store::ProgressHandle,
}

impl GenerateOptions {
    pub fn new(out: impl Into<PathBuf>) -> Self {
        GenerateOptions {
            people: 300,
            days: 270,
            seed: 1,
            start: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default(),
            out: out.into(),
            formats: vec![OutputFormat::Csv],
            manager_effect: 1.5,
            ambassador_effect: 1.5,
            progress: Default::default(),
        }
    }
}
