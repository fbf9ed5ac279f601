use std::path::Path;

use polars::prelude::DataFrame;
use uptake_store::{Account, EventRow};
use xxhash_rust::xxh3::xxh3_64;

use crate::Result;

/// A record that could not become an event, with where it was and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    pub file: String,
    /// Line in a text file (header is line 1) or record number.
    pub line: u64,
    /// The canonical field at fault, or `*` for the record as a whole.
    pub field: String,
    pub reason: String,
    /// The record as read (truncated to 1,000 bytes).
    pub record: String,
}

/// Everything one input file yielded.
#[derive(Debug, Default)]
pub struct ParsedFile {
    /// Records read (the left side of the accounting invariant).
    pub read: u64,
    /// Bot, integration and system records, counted and dropped.
    pub excluded: u64,
    pub events: Vec<EventRow>,
    pub rejects: Vec<Reject>,
    /// What is true of the file as a whole and a reader of the report should know.
    pub warnings: Vec<String>,
    /// The tool accounts the file lists (users, members, licences).
    pub accounts: Vec<Account>,
}

/// One batch of a file read by columns: the events as a frame, with what was counted.
#[derive(Debug)]
pub struct EventColumns {
    /// The events in [`uptake_store::event_schema`] order, without `batch`.
    pub frame: DataFrame,
    /// Each event's [`event_key`], row for row.
    pub keys: Vec<u64>,
    /// Records read, as in [`ParsedFile::read`].
    pub read: u64,
    pub excluded: u64,
    pub rejects: Vec<Reject>,
    /// A UTC day (a [`uptake_store::day_number`]) before which no later batch of the
    /// file has events, when the reader knows one: the run can store those days now.
    pub complete_before: Option<i32>,
}

/// A file being read a batch of rows at a time, so that memory is bounded by a batch.
pub trait ColumnReader {
    /// The next batch, or `None` past the end of the file.
    fn next_batch(&mut self) -> Result<Option<EventColumns>>;

    /// The part of the file's bytes the batches read so far stand for (for progress).
    fn bytes_done(&self) -> u64;

    /// The tool accounts the file lists, as in [`ParsedFile::accounts`]; taken once.
    fn take_accounts(&mut self) -> Vec<Account> {
        Vec::new()
    }
}

/// The key duplicates are recognised by: a 64-bit hash of the `event_id`. Two distinct
/// ids of one day collide with a probability of about n^2 / 2^65 (under 10^-7 for a
/// million events a day).
pub fn event_key(event_id: &str) -> u64 {
    xxh3_64(event_id.as_bytes())
}

/// A kind of export uptake can read. Each file is parsed on its own (in parallel);
/// a file that cannot be read as a whole is an error and nothing of it is stored.
pub trait Source: Sync {
    /// The name used in the manifest and on the command line (`generic`, `slack`, ...).
    fn name(&self) -> &str;

    /// Whether a file found while walking an input folder belongs to this source.
    fn accepts(&self, path: &Path) -> bool;

    /// Whether a folder is itself one input (an unzipped export), not a folder of inputs.
    fn is_unit(&self, _dir: &Path) -> bool {
        false
    }

    fn parse(&self, path: &Path) -> Result<ParsedFile>;

    /// A reader of the file by columns, when this source has one for it: the ingest
    /// then streams the file batch by batch instead of calling [`Source::parse`]. It
    /// must yield the same events, rejects and counts as `parse`.
    fn columns<'a>(&'a self, _path: &Path) -> Result<Option<Box<dyn ColumnReader + 'a>>> {
        Ok(None)
    }
}
