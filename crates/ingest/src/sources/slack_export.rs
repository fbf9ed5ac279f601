//! A Slack export, as a zip or the folder it was extracted to: its users and its
//! conversation day files, read a batch at a time in date order.

use std::fs;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use foldhash::HashMap;
use serde_json::Value;

use super::slack_day::{Account, DayCounts, DaySink, account_records, accounts, parse_day};
use crate::{Error, Result};

/// Largest zip entry read, and largest expansion ratio accepted (zip-bomb guard).
const MAX_ENTRY_BYTES: u64 = 512 << 20;
const MAX_RATIO: u64 = 200;

/// Raw day files read at once, before they are parsed in parallel and dropped: the
/// export's JSON is never held whole.
const BATCH_BYTES: usize = 8 << 20;

/// An export, as a zip or as the folder it was extracted to. Entries are read one at a
/// time, by their path inside the export (`general/2024-03-01.json`).
enum Export {
    Zip(zip::ZipArchive<Buffered>),
    Dir(PathBuf),
}

/// A file of an export: its path inside the export, and its size as stored (packed,
/// in a zip).
struct Entry {
    name: String,
    bytes: u64,
    /// Its index in a zip.
    index: Option<usize>,
}

impl Export {
    fn open(path: &Path) -> Result<Export> {
        if path.is_dir() {
            return Ok(Export::Dir(path.to_path_buf()));
        }
        let file = Buffered::new(fs::File::open(path).map_err(Error::io(path))?);
        zip::ZipArchive::new(file)
            .map(Export::Zip)
            .map_err(|e| Error::read(path, format!("not a readable zip archive: {e}")))
    }

    /// The files of the export, sorted by name.
    fn entries(&mut self, path: &Path) -> Result<Vec<Entry>> {
        let mut out = Vec::new();
        match self {
            Export::Zip(zip) => {
                for i in 0..zip.len() {
                    let entry = zip
                        .by_index_raw(i)
                        .map_err(|e| Error::read(path, format!("zip entry {i}: {e}")))?;
                    if entry.is_dir() {
                        continue;
                    }
                    // The name is only a key: entries are read in memory, never extracted.
                    // Some Windows zippers write `\` between folders.
                    let name = entry
                        .name()
                        .map_err(|e| {
                            Error::read(path, format!("zip entry {i}: unreadable name: {e}"))
                        })?
                        .replace('\\', "/")
                        .trim_start_matches("./")
                        .to_string();
                    // macOS Finder's "Compress" adds the resource forks of the files.
                    if name.starts_with("__MACOSX/") {
                        continue;
                    }
                    out.push(Entry {
                        name,
                        bytes: entry.compressed_size(),
                        index: Some(i),
                    });
                }
            }
            Export::Dir(root) => collect_dir(root, root, &mut out)?,
        }
        if matches!(self, Export::Zip(_)) {
            strip_top_folder(&mut out);
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    /// The content of the file `name`, found by its `index` in a zip.
    fn read(&mut self, path: &Path, name: &str, index: Option<usize>) -> Result<Vec<u8>> {
        match self {
            Export::Dir(root) => {
                let p = root.join(name);
                fs::read(&p).map_err(Error::io(&p))
            }
            Export::Zip(zip) => {
                let index = index
                    .ok_or_else(|| Error::read(path, format!("zip entry `{name}` vanished")))?;
                let mut entry = zip
                    .by_index(index)
                    .map_err(|e| Error::read(path, format!("zip entry `{name}`: {e}")))?;
                let (size, packed) = (entry.size(), entry.compressed_size());
                if size > MAX_ENTRY_BYTES || (packed > 0 && size / packed > MAX_RATIO) {
                    return Err(Error::read(
                        path,
                        format!(
                            "zip entry `{name}` expands to {size} bytes from {packed}: refused as a possible zip bomb"
                        ),
                    ));
                }
                let mut bytes = Vec::with_capacity(size as usize);
                (&mut entry)
                    .take(MAX_ENTRY_BYTES + 1)
                    .read_to_end(&mut bytes)
                    .map_err(|e| Error::read(path, format!("zip entry `{name}`: {e}")))?;
                Ok(bytes)
            }
        }
    }
}

/// A file read through a buffer that a seek keeps. The zip reader seeks before each
/// entry's header and again before its data (and reads the central directory a few bytes
/// at a time): through `BufReader`, whose seeks drop the buffer, that was about 175,000
/// `lseek` and 117,000 `read` calls for an export of 58,000 day files.
struct Buffered {
    file: fs::File,
    /// Where the next read starts.
    pos: u64,
    buf: Vec<u8>,
    /// Where `buf` starts in the file.
    start: u64,
}

impl Buffered {
    const CAPACITY: usize = 256 << 10;

    fn new(file: fs::File) -> Buffered {
        Buffered {
            file,
            pos: 0,
            buf: Vec::new(),
            start: 0,
        }
    }
}

impl Read for Buffered {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let end = self.start + self.buf.len() as u64;
        if self.pos < self.start || self.pos >= end {
            self.file.seek(SeekFrom::Start(self.pos))?;
            if out.len() >= Self::CAPACITY {
                let n = self.file.read(out)?;
                self.pos += n as u64;
                return Ok(n);
            }
            self.buf.resize(Self::CAPACITY, 0);
            let n = self.file.read(&mut self.buf)?;
            self.buf.truncate(n);
            self.start = self.pos;
            if n == 0 {
                return Ok(0);
            }
        }
        let at = (self.pos - self.start) as usize;
        let n = out.len().min(self.buf.len() - at);
        out[..n].copy_from_slice(&self.buf[at..at + n]);
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for Buffered {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let (base, delta) = match to {
            SeekFrom::Start(p) => (p, 0),
            SeekFrom::End(d) => (self.file.metadata()?.len(), d),
            SeekFrom::Current(d) => (self.pos, d),
        };
        self.pos = base
            .checked_add_signed(delta)
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "seek before the start"))?;
        Ok(self.pos)
    }
}

/// A zip of the export's folder (`zip -r export.zip slack/`, or the "Compress" of Windows
/// Explorer and macOS Finder) holds every file under one top folder: the names are then
/// taken inside it. Entries of a zip are read by their index, so a name is only a key.
fn strip_top_folder(entries: &mut [Entry]) {
    if entries.iter().any(|e| e.name == "users.json") {
        return;
    }
    let Some((top, _)) = entries.first().and_then(|e| e.name.split_once('/')) else {
        return;
    };
    let prefix = format!("{top}/");
    if !entries.iter().all(|e| e.name.starts_with(&prefix)) {
        return;
    }
    for e in entries.iter_mut() {
        e.name.drain(..prefix.len());
    }
}

fn collect_dir(root: &Path, dir: &Path, out: &mut Vec<Entry>) -> Result<()> {
    for entry in fs::read_dir(dir).map_err(Error::io(dir))? {
        let entry = entry.map_err(Error::io(dir))?;
        let p: PathBuf = entry.path();
        // Not followed: a link could lead out of the export, or back into it (the run
        // reports them, run.rs).
        let kind = entry.file_type().map_err(Error::io(&p))?;
        if kind.is_symlink() {
            continue;
        }
        if kind.is_dir() {
            collect_dir(root, &p, out)?;
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(Entry {
                name: p
                    .strip_prefix(root)
                    .unwrap_or(&p)
                    .to_string_lossy()
                    .replace('\\', "/"),
                bytes: entry.metadata().map_err(Error::io(&p))?.len(),
                index: None,
            });
        }
    }
    Ok(())
}

/// A conversation day file, `channel/YYYY-MM-DD.json`.
pub(super) struct DayFile {
    pub name: String,
    /// Where the channel's name ends in `name`.
    channel_end: usize,
    /// Its size as stored.
    bytes: u64,
    index: Option<usize>,
}

impl DayFile {
    fn new(entry: Entry) -> Option<DayFile> {
        let (channel, file) = entry.name.rsplit_once('/')?;
        let date = file.strip_suffix(".json")?;
        let day_file = date.len() == 10 && date.as_bytes()[4] == b'-' && !channel.contains('/');
        let channel_end = channel.len();
        day_file.then_some(DayFile {
            channel_end,
            name: entry.name,
            bytes: entry.bytes,
            index: entry.index,
        })
    }

    pub fn channel(&self) -> &str {
        &self.name[..self.channel_end]
    }

    /// The `YYYY-MM-DD` of its name.
    fn date(&self) -> &str {
        &self.name[self.channel_end + 1..self.channel_end + 11]
    }
}

/// What the parsing of a batch of day files needs besides the files' bytes.
pub(super) struct Context {
    /// The export as rejects name it.
    pub file: String,
    pub users: HashMap<String, Account>,
    pub days: Vec<DayFile>,
}

impl Context {
    /// Reads the inflated day file `file` of a batch into `sink`.
    pub fn parse_day(&self, file: &(usize, Vec<u8>), sink: &mut impl DaySink) -> DayCounts {
        let (i, bytes) = file;
        let day = &self.days[*i];
        parse_day(
            &self.file,
            &day.name,
            day.channel(),
            bytes,
            &self.users,
            sink,
        )
    }
}

/// Inflated day files: (index in [`Context::days`], content).
pub(super) type Batch = Vec<(usize, Vec<u8>)>;

/// An export read a batch of day files at a time, in date order (then by channel), so
/// that the days read are done with early; the next batch is inflated while the one
/// before is parsed.
pub(super) struct DayFiles {
    path: PathBuf,
    export: Export,
    pub context: Context,
    /// The first day file not yet inflated.
    next: usize,
    /// The batch inflated ahead.
    ahead: Option<Batch>,
    /// Where the batches parsed so far end in the day files.
    parsed: usize,
    /// The export's size: its file's, or its folder's files' together.
    total_bytes: u64,
    /// Inflated bytes that make a batch.
    pub batch_bytes: usize,
    /// The size of the day files parsed so far.
    parsed_bytes: u64,
}

impl DayFiles {
    /// Opens the export at `path` and reads its users.json, whose accounts it returns.
    pub fn open(path: &Path) -> Result<(DayFiles, Vec<uptake_store::Account>)> {
        let mut export = Export::open(path)?;
        let entries = export.entries(path)?;
        let Some(users) = entries.iter().find(|e| e.name == "users.json") else {
            return Err(Error::read(
                path,
                "no users.json: not a Slack export (users.json must be at the top of the \
                 export, or of its single top folder in a zip)",
            ));
        };
        let users_json: Vec<Value> =
            serde_json::from_slice(&export.read(path, "users.json", users.index)?)
                .map_err(|e| Error::read(path, format!("users.json: invalid JSON: {e}")))?;
        let records = account_records(&users_json);
        drop(users_json);
        let total_bytes = match export {
            Export::Zip(_) => fs::metadata(path).map_err(Error::io(path))?.len(),
            Export::Dir(_) => entries.iter().map(|e| e.bytes).sum(),
        };
        let mut days: Vec<DayFile> = entries.into_iter().filter_map(DayFile::new).collect();
        days.sort_by(|a, b| a.date().cmp(b.date()).then_with(|| a.name.cmp(&b.name)));
        let files = DayFiles {
            path: path.to_path_buf(),
            export,
            context: Context {
                file: path.display().to_string(),
                users: accounts(&records),
                days,
            },
            next: 0,
            ahead: None,
            parsed: 0,
            total_bytes,
            batch_bytes: BATCH_BYTES,
            parsed_bytes: 0,
        };
        Ok((files, records))
    }

    /// The next batch of day files parsed by `parse`, while the batch after it is
    /// inflated; `None` past the last day file.
    pub fn next_batch<T: Send>(
        &mut self,
        parse: impl FnOnce(&Batch, &Context) -> T + Send,
    ) -> Result<Option<T>> {
        let batch = match self.ahead.take() {
            Some(batch) => batch,
            None => inflate(
                &mut self.export,
                &self.path,
                &self.context.days,
                &mut self.next,
                self.batch_bytes,
            )?,
        };
        if batch.is_empty() {
            return Ok(None);
        }
        let (parsed, ahead) = {
            let context = &self.context;
            let (path, export, next) = (&self.path, &mut self.export, &mut self.next);
            rayon::join(
                || parse(&batch, context),
                || inflate(export, path, &context.days, next, self.batch_bytes),
            )
        };
        self.ahead = Some(ahead?);
        let end = batch.last().map_or(self.parsed, |(i, _)| i + 1);
        self.parsed_bytes += self.context.days[self.parsed..end]
            .iter()
            .map(|d| d.bytes)
            .sum::<u64>();
        self.parsed = end;
        Ok(Some(parsed))
    }

    /// The part of the export's bytes the batches parsed so far stand for: all of them
    /// once the last day file is parsed.
    pub fn bytes_done(&self) -> u64 {
        if self.parsed == self.context.days.len() {
            self.total_bytes
        } else {
            self.parsed_bytes.min(self.total_bytes)
        }
    }

    /// The first UTC day that events of the day files not yet parsed may fall on. A day
    /// file's date need not be the UTC date of its messages (a workspace's day is not
    /// UTC's), so the day before the next file's date is taken to be open still.
    pub fn unread_from(&self) -> Option<i32> {
        let next = self.context.days.get(self.parsed)?;
        let date = NaiveDate::parse_from_str(next.date(), "%Y-%m-%d").ok()?;
        Some(
            uptake_store::day_number(
                date.and_time(chrono::NaiveTime::MIN)
                    .and_utc()
                    .timestamp_micros(),
            ) - 1,
        )
    }
}

/// The next day files from `next` on, read until they add up to `batch_bytes`.
fn inflate(
    export: &mut Export,
    path: &Path,
    days: &[DayFile],
    next: &mut usize,
    batch_bytes: usize,
) -> Result<Batch> {
    let mut batch = Vec::new();
    let mut bytes = 0;
    while let Some(day) = days.get(*next) {
        let content = export.read(path, &day.name, day.index)?;
        bytes += content.len();
        batch.push((*next, content));
        *next += 1;
        if bytes >= batch_bytes {
            break;
        }
    }
    Ok(batch)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads through the buffer, after seeks back and forth, inside and outside what it
    /// holds, give the file's bytes at those places.
    #[test]
    fn a_buffered_file_reads_the_bytes_wherever_it_is_sought() {
        let len = Buffered::CAPACITY * 3 + 17;
        let bytes: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
        let file = tempfile::NamedTempFile::new().unwrap();
        fs::write(file.path(), &bytes).unwrap();
        let mut r = Buffered::new(fs::File::open(file.path()).unwrap());
        let mut read_at = |to: SeekFrom, n: usize| {
            let at = r.seek(to).unwrap() as usize;
            let mut out = vec![0; n];
            r.read_exact(&mut out).unwrap();
            assert_eq!(out, bytes[at..at + n], "{n} bytes at {at}");
            at
        };
        assert_eq!(read_at(SeekFrom::Start(10), 100), 10);
        // Within the buffer, after and before the last read.
        assert_eq!(read_at(SeekFrom::Current(50), 1000), 160);
        assert_eq!(read_at(SeekFrom::Start(5), 3), 5);
        // Across the buffer's end, then past it, then a read larger than the buffer.
        let cap = Buffered::CAPACITY;
        assert_eq!(read_at(SeekFrom::Start(cap as u64 - 4), 8), cap - 4);
        assert_eq!(read_at(SeekFrom::End(-7), 7), len - 7);
        assert_eq!(read_at(SeekFrom::Start(3), cap + 5), 3);
        // At the end there is nothing more, and before the start is an error.
        r.seek(SeekFrom::End(0)).unwrap();
        assert_eq!(r.read(&mut [0; 4]).unwrap(), 0);
        assert!(r.seek(SeekFrom::Current(-(len as i64) - 1)).is_err());
    }
}
