use std::path::Path;

use uptake_store::{Account, EventRow};

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
}
