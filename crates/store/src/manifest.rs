use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::{Error, Result, write_atomic};

/// Row accounting of an ingest run or file. The invariant
/// `read = stored + duplicates + rejected + excluded` holds for every file and run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunCounts {
    /// Records read from the input.
    pub read: u64,
    /// New events written to the store.
    pub stored: u64,
    /// Events whose `event_id` was already stored, or seen earlier in the same run.
    pub duplicates: u64,
    /// Records that could not be normalised (written to `rejects/` with a reason).
    pub rejected: u64,
    /// Bot, integration and system records: counted, never stored.
    pub excluded: u64,
}

impl RunCounts {
    pub fn add(&mut self, other: &RunCounts) {
        self.read += other.read;
        self.stored += other.stored;
        self.duplicates += other.duplicates;
        self.rejected += other.rejected;
        self.excluded += other.excluded;
    }

    /// Whether the accounting invariant holds.
    pub fn balanced(&self) -> bool {
        self.read == self.stored + self.duplicates + self.rejected + self.excluded
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileStatus {
    /// Read and stored (possibly with rejects).
    Ingested,
    /// Same content hash as a file of an earlier run: not read again.
    AlreadyIngested,
    /// Could not be read as a whole; nothing of it was stored.
    Failed,
}

/// What one run did with one input file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileRecord {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
    pub status: FileStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub counts: RunCounts,
    /// What the reader noticed about the file as a whole (e.g. an export cap reached).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// One committed ingest run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    pub batch: String,
    /// The source kind, e.g. `generic`, `slack`.
    pub source: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub files: Vec<FileRecord>,
    pub counts: RunCounts,
    /// Tools that received events in this run.
    pub tools: Vec<String>,
    pub ts_min: Option<DateTime<Utc>>,
    pub ts_max: Option<DateTime<Utc>>,
    /// Day partitions this run wrote to.
    pub days: Vec<NaiveDate>,
    /// Path of the rejects file, relative to the store root, when there were rejects.
    pub rejects: Option<String>,
}

/// A roster import, as recorded in the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RosterRecord {
    pub path: String,
    pub sha256: String,
    pub people: u64,
    pub imported_at: DateTime<Utc>,
}

/// The store's record of every committed write.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub version: u32,
    pub runs: Vec<RunRecord>,
    #[serde(default)]
    pub roster: Option<RosterRecord>,
    /// The identity map import (`people` counts its aliases).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identities: Option<RosterRecord>,
}

impl Default for Manifest {
    fn default() -> Self {
        Manifest {
            version: 1,
            runs: Vec::new(),
            roster: None,
            identities: None,
        }
    }
}

impl Manifest {
    pub(crate) fn load(path: &Path) -> Result<Manifest> {
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|source| Error::Manifest {
                path: path.to_path_buf(),
                source,
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Manifest::default()),
            Err(e) => Err(Error::io(path)(e)),
        }
    }

    pub(crate) fn save(&self, path: &Path) -> Result<()> {
        let bytes = serde_json::to_vec_pretty(self).map_err(|source| Error::Manifest {
            path: path.to_path_buf(),
            source,
        })?;
        write_atomic(path, &bytes)
    }

    /// The committed run that already ingested a file with this content hash, if any.
    pub fn run_with_file(&self, sha256: &str) -> Option<&RunRecord> {
        self.runs.iter().find(|r| {
            r.files
                .iter()
                .any(|f| f.sha256 == sha256 && f.status == FileStatus::Ingested)
        })
    }

    pub fn has_batch(&self, batch: &str) -> bool {
        self.runs.iter().any(|r| r.batch == batch)
    }

    /// Totals over every committed run.
    pub fn totals(&self) -> RunCounts {
        let mut t = RunCounts::default();
        for r in &self.runs {
            t.add(&r.counts);
        }
        t
    }
}
