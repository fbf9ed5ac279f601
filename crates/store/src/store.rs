use std::collections::HashSet;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{SyncSender, sync_channel};
use std::thread::JoinHandle;

use chrono::{NaiveDate, Utc};
use polars::prelude::*;

use crate::manifest::RosterRecord;
use crate::{Error, EventBatch, EventRow, Manifest, Result, Roster, RunRecord, write_atomic};

const EVENTS: &str = "events";
const STAGING: &str = ".staging";
const REJECTS: &str = "rejects";
const MANIFEST: &str = "manifest.json";
const ROSTER: &str = "roster.parquet";
const LOCK: &str = ".lock";
const RUN_LOCK: &str = ".run.lock";
const ROLLUP: &str = "rollup";

/// A store directory (layout in `docs/data-model.md`).
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
}

/// Scans `dir/date=YYYY-MM-DD/<file_pattern>` as one lazy frame with the `date`
/// partition column typed as a date.
pub fn scan_day_partitions(dir: &Path, file_pattern: &str) -> Result<LazyFrame> {
    scan_day_partitions_with(dir, file_pattern, ScanArgsParquet::default())
}

/// How event files are scanned: with the full [`event_schema`](crate::event_schema), so
/// that files written before a column was added read it as null instead of failing.
pub fn event_scan_args() -> ScanArgsParquet {
    ScanArgsParquet {
        schema: Some(Arc::new(crate::event_schema())),
        allow_missing_columns: true,
        ..Default::default()
    }
}

fn scan_day_partitions_with(
    dir: &Path,
    file_pattern: &str,
    args: ScanArgsParquet,
) -> Result<LazyFrame> {
    let args = ScanArgsParquet {
        hive_options: HiveOptions {
            enabled: Some(true),
            hive_start_idx: 0,
            schema: Some(Arc::new(Schema::from_iter([Field::new(
                "date".into(),
                DataType::Date,
            )]))),
            try_parse_dates: true,
        },
        ..args
    };
    let path = format!("{}/*/{file_pattern}", dir.display());
    LazyFrame::scan_parquet(PlRefPath::new(&path), args).map_err(Error::polars(dir))
}

/// Held while a process writes the store; dropping it releases the lock.
#[derive(Debug)]
pub struct WriteLock {
    _file: fs::File,
}

impl Store {
    /// Opens the store at `root`, creating it when absent. Writers then take
    /// [`Store::lock`] and call [`Store::recover`] before anything else.
    pub fn open(root: impl Into<PathBuf>) -> Result<Store> {
        let store = Store { root: root.into() };
        fs::create_dir_all(store.root.join(EVENTS)).map_err(Error::io(&store.root))?;
        Ok(store)
    }

    /// Opens an existing store for reading; an absent one is an error that says so.
    pub fn open_existing(root: impl Into<PathBuf>) -> Result<Store> {
        let root = root.into();
        if !root.join(EVENTS).is_dir() {
            return Err(Error::Invalid(format!(
                "no uptake store at {} (ingest something first, or pass --store DIR)",
                root.display()
            )));
        }
        Ok(Store { root })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn events_dir(&self) -> PathBuf {
        self.root.join(EVENTS)
    }

    pub fn partition_dir(&self, day: NaiveDate) -> PathBuf {
        self.events_dir().join(format!("date={day}"))
    }

    /// The daily person x day x tool x category rollup, one partition per day.
    pub fn rollup_dir(&self) -> PathBuf {
        self.root.join(ROLLUP)
    }

    pub fn rollup_partition(&self, day: NaiveDate) -> PathBuf {
        self.rollup_dir().join(format!("date={day}"))
    }

    /// The Parquet files of one day's events.
    pub fn day_files(&self, day: NaiveDate) -> Result<Vec<PathBuf>> {
        Self::parquet_files(&self.partition_dir(day))
    }

    pub fn roster_path(&self) -> PathBuf {
        self.root.join(ROSTER)
    }

    pub fn manifest_path(&self) -> PathBuf {
        self.root.join(MANIFEST)
    }

    pub fn manifest(&self) -> Result<Manifest> {
        Manifest::load(&self.manifest_path())
    }

    /// Takes the store's write lock, or says who holds it.
    pub fn lock(&self) -> Result<WriteLock> {
        self.take_lock(LOCK, "being written", std::time::Duration::ZERO)
    }

    /// Takes the lock of a whole scheduled run (`uptake run`), waiting up to `wait` for
    /// another run to finish. It is a separate file from the write lock, which each
    /// step of the run still takes, so that two runs never interleave their steps.
    pub fn run_lock(&self, wait: std::time::Duration) -> Result<WriteLock> {
        self.take_lock(RUN_LOCK, "in a scheduled run", wait)
    }

    fn take_lock(
        &self,
        name: &str,
        what: &'static str,
        wait: std::time::Duration,
    ) -> Result<WriteLock> {
        let path = self.root.join(name);
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)
            .map_err(Error::io(&path))?;
        let deadline = std::time::Instant::now() + wait;
        loop {
            match file.try_lock() {
                Ok(()) => {
                    // Best effort: the pid only helps a person find the other process.
                    let _ = fs::write(&path, std::process::id().to_string());
                    return Ok(WriteLock { _file: file });
                }
                Err(fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(std::time::Duration::from_millis(200));
                }
                Err(fs::TryLockError::WouldBlock) => {
                    let pid = fs::read_to_string(&path).unwrap_or_default();
                    return Err(Error::Busy {
                        store: self.root.clone(),
                        what,
                        pid: pid.trim().to_string(),
                    });
                }
                Err(fs::TryLockError::Error(e)) => return Err(Error::io(&path)(e)),
            }
        }
    }

    /// Removes what an interrupted run left behind: staged files, and any partition
    /// files or rejects of a batch the manifest does not record. Returns the batches
    /// rolled back. Call with the write lock held.
    pub fn recover(&self) -> Result<Vec<String>> {
        let staging = self.root.join(STAGING);
        let Ok(entries) = fs::read_dir(&staging) else {
            return Ok(Vec::new());
        };
        let manifest = self.manifest()?;
        let mut rolled_back = Vec::new();
        for entry in entries {
            let entry = entry.map_err(Error::io(&staging))?;
            let batch = entry.file_name().to_string_lossy().to_string();
            if !manifest.has_batch(&batch) {
                self.remove_batch_files(&batch)?;
                rolled_back.push(batch);
            }
            fs::remove_dir_all(entry.path()).map_err(Error::io(entry.path()))?;
        }
        Ok(rolled_back)
    }

    fn remove_batch_files(&self, batch: &str) -> Result<()> {
        let prefix = format!("part-{batch}-");
        for day in self.days()? {
            let dir = self.partition_dir(day);
            for f in fs::read_dir(&dir).map_err(Error::io(&dir))? {
                let f = f.map_err(Error::io(&dir))?;
                if f.file_name().to_string_lossy().starts_with(&prefix) {
                    fs::remove_file(f.path()).map_err(Error::io(f.path()))?;
                }
            }
        }
        for dir in [REJECTS, crate::accounts::ACCOUNTS] {
            let file = self.root.join(dir).join(format!("{batch}.csv"));
            if file.exists() {
                fs::remove_file(&file).map_err(Error::io(&file))?;
            }
        }
        Ok(())
    }

    /// Day partitions present in the store, sorted.
    pub fn days(&self) -> Result<Vec<NaiveDate>> {
        let dir = self.events_dir();
        let mut days = Vec::new();
        let Ok(entries) = fs::read_dir(&dir) else {
            return Ok(days);
        };
        for entry in entries {
            let entry = entry.map_err(Error::io(&dir))?;
            let name = entry.file_name();
            if let Some(d) = name.to_str().and_then(|n| n.strip_prefix("date="))
                && let Ok(day) = d.parse::<NaiveDate>()
            {
                days.push(day);
            }
        }
        days.sort();
        Ok(days)
    }

    fn parquet_files(dir: &Path) -> Result<Vec<PathBuf>> {
        let mut files = Vec::new();
        let Ok(entries) = fs::read_dir(dir) else {
            return Ok(files);
        };
        for entry in entries {
            let p = entry.map_err(Error::io(dir))?.path();
            if p.extension().is_some_and(|e| e == "parquet") {
                files.push(p);
            }
        }
        files.sort();
        Ok(files)
    }

    /// Event ids already stored for one day.
    pub fn event_ids(&self, day: NaiveDate) -> Result<HashSet<String>> {
        let mut ids = HashSet::new();
        for path in Self::parquet_files(&self.partition_dir(day))? {
            let file = fs::File::open(&path).map_err(Error::io(&path))?;
            let df = ParquetReader::new(file)
                .with_columns(Some(vec!["event_id".into()]))
                .finish()
                .map_err(Error::polars(&path))?;
            let col = df.column("event_id").map_err(Error::polars(&path))?;
            let col = col.str().map_err(Error::polars(&path))?;
            ids.extend(col.iter().flatten().map(str::to_string));
        }
        Ok(ids)
    }

    /// All stored events as a lazy frame with the `date` partition column, or `None`
    /// when the store holds no events.
    pub fn scan_events(&self) -> Result<Option<LazyFrame>> {
        if self.days()?.is_empty() {
            return Ok(None);
        }
        scan_day_partitions_with(&self.events_dir(), "*.parquet", event_scan_args()).map(Some)
    }

    pub fn read_roster(&self) -> Result<Option<Roster>> {
        let path = self.roster_path();
        if !path.exists() {
            return Ok(None);
        }
        let file = fs::File::open(&path).map_err(Error::io(&path))?;
        let df = ParquetReader::new(file)
            .finish()
            .map_err(Error::polars(&path))?;
        Roster::from_dataframe(&df)
            .map(Some)
            .map_err(Error::polars(path))
    }

    /// Replaces the roster atomically and records the import in the manifest.
    pub fn write_roster(&self, roster: &Roster, source: &Path, sha256: &str) -> Result<()> {
        let path = self.roster_path();
        let mut df = roster.to_dataframe().map_err(Error::polars(&path))?;
        let mut bytes = Vec::new();
        ParquetWriter::new(&mut bytes)
            .finish(&mut df)
            .map_err(Error::polars(&path))?;
        write_atomic(&path, &bytes)?;
        let mut manifest = self.manifest()?;
        manifest.roster = Some(RosterRecord {
            path: source.display().to_string(),
            sha256: sha256.to_string(),
            people: roster.people.len() as u64,
            imported_at: Utc::now(),
        });
        manifest.save(&self.manifest_path())
    }

    /// Starts staging the writes of one ingest run.
    pub fn begin(&self, batch: &str) -> Result<Transaction<'_>> {
        let staging = self.root.join(STAGING).join(batch);
        fs::create_dir_all(&staging).map_err(Error::io(&staging))?;
        Ok(Transaction {
            store: self,
            batch: batch.to_string(),
            staging,
            staged: Vec::new(),
            seq: 0,
            done: false,
            writer: None,
        })
    }
}

const WRITER_GONE: &str = "the thread writing day files stopped unexpectedly";

/// The thread of a transaction that writes day files while the run goes on reading.
#[derive(Debug)]
struct Writer {
    /// Sets of (staged file, events) to write, one set at a time.
    send: SyncSender<Vec<(PathBuf, DataFrame)>>,
    done: JoinHandle<Result<()>>,
}

impl Writer {
    fn start() -> Result<Writer> {
        // A rendezvous: a set is handed over only once the one before is written, so a
        // run holds at most one set being written besides the one it is gathering.
        let (send, sets) = sync_channel::<Vec<(PathBuf, DataFrame)>>(0);
        let done = std::thread::Builder::new()
            .name("uptake-write".into())
            .spawn(move || {
                for set in sets {
                    crate::map_on_threads(set, |(staged, mut df)| write_part(&staged, &mut df))?;
                }
                Ok(())
            })
            .map_err(|e| {
                Error::Invalid(format!("cannot start the thread writing day files: {e}"))
            })?;
        Ok(Writer { send, done })
    }

    /// Waits for the sets handed over to be written.
    fn finish(self) -> Result<()> {
        drop(self.send);
        self.done
            .join()
            .unwrap_or_else(|_| Err(Error::Invalid(WRITER_GONE.into())))
    }
}

/// The staged writes of one run. Nothing is visible until [`Transaction::commit`];
/// dropping it uncommitted discards everything it staged.
#[derive(Debug)]
pub struct Transaction<'a> {
    store: &'a Store,
    batch: String,
    staging: PathBuf,
    staged: Vec<(PathBuf, PathBuf)>,
    seq: usize,
    done: bool,
    /// Writes the files of [`Transaction::write_day_frames_behind`].
    writer: Option<Writer>,
}

impl Transaction<'_> {
    pub fn batch(&self) -> &str {
        &self.batch
    }

    pub(crate) fn staging_path(&self, name: &str) -> PathBuf {
        self.staging.join(name)
    }

    pub(crate) fn store_root(&self) -> &Path {
        &self.store.root
    }

    /// Registers a staged file to be moved to `target` on commit.
    pub(crate) fn stage(&mut self, staged: PathBuf, target: PathBuf) {
        self.staged.push((staged, target));
    }

    /// Stages one day's new events as a Parquet file of its partition.
    pub fn write_day(&mut self, day: NaiveDate, events: &EventBatch) -> Result<()> {
        self.write_days(&[(day, events)])
    }

    /// Stages days of new events as one Parquet file each (none for a day without
    /// events), written in parallel.
    pub fn write_days(&mut self, days: &[(NaiveDate, &EventBatch)]) -> Result<()> {
        let days = days
            .iter()
            .filter(|(_, e)| !e.is_empty())
            .copied()
            .collect();
        let batch = self.batch.clone();
        self.write_on_threads(days, |events| events.to_dataframe(&batch))
    }

    /// Stages days of new events given as rows, as [`Transaction::write_days`] does:
    /// the rows are gathered into columns, and freed, on the writing threads.
    pub fn write_day_rows(&mut self, days: Vec<(NaiveDate, Vec<EventRow>)>) -> Result<()> {
        let days = days.into_iter().filter(|(_, r)| !r.is_empty()).collect();
        let batch = self.batch.clone();
        self.write_on_threads(days, |rows| {
            EventBatch::from_rows(rows).to_dataframe(&batch)
        })
    }

    /// Writes each day's events, none of them empty, made a frame by `frame`, as one
    /// staged file, the days shared among threads.
    fn write_on_threads<E: Send>(
        &mut self,
        days: Vec<(NaiveDate, E)>,
        frame: impl Fn(E) -> PolarsResult<DataFrame> + Sync,
    ) -> Result<()> {
        let jobs: Vec<_> = days
            .into_iter()
            .map(|(day, events)| (day, self.next_part(), events))
            .collect();
        let store = self.store;
        let written = crate::map_on_threads(jobs, |(day, staged, events)| {
            let mut df = frame(events).map_err(Error::polars(&staged))?;
            write_part(&staged, &mut df)?;
            let target = store.partition_dir(day).join(part_name(&staged));
            Ok((staged, target))
        })?;
        self.staged.extend(written);
        Ok(())
    }

    /// Stages days of new events, each given as columns in
    /// [`event_schema`](crate::event_schema) order without `batch` (the columnar readers'
    /// output), as one Parquet file of its partition. The files are written, in parallel,
    /// on a thread of the transaction's own while the caller goes on: this returns once
    /// that thread has taken them, which is when it is done with the ones before. A write
    /// that failed is reported by a later call, by [`Transaction::finish_writes`] or by
    /// the commit.
    pub fn write_day_frames_behind(&mut self, days: Vec<(NaiveDate, DataFrame)>) -> Result<()> {
        let mut set = Vec::with_capacity(days.len());
        for (day, events) in days {
            if events.height() == 0 {
                continue;
            }
            let staged = self.next_part();
            let df = self.with_batch(day, events, &staged)?;
            let target = self.store.partition_dir(day).join(part_name(&staged));
            self.staged.push((staged.clone(), target));
            set.push((staged, df));
        }
        if set.is_empty() {
            return Ok(());
        }
        let writer = match &mut self.writer {
            Some(w) => w,
            None => self.writer.insert(Writer::start()?),
        };
        if writer.send.send(set).is_err() {
            // The thread ended early, which it does only on a failed write: report it.
            self.finish_writes()?;
            return Err(Error::Invalid(WRITER_GONE.into()));
        }
        Ok(())
    }

    /// Waits until the files handed to [`Transaction::write_day_frames_behind`] are
    /// written, and reports the first write that failed.
    pub fn finish_writes(&mut self) -> Result<()> {
        match self.writer.take() {
            Some(writer) => writer.finish(),
            None => Ok(()),
        }
    }

    /// The events with the run's `batch` column, checked against the stored schema.
    fn with_batch(&self, day: NaiveDate, mut df: DataFrame, staged: &Path) -> Result<DataFrame> {
        let n = df.height();
        let batch = Column::new_scalar(
            "batch".into(),
            Scalar::from(PlSmallStr::from(self.batch.as_str())),
            n,
        );
        // `batch` sits between `event_id` and `counterparts` in the schema.
        let at = df.width().saturating_sub(1);
        df.insert_column(at, batch).map_err(Error::polars(staged))?;
        if df.schema().as_ref() != &crate::event_schema() {
            return Err(Error::Invalid(format!(
                "events for {day} do not have the stored columns: {:?}",
                df.schema()
            )));
        }
        Ok(df)
    }

    fn next_part(&mut self) -> PathBuf {
        let name = format!("part-{}-{:05}.parquet", self.batch, self.seq);
        self.seq += 1;
        self.staging.join(name)
    }

    /// Stages the run's rejects file; returns its path relative to the store root.
    pub fn write_rejects(&mut self, csv: &[u8]) -> Result<String> {
        let rel = format!("{REJECTS}/{}.csv", self.batch);
        let staged = self.staging.join("rejects.csv");
        fs::write(&staged, csv).map_err(Error::io(&staged))?;
        self.staged.push((staged, self.store.root.join(&rel)));
        Ok(rel)
    }

    /// Moves the staged files into place, then records `run` in the manifest: the run
    /// exists from that moment on.
    pub fn commit(mut self, run: RunRecord) -> Result<()> {
        self.finish_writes()?;
        for (from, to) in &self.staged {
            if let Some(dir) = to.parent() {
                fs::create_dir_all(dir).map_err(Error::io(dir))?;
            }
            fs::rename(from, to).map_err(Error::io(to))?;
        }
        let mut manifest = self.store.manifest()?;
        manifest.runs.push(run);
        manifest.save(&self.store.manifest_path())?;
        self.done = true;
        let _ = fs::remove_dir_all(&self.staging);
        Ok(())
    }
}

fn part_name(staged: &Path) -> PathBuf {
    staged.file_name().map(PathBuf::from).unwrap_or_default()
}

/// Writes one events file. LZ4 rather than zstd: about a fifth less time to write the
/// events of an ingest, for files about 40% larger (measured in docs/benchmarks.md).
/// Buffered: the writer makes a system call per page header and page, about 1,850 per
/// day file of a Slack export's, which cost more than the encoding (docs/benchmarks.md).
fn write_part(staged: &Path, df: &mut DataFrame) -> Result<()> {
    let file = fs::File::create(staged).map_err(Error::io(staged))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    ParquetWriter::new(&mut out)
        .with_compression(ParquetCompression::Lz4Raw)
        .finish(df)
        .map_err(Error::polars(staged))?;
    out.flush().map_err(Error::io(staged))?;
    Ok(())
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        // Files still being written would land in the staging folder once removed.
        let _ = self.finish_writes();
        if !self.done {
            // Nothing was moved into place unless commit got past its first rename;
            // `Store::recover` removes any partial move on the next open.
            let _ = fs::remove_dir_all(&self.staging);
            let _ = self.store.remove_batch_files(&self.batch);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Activity, Category, Client, EventRow, RunCounts};

    fn event(id: &str, ts_us: i64) -> EventRow {
        EventRow {
            ts_us,
            person: "a@x.org".into(),
            tool: "slack".into(),
            action: "message".into(),
            activity: Activity::Post,
            category: Category::Messaging,
            client: Client::Desktop,
            channel: Some("general".into()),
            event_id: id.into(),
            counterparts: vec![],
        }
    }

    fn run(batch: &str) -> RunRecord {
        RunRecord {
            batch: batch.into(),
            source: "test".into(),
            started_at: Utc::now(),
            finished_at: Utc::now(),
            files: vec![],
            counts: RunCounts::default(),
            tools: vec![],
            ts_min: None,
            ts_max: None,
            days: vec![],
            rejects: None,
        }
    }

    fn stored_rows(store: &Store) -> usize {
        match store.scan_events().unwrap() {
            Some(lf) => lf.collect().unwrap().height(),
            None => 0,
        }
    }

    const DAY1: i64 = 1_709_251_200_000_000; // 2024-03-01T00:00:00Z

    #[test]
    fn partitions_written_before_counterparts_read_them_as_null() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let day = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
        // A file as the first stores wrote it: the schema without `counterparts`.
        let mut old = EventBatch::default();
        old.push(event("old", DAY1 + 1));
        let mut df = old
            .to_dataframe("b0")
            .unwrap()
            .drop("counterparts")
            .unwrap();
        let part = store.partition_dir(day);
        fs::create_dir_all(&part).unwrap();
        let file = fs::File::create(part.join("part-b0-00000.parquet")).unwrap();
        ParquetWriter::new(file).finish(&mut df).unwrap();
        // Then a run of today's, the same day, with a counterpart.
        let mut tx = store.begin("b1").unwrap();
        let mut new = EventBatch::default();
        new.push(EventRow {
            counterparts: vec!["b@x.org".into()],
            ..event("new", DAY1 + 2)
        });
        tx.write_day(day, &new).unwrap();
        tx.commit(run("b1")).unwrap();
        let read = |lf: LazyFrame| {
            let df = lf
                .select([col("event_id"), col("counterparts").list().len().alias("n")])
                .sort(["event_id"], Default::default())
                .collect()
                .unwrap();
            df.column("n")
                .unwrap()
                .cast(&DataType::Int64)
                .unwrap()
                .i64()
                .unwrap()
                .iter()
                .collect::<Vec<_>>()
        };
        // "new" has one counterpart, "old" none (null), through the partitioned scan...
        assert_eq!(read(store.scan_events().unwrap().unwrap()), [Some(1), None]);
        // ...and through the scan of one day's files that the rollup makes.
        let sources: Vec<PlRefPath> = store
            .day_files(day)
            .unwrap()
            .iter()
            .map(|p| PlRefPath::new(p.to_string_lossy().as_ref()))
            .collect();
        let lf =
            LazyFrame::scan_parquet_sources(ScanSources::Paths(sources.into()), event_scan_args())
                .unwrap();
        assert_eq!(read(lf), [Some(1), None]);
    }

    #[test]
    fn committed_run_is_readable_with_partition_dates() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let mut tx = store.begin("b1").unwrap();
        let mut batch = EventBatch::default();
        batch.push(event("e1", DAY1 + 5));
        batch.push(event("e2", DAY1 + 6));
        tx.write_day(NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(), &batch)
            .unwrap();
        tx.commit(run("b1")).unwrap();
        let df = store.scan_events().unwrap().unwrap().collect().unwrap();
        assert_eq!(df.height(), 2);
        let dates: Vec<_> = df
            .column("date")
            .unwrap()
            .date()
            .unwrap()
            .as_date_iter()
            .collect();
        assert_eq!(dates, vec![NaiveDate::from_ymd_opt(2024, 3, 1); 2]);
        let ids = store
            .event_ids(NaiveDate::from_ymd_opt(2024, 3, 1).unwrap())
            .unwrap();
        assert_eq!(ids, HashSet::from(["e1".to_string(), "e2".to_string()]));
        assert!(store.manifest().unwrap().has_batch("b1"));
        assert!(!dir.path().join(STAGING).join("b1").exists());
    }

    #[test]
    fn days_written_together_are_each_their_own_partition() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let day = |d: u32| NaiveDate::from_ymd_opt(2024, 3, d).unwrap();
        const DAY_US: i64 = 86_400_000_000;
        let mut batches = vec![EventBatch::default(); 4];
        batches[0].push(event("a", DAY1));
        batches[0].push(event("b", DAY1 + 1));
        // The second day has no events: it gets no file.
        batches[2].push(event("c", DAY1 + 2 * DAY_US));
        batches[3].push(event("d", DAY1 + 3 * DAY_US));
        let days: Vec<(NaiveDate, &EventBatch)> = (1..=4).map(day).zip(&batches).collect();
        let mut tx = store.begin("b1").unwrap();
        tx.write_days(&days).unwrap();
        tx.commit(run("b1")).unwrap();
        for (d, ids) in [
            (1, vec!["a", "b"]),
            (2, vec![]),
            (3, vec!["c"]),
            (4, vec!["d"]),
        ] {
            let want: HashSet<String> = ids.into_iter().map(String::from).collect();
            assert_eq!(store.event_ids(day(d)).unwrap(), want, "day {d}");
            assert_eq!(store.day_files(day(d)).unwrap().len(), want.len().min(1));
        }
        assert_eq!(stored_rows(&store), 4);
    }

    #[test]
    fn files_written_behind_are_committed_and_a_failed_write_fails_the_commit() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let day = |d: u32| NaiveDate::from_ymd_opt(2024, 3, d).unwrap();
        let frame = |ids: &[&str], d: i64| {
            let mut b = EventBatch::default();
            for (i, id) in ids.iter().enumerate() {
                b.push(event(id, DAY1 + d * 86_400_000_000 + i as i64));
            }
            b.to_dataframe("x").unwrap().drop("batch").unwrap()
        };
        let mut tx = store.begin("b1").unwrap();
        tx.write_day_frames_behind(vec![(day(1), frame(&["a", "b"], 0))])
            .unwrap();
        // The second set is taken once the first is written.
        tx.write_day_frames_behind(vec![(day(2), frame(&["c"], 1)), (day(3), frame(&[], 2))])
            .unwrap();
        tx.commit(run("b1")).unwrap();
        assert_eq!(stored_rows(&store), 3);
        assert_eq!(
            store.event_ids(day(2)).unwrap(),
            HashSet::from(["c".to_string()])
        );
        assert!(store.day_files(day(3)).unwrap().is_empty());

        // The staging folder gone, the file cannot be written: the commit fails and the
        // store is as it was.
        let mut tx = store.begin("b2").unwrap();
        fs::remove_dir_all(dir.path().join(STAGING).join("b2")).unwrap();
        let handed = tx.write_day_frames_behind(vec![(day(4), frame(&["d"], 3))]);
        assert!(handed.is_ok());
        let err = tx.commit(run("b2")).unwrap_err();
        assert!(err.to_string().contains("part-b2-"), "{err}");
        assert!(!store.manifest().unwrap().has_batch("b2"));
        assert_eq!(stored_rows(&store), 3);
    }

    #[test]
    fn interrupted_commit_is_rolled_back_and_store_stays_readable() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let day = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
        let mut good = EventBatch::default();
        good.push(event("e1", DAY1));
        let mut tx = store.begin("b1").unwrap();
        tx.write_day(day, &good).unwrap();
        tx.commit(run("b1")).unwrap();

        // A second run dies half-way through its commit: one file moved, manifest untouched.
        let mut more = EventBatch::default();
        more.push(event("e2", DAY1 + 1));
        let mut tx = store.begin("b2").unwrap();
        tx.write_day(day, &more).unwrap();
        tx.write_day(day.succ_opt().unwrap(), &more).unwrap();
        let (from, to) = tx.staged[0].clone();
        fs::rename(from, to).unwrap();
        std::mem::forget(tx); // the process is killed: no Drop runs
        assert_eq!(
            stored_rows(&store),
            2,
            "the half-moved file is visible before recovery"
        );

        let reopened = Store::open(dir.path()).unwrap();
        let _lock = reopened.lock().unwrap();
        assert_eq!(reopened.recover().unwrap(), vec!["b2".to_string()]);
        assert_eq!(stored_rows(&reopened), 1);
        assert_eq!(reopened.manifest().unwrap().runs.len(), 1);
        assert!(!dir.path().join(STAGING).join("b2").exists());
    }

    #[test]
    fn dropped_transaction_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let mut b = EventBatch::default();
        b.push(event("e1", DAY1));
        let mut tx = store.begin("b1").unwrap();
        tx.write_day(NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(), &b)
            .unwrap();
        tx.write_rejects(b"file,line\n").unwrap();
        drop(tx);
        assert_eq!(stored_rows(&store), 0);
        assert!(store.manifest().unwrap().runs.is_empty());
    }

    #[test]
    fn a_second_run_waits_for_the_first_or_is_told() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let held = store.run_lock(std::time::Duration::ZERO).unwrap();
        // The run lock does not stop the steps of the run that holds it.
        drop(store.lock().unwrap());
        let err = store
            .run_lock(std::time::Duration::ZERO)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("in a scheduled run by another uptake process"),
            "{err}"
        );
        let release = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(300));
            drop(held);
        });
        let started = std::time::Instant::now();
        store.run_lock(std::time::Duration::from_secs(30)).unwrap();
        assert!(started.elapsed() >= std::time::Duration::from_millis(250));
        release.join().unwrap();
    }

    #[test]
    fn second_writer_is_told_who_holds_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let _held = store.lock().unwrap();
        let err = store.lock().unwrap_err().to_string();
        assert!(
            err.contains("being written by another uptake process"),
            "{err}"
        );
        assert!(err.contains(&std::process::id().to_string()), "{err}");
    }
}
