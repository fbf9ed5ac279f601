//! One ingest run: find the files, skip those already ingested, parse in parallel,
//! drop duplicates, and commit the new events and the rejects atomically.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use rayon::prelude::*;
use uptake_store::{
    EventRow, FileRecord, FileStatus, ProgressHandle, RunCounts, RunRecord, Store, Unit,
};

use crate::hashes::{Hash, InputHashes};
use crate::pending::{FLUSH_ROWS, PendingDays};
use crate::seen::SeenIds;
use crate::{ColumnReader, Error, ParsedFile, Reject, Result, Source};

/// Options of an ingest run.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// Read files again even when their content was ingested before (duplicates are
    /// still dropped by `event_id`).
    pub force: bool,
    /// Told of the bytes parsed and the days written.
    pub progress: ProgressHandle,
}

/// What an ingest run did.
#[derive(Debug, Clone)]
pub struct IngestReport {
    /// The batch id, when the run stored anything (a run that only skipped files has none).
    pub batch: Option<String>,
    pub files: Vec<FileRecord>,
    pub counts: RunCounts,
    /// Interrupted earlier runs that were rolled back before this one.
    pub rolled_back: Vec<String>,
    /// The rejects file, when there were rejects.
    pub rejects: Option<PathBuf>,
    pub ts_min: Option<DateTime<Utc>>,
    pub ts_max: Option<DateTime<Utc>>,
    pub days: Vec<NaiveDate>,
    /// Account records the run's files listed.
    pub accounts: usize,
    /// Entries of the input folders left out (links out of them, link loops).
    pub skipped: Vec<Skipped>,
}

impl IngestReport {
    /// Files that could not be read and stored nothing.
    pub fn failed(&self) -> impl Iterator<Item = &FileRecord> {
        self.files.iter().filter(|f| f.status == FileStatus::Failed)
    }
}

/// An entry of an input folder left out of the run, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

/// The files of an ingest, and the folder entries left out.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    pub files: Vec<PathBuf>,
    pub skipped: Vec<Skipped>,
}

/// Expands folders into the files of `source` they contain, recursively and sorted;
/// hidden files are skipped. Naming a missing path is an error.
///
/// Inside a folder, a symbolic link is followed only when it stays in that folder: a
/// link out of it (to `/etc/shadow`, or to another export) would read what the person
/// running the ingest did not name, and is skipped and reported; so are links that
/// cannot be followed (dangling, or a loop), and a folder reached a second time.
pub fn expand_inputs(source: &dyn Source, inputs: &[PathBuf]) -> Result<Inputs> {
    let mut out = Inputs::default();
    for input in inputs {
        let meta = fs::metadata(input).map_err(Error::io(input))?;
        if meta.is_dir() && source.is_unit(input) {
            links_in_unit(input, &mut out.skipped)?;
            out.files.push(input.clone());
        } else if meta.is_dir() {
            let root = fs::canonicalize(input).map_err(Error::io(input))?;
            let mut walk = Walk {
                source,
                root: &root,
                visited: HashSet::from([root.clone()]),
                out: &mut out,
            };
            walk.folder(input)?;
        } else {
            out.files.push(input.clone());
        }
    }
    let mut seen = HashSet::new();
    out.files.retain(|p| seen.insert(p.clone()));
    Ok(out)
}

/// A folder's entries, sorted by path.
pub(crate) fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(Error::io(dir))?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()
        .map_err(Error::io(dir))?;
    entries.sort();
    Ok(entries)
}

/// Notes the symbolic links inside a folder read as one export (a Slack export folder),
/// which its reader and its hash do not follow: an export never holds one.
fn links_in_unit(dir: &Path, skipped: &mut Vec<Skipped>) -> Result<()> {
    for p in sorted_entries(dir)? {
        let kind = fs::symlink_metadata(&p).map_err(Error::io(&p))?.file_type();
        if kind.is_symlink() {
            skipped.push(Skipped {
                path: p.display().to_string(),
                reason: "a symbolic link inside an export folder: not followed".into(),
            });
        } else if kind.is_dir() {
            links_in_unit(&p, skipped)?;
        }
    }
    Ok(())
}

/// The walk of one input folder.
struct Walk<'a> {
    source: &'a dyn Source,
    /// The folder named, its links resolved.
    root: &'a Path,
    /// Folders read so far, their links resolved: a link back to one is a loop.
    visited: HashSet<PathBuf>,
    out: &'a mut Inputs,
}

impl Walk<'_> {
    fn folder(&mut self, dir: &Path) -> Result<()> {
        for p in sorted_entries(dir)? {
            let hidden = p
                .file_name()
                .is_some_and(|n| n.as_encoded_bytes().starts_with(b"."));
            if hidden {
                continue;
            }
            let is_link = fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink());
            if is_link {
                match fs::canonicalize(&p) {
                    Err(e) => {
                        self.skip(&p, format!("a symbolic link that cannot be followed ({e})"));
                        continue;
                    }
                    Ok(target) if !target.starts_with(self.root) => {
                        self.skip(
                            &p,
                            format!(
                                "a symbolic link out of the input folder {}: not followed",
                                self.root.display()
                            ),
                        );
                        continue;
                    }
                    Ok(_) => {}
                }
            }
            if p.is_dir() {
                let real = fs::canonicalize(&p).map_err(Error::io(&p))?;
                if !self.visited.insert(real) {
                    self.skip(
                        &p,
                        "a folder already read: a symbolic link loop, or a second link to it"
                            .into(),
                    );
                } else if self.source.is_unit(&p) {
                    links_in_unit(&p, &mut self.out.skipped)?;
                    self.out.files.push(p);
                } else {
                    self.folder(&p)?;
                }
            } else if self.source.accepts(&p) {
                self.out.files.push(p);
            }
        }
        Ok(())
    }

    fn skip(&mut self, path: &Path, reason: String) {
        self.out.skipped.push(Skipped {
            path: path.display().to_string(),
            reason,
        });
    }
}

fn new_batch_id(now: DateTime<Utc>) -> String {
    let salt = (now.timestamp_subsec_nanos() ^ std::process::id().rotate_left(16)) & 0xff_ffff;
    format!("{}-{salt:06x}", now.format("%Y%m%dT%H%M%SZ"))
}

/// Ingests `inputs` (files or folders) through `source` into `store`.
///
/// Bad records are rejected and written out; a file that cannot be read stores nothing
/// and is reported as failed, while the other files are still ingested. The store
/// changes only when the whole run commits.
pub fn ingest(
    store: &Store,
    source: &dyn Source,
    inputs: &[PathBuf],
    options: &IngestOptions,
) -> Result<IngestReport> {
    let started_at = Utc::now();
    let Inputs { files, skipped } = expand_inputs(source, inputs)?;
    if files.is_empty() {
        return Err(Error::Usage(format!(
            "no {} input files found in {}{}",
            source.name(),
            inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
            skipped
                .iter()
                .map(|s| format!("; skipped {}: {}", s.path, s.reason))
                .collect::<String>()
        )));
    }
    let _lock = store.lock()?;
    let rolled_back = store.recover()?;
    let manifest = store.manifest()?;

    let hashes = InputHashes::start(&files, &manifest, options.force)?;
    let mut records = Vec::with_capacity(files.len());
    let mut to_parse = Vec::new();
    let mut seen_in_run = HashSet::new();
    for (path, hash) in files.iter().zip(&hashes.now) {
        let (sha256, bytes, already) = match hash {
            Hash::Known(sha256, bytes) => {
                let already =
                    manifest.run_with_file(sha256).is_some() || !seen_in_run.insert(sha256.clone());
                (sha256.clone(), *bytes, already)
            }
            // No ingested file and no other input has its size: it is new. Its hash is
            // filled in once read.
            Hash::WhileReading(bytes) => (String::new(), *bytes, false),
        };
        let status = if already && !options.force {
            FileStatus::AlreadyIngested
        } else {
            to_parse.push(records.len());
            FileStatus::Ingested
        };
        records.push(FileRecord {
            path: path.display().to_string(),
            sha256,
            bytes,
            status,
            error: None,
            counts: RunCounts::default(),
            warnings: Vec::new(),
        });
    }

    let progress = &options.progress;
    let to_read: u64 = to_parse.iter().map(|&i| records[i].bytes).sum();
    progress.begin("reading", to_read, Unit::Bytes);
    // Files the source reads by columns are streamed, in order, below; the others are
    // parsed whole, in parallel, now.
    let mut streams: Vec<Option<Result<Box<dyn ColumnReader + '_>>>> = to_parse
        .iter()
        .map(|&i| source.columns(&files[i]).transpose())
        .collect();
    let streamed: Vec<bool> = streams.iter().map(Option::is_some).collect();
    let mut parsed: Vec<Option<Result<ParsedFile>>> = to_parse
        .par_iter()
        .zip(&streamed)
        .map(|(&i, &streamed)| {
            if streamed {
                return None;
            }
            let clock = std::time::Instant::now();
            let parsed = source.parse(&files[i]);
            progress.advance(records[i].bytes);
            tracing::debug!(
                "{}: parsed in {:.2} s",
                files[i].display(),
                clock.elapsed().as_secs_f64()
            );
            Some(parsed)
        })
        .collect();

    let batch = new_batch_id(started_at);
    let mut seen = SeenIds::default();
    let mut by_day: BTreeMap<NaiveDate, Vec<EventRow>> = BTreeMap::new();
    let mut pending = PendingDays::default();
    let mut tx = None;
    let mut rejects: Vec<Reject> = Vec::new();
    let mut accounts: Vec<uptake_store::Account> = Vec::new();
    let mut tools = BTreeSet::new();
    let (mut ts_min, mut ts_max) = (i64::MAX, i64::MIN);
    for (k, &i) in to_parse.iter().enumerate() {
        let record = &mut records[i];
        if let Some(stream) = streams[k].take() {
            let clock = std::time::Instant::now();
            let mut reader = match stream {
                Ok(r) => r,
                Err(e) => {
                    record.status = FileStatus::Failed;
                    record.error = Some(e.to_string());
                    progress.advance(record.bytes);
                    continue;
                }
            };
            let mut counts = RunCounts::default();
            let mut bytes_before = 0;
            let mut batches = 0;
            // Seconds spent reading and normalising, dropping duplicates, and staging.
            let (mut reading, mut deduping, mut staging) = (0.0, 0.0, 0.0);
            loop {
                let lap = std::time::Instant::now();
                let next = reader.next_batch();
                reading += lap.elapsed().as_secs_f64();
                let columns = match next {
                    Ok(Some(c)) => c,
                    Ok(None) => break,
                    // Nothing of the file is kept yet: it fails alone, as a parsed file would.
                    Err(e) if batches == 0 => {
                        record.status = FileStatus::Failed;
                        record.error = Some(e.to_string());
                        break;
                    }
                    // Part of it is staged and counted: the run fails and stores nothing.
                    Err(e) => return Err(e),
                };
                batches += 1;
                let done = reader.bytes_done();
                progress.advance(done.saturating_sub(bytes_before));
                bytes_before = done;
                let complete_before = columns.complete_before;
                counts.read += columns.read;
                counts.excluded += columns.excluded;
                counts.rejected += columns.rejects.len() as u64;
                rejects.extend(columns.rejects);
                let lap = std::time::Instant::now();
                let kept = seen.keep_new(store, columns.frame, &columns.keys)?;
                deduping += lap.elapsed().as_secs_f64();
                counts.duplicates += kept.duplicates;
                counts.stored += kept.days.len() as u64;
                if let (Some(lo), Some(hi)) = (kept.ts_min, kept.ts_max) {
                    ts_min = ts_min.min(lo);
                    ts_max = ts_max.max(hi);
                }
                tools.extend(kept.tools);
                let lap = std::time::Instant::now();
                pending.add(kept.frame, &kept.days)?;
                let done_with = complete_before.filter(|&day| pending.holds_before(day));
                if pending.rows >= FLUSH_ROWS || done_with.is_some() {
                    let tx = match &mut tx {
                        Some(tx) => tx,
                        None => tx.insert(store.begin(&batch)?),
                    };
                    match done_with {
                        Some(day) if pending.rows < FLUSH_ROWS => pending.flush_before(tx, day)?,
                        _ => pending.flush(tx, true)?,
                    }
                }
                staging += lap.elapsed().as_secs_f64();
            }
            progress.advance(record.bytes.saturating_sub(bytes_before));
            tracing::debug!(
                "{}: read by columns in {:.2} s ({batches} batch(es)): reading {reading:.2} s, \
                 duplicates {deduping:.2} s, staging {staging:.2} s",
                files[i].display(),
                clock.elapsed().as_secs_f64()
            );
            if record.status != FileStatus::Failed {
                debug_assert!(counts.balanced());
                record.counts = counts;
                accounts.extend(reader.take_accounts());
            }
            continue;
        }
        let file = match parsed[k].take() {
            Some(Ok(f)) => f,
            Some(Err(e)) => {
                record.status = FileStatus::Failed;
                record.error = Some(e.to_string());
                continue;
            }
            None => continue,
        };
        let mut counts = RunCounts {
            read: file.read,
            excluded: file.excluded,
            rejected: file.rejects.len() as u64,
            ..Default::default()
        };
        let events = file.events.len() as u64;
        let kept = seen.keep_new_rows(store, file.events)?;
        counts.duplicates = kept.duplicates;
        counts.stored = events - kept.duplicates;
        if let (Some(lo), Some(hi)) = (kept.ts_min, kept.ts_max) {
            ts_min = ts_min.min(lo);
            ts_max = ts_max.max(hi);
        }
        tools.extend(kept.tools);
        for (day, rows) in kept.days {
            match by_day.entry(day) {
                Entry::Vacant(v) => {
                    v.insert(rows);
                }
                Entry::Occupied(mut o) => o.get_mut().extend(rows),
            }
        }
        rejects.extend(file.rejects);
        accounts.extend(file.accounts);
        record.warnings = file.warnings;
        debug_assert!(counts.balanced());
        record.counts = counts;
    }
    progress.end();
    for (i, sha256) in hashes.finish()? {
        records[i].sha256 = sha256;
    }

    let mut counts = RunCounts::default();
    for r in &records {
        counts.add(&r.counts);
    }
    let ts = |us: i64| DateTime::<Utc>::from_timestamp_micros(us);
    let mut report = IngestReport {
        batch: None,
        files: records.clone(),
        counts,
        rolled_back,
        rejects: None,
        ts_min: (ts_min != i64::MAX).then(|| ts(ts_min)).flatten(),
        ts_max: (ts_max != i64::MIN).then(|| ts(ts_max)).flatten(),
        days: by_day
            .keys()
            .copied()
            .chain(pending.days_seen.iter().copied())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect(),
        accounts: accounts.len(),
        skipped,
    };
    if to_parse.is_empty() {
        return Ok(report);
    }

    let mut tx = match tx {
        Some(tx) => tx,
        None => store.begin(&batch)?,
    };
    let lap = std::time::Instant::now();
    pending.flush(&mut tx, false)?;
    tx.finish_writes()?;
    tracing::debug!(
        "staged the last days in {:.2} s",
        lap.elapsed().as_secs_f64()
    );
    progress.begin("storing", by_day.len() as u64, Unit::Days);
    let lap = std::time::Instant::now();
    let days_read = by_day.len();
    // A month of days at a time, so that progress moves on a long run.
    let mut days = by_day.into_iter().peekable();
    while days.peek().is_some() {
        let month: Vec<(NaiveDate, Vec<EventRow>)> = days.by_ref().take(31).collect();
        let n = month.len() as u64;
        tx.write_day_rows(month)?;
        progress.advance(n);
    }
    progress.end();
    if days_read > 0 {
        tracing::debug!(
            "stored {days_read} day(s) read record by record in {:.2} s",
            lap.elapsed().as_secs_f64()
        );
    }
    tx.write_accounts(&accounts)?;
    let rejects_rel = if rejects.is_empty() {
        None
    } else {
        Some(tx.write_rejects(&rejects_csv(&rejects, &batch))?)
    };
    tx.commit(RunRecord {
        batch: batch.clone(),
        source: source.name().to_string(),
        started_at,
        finished_at: Utc::now(),
        files: records,
        counts,
        tools: tools.into_iter().collect(),
        ts_min: report.ts_min,
        ts_max: report.ts_max,
        days: report.days.clone(),
        rejects: rejects_rel.clone(),
    })?;
    report.batch = Some(batch);
    report.rejects = rejects_rel.map(|r| store.root().join(r));
    Ok(report)
}

fn rejects_csv(rejects: &[Reject], batch: &str) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail; the expect documents it rather than hides it.
    w.write_record(["batch", "file", "line", "field", "reason", "record"])
        .expect("in-memory write");
    for r in rejects {
        w.write_record([
            batch,
            &inert(&r.file),
            &r.line.to_string(),
            &inert(&r.field),
            &inert(&r.reason),
            &inert(&r.record),
        ])
        .expect("in-memory write");
    }
    w.into_inner().expect("in-memory write")
}

/// A cell a spreadsheet will not run: one starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return is a formula to Excel and LibreOffice (`=HYPERLINK(...)` in an
/// export would send whoever opens the rejects to a site of its author's choosing), so
/// it is prefixed with `'`, which they read as "text" (docs/data-model.md).
fn inert(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reject_cells_that_a_spreadsheet_would_run_are_prefixed() {
        let reject = |field: &str, record: &str| Reject {
            file: "@in.csv".into(),
            line: 3,
            field: field.into(),
            reason: "-bad".into(),
            record: record.into(),
        };
        let text = rejects_csv(
            &[
                reject("ts", "=HYPERLINK(\"http://x\";\"y\")"),
                reject("+x", "a=b,-1"),
            ],
            "b1",
        );
        let mut rows = csv::Reader::from_reader(&text[..]);
        let rows: Vec<Vec<String>> = rows
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
        assert_eq!(
            rows,
            [
                [
                    "b1",
                    "'@in.csv",
                    "3",
                    "ts",
                    "'-bad",
                    "'=HYPERLINK(\"http://x\";\"y\")"
                ],
                ["b1", "'@in.csv", "3", "'+x", "'-bad", "a=b,-1"],
            ]
        );
    }
}
