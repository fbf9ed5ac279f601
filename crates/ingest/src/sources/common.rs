//! What the JSON- and CSV-based native sources share: reading a whole JSON document,
//! and tallying read, excluded, stored and rejected records the same way.

use std::io::Read;
use std::path::Path;

use serde_json::Value;
use uptake_store::EventRow;

use crate::input::open_input;
use crate::{Error, ParsedFile, Reject, Result};

/// Reads one JSON document (the file may be gzipped). Invalid JSON fails the whole file,
/// with the line and column serde reports.
pub(crate) fn read_json(path: &Path) -> Result<Value> {
    let mut bytes = Vec::new();
    open_input(path)?
        .read_to_end(&mut bytes)
        .map_err(Error::io(path))?;
    serde_json::from_slice(&bytes).map_err(|e| Error::read(path, format!("invalid JSON: {e}")))
}

/// A string found at a JSON pointer (`/actor/email`), trimmed, when not empty.
pub(crate) fn text<'a>(v: &'a Value, pointer: &str) -> Option<&'a str> {
    v.pointer(pointer)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// The tally of one input file, kept so that read = stored + rejected + excluded
/// (duplicates are settled later, against the store).
pub(crate) struct Tally {
    file: String,
    pub(crate) out: ParsedFile,
}

impl Tally {
    pub(crate) fn new(path: &Path) -> Tally {
        Tally {
            file: path.display().to_string(),
            out: ParsedFile::default(),
        }
    }

    pub(crate) fn event(&mut self, e: EventRow) {
        self.out.read += 1;
        self.out.events.push(e);
    }

    /// A record from a bot, an integration or the system: counted, not stored.
    pub(crate) fn excluded(&mut self) {
        self.out.read += 1;
        self.out.excluded += 1;
    }

    pub(crate) fn reject(&mut self, line: u64, field: &str, reason: impl Into<String>, raw: &str) {
        self.out.read += 1;
        self.out.rejects.push(Reject {
            file: self.file.clone(),
            line,
            field: field.into(),
            reason: reason.into(),
            record: raw.chars().take(1000).collect(),
        });
    }

    pub(crate) fn finish(self) -> ParsedFile {
        self.out
    }
}
