//! The daily person x day x tool x category rollup: the one aggregation over raw events.
//! Everything else reads it. It is one plain SQL statement ([`rollup_sql`]) so that a
//! distributed engine can run the same text over the partitioned Parquet events.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use polars::prelude::*;
use polars::sql::SQLContext;
use serde::{Deserialize, Serialize};
use uptake_store::{
    Activity, Progress, Store, Unit, map_on_threads, scan_day_partitions, write_atomic,
};

use crate::{Error, Result};

/// The rollup aggregation, over a table `events` with the canonical columns plus the
/// `date` partition column, and a table `identities(alias, person)` (the identity map,
/// possibly empty) that resolves aliases to people. Contributing activities come from
/// [`Activity::is_contributing`].
pub fn rollup_sql() -> String {
    rollup_query(Aliases::Resolve)
}

/// Whether the rollup query joins the identity map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Aliases {
    Resolve,
    /// The map is empty, so every alias resolves to itself: the join changes nothing and
    /// is left out (7% of the local rollup's time at 30M events, docs/benchmarks.md).
    None,
}

fn rollup_query(aliases: Aliases) -> String {
    let contributing: Vec<String> = Activity::ALL
        .iter()
        .filter(|a| a.is_contributing())
        .map(|a| format!("activity = '{}'", a.as_str()))
        .collect();
    let resolved = match aliases {
        Aliases::Resolve => {
            "(SELECT COALESCE(identities.person, events.person) AS person, events.date AS date, \
events.tool AS tool, events.category AS category, events.activity AS activity \
FROM events LEFT JOIN identities ON events.person = identities.alias) AS resolved"
        }
        Aliases::None => "events",
    };
    format!(
        "SELECT person, date, tool, category, \
COUNT(*) AS events, \
SUM(CASE WHEN {} THEN 1 ELSE 0 END) AS contributing \
FROM {resolved} \
GROUP BY person, date, tool, category",
        contributing.join(" OR ")
    )
}

/// Which ingest batches the rollup already includes.
#[derive(Debug, Default, Serialize, Deserialize)]
struct RollupState {
    batches: Vec<String>,
    /// Fingerprint of the identity map the rollup was computed with.
    #[serde(default)]
    identities: String,
}

pub(crate) const STATE: &str = "state.json";
const PART: &str = "part.parquet";

/// What a refresh did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollupRefresh {
    /// Days recomputed.
    pub days: Vec<NaiveDate>,
    /// Rollup rows written for those days.
    pub rows: usize,
    /// The engine that computed them ([`RollupEngine::name`]); `None` when nothing was.
    pub engine: Option<String>,
}

impl RollupRefresh {
    /// Nothing was stale, so nothing was computed.
    fn nothing() -> RollupRefresh {
        RollupRefresh {
            days: vec![],
            rows: 0,
            engine: None,
        }
    }
}

fn load_state(path: &Path) -> Result<RollupState> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map_err(|e| Error::Invalid(format!("{}: invalid rollup state: {e}", path.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(RollupState::default()),
        Err(source) => Err(Error::Io {
            path: path.into(),
            source,
        }),
    }
}

/// Runs [`rollup_sql`] over `events` with the store's identity map.
fn run_rollup(store: &Store, events: LazyFrame, what: &str) -> Result<LazyFrame> {
    let identities = identity_frame(store, what)?;
    run_rollup_with(events, identities, what)
}

/// The store's identity map as a frame `(alias, person)`, possibly empty.
fn identity_frame(store: &Store, what: &str) -> Result<DataFrame> {
    store
        .read_identities()?
        .to_frame()
        .map_err(Error::polars(what.to_string()))
}

fn run_rollup_with(events: LazyFrame, identities: DataFrame, what: &str) -> Result<LazyFrame> {
    let aliases = if identities.height() == 0 {
        Aliases::None
    } else {
        Aliases::Resolve
    };
    let mut sql = SQLContext::new();
    sql.register("events", events);
    sql.register("identities", identities.lazy());
    sql.execute(&rollup_query(aliases))
        .map_err(Error::polars(what.to_string()))
}

/// A day and its stored event files.
pub type DayFiles = (NaiveDate, Vec<PathBuf>);

/// What runs [`rollup_sql`] for a set of stale days: polars in this process
/// ([`LocalEngine`]), or a remote engine reading the same event files (the binary's
/// Spark Connect engine). [`refresh_rollup_on`] decides which days, conforms the rows to
/// the stored rollup's columns and types, and writes them.
pub trait RollupEngine {
    /// Names the engine in logs and messages.
    fn name(&self) -> String;
    /// About this many bytes of stored events are rolled up per call.
    fn chunk_bytes(&self) -> u64;
    /// The rollup rows of `days` (each with its stored event files), with the columns of
    /// [`rollup_sql`] in any order and of any integer and string types, rows in any
    /// order; `identities(alias, person)` resolves aliases.
    fn rollup(&self, days: &[DayFiles], identities: &DataFrame) -> Result<DataFrame>;
}

/// The rollup computed by polars in this process, over the event files themselves.
#[derive(Debug, Default, Clone, Copy)]
pub struct LocalEngine;

/// Stale days are rolled up together, this much stored Parquet per query: few queries
/// for a year of small days, memory bounded for large ones.
const LOCAL_CHUNK_BYTES: u64 = 16 << 20;

impl RollupEngine for LocalEngine {
    fn name(&self) -> String {
        "local (polars)".into()
    }

    fn chunk_bytes(&self) -> u64 {
        LOCAL_CHUNK_BYTES
    }

    fn rollup(&self, days: &[DayFiles], identities: &DataFrame) -> Result<DataFrame> {
        let ctx = chunk_context(days);
        let mut scans = Vec::with_capacity(days.len());
        for (day, files) in days {
            let day = *day;
            let sources: Vec<PlRefPath> = files
                .iter()
                .map(|p| PlRefPath::new(p.to_string_lossy().as_ref()))
                .collect();
            if sources.is_empty() {
                continue;
            }
            scans.push(
                LazyFrame::scan_parquet_sources(
                    ScanSources::Paths(sources.into()),
                    uptake_store::event_scan_args(),
                )
                .map_err(Error::polars(ctx.clone()))?
                .select([col("person"), col("tool"), col("category"), col("activity")])
                .with_column(lit(day).cast(DataType::Date).alias("date")),
            );
        }
        let events = if scans.is_empty() {
            no_events()
        } else {
            // Read, then made contiguous before grouping: polars gathers the string keys
            // of the groups far faster from one chunk than from the scan's many (the
            // rollup at 30M events in 7.2-8.3 s instead of 9.2-9.7 s, docs/benchmarks.md).
            let mut df = concat(scans, UnionArgs::default())
                .and_then(|lf| lf.collect())
                .map_err(Error::polars(ctx.clone()))?;
            df.rechunk_mut_par();
            df.lazy()
        };
        run_rollup_with(events, identities.clone(), &ctx)?
            .collect()
            .map_err(Error::polars(ctx))
    }
}

/// Names a chunk of days in messages.
pub fn chunk_context(days: &[DayFiles]) -> String {
    match (days.first(), days.last()) {
        (Some(first), Some(last)) if first.0 != last.0 => {
            format!(
                "rollup of {} day(s) from {} to {}",
                days.len(),
                first.0,
                last.0
            )
        }
        (Some(first), _) => format!("rollup of {}", first.0),
        _ => "rollup of no day".into(),
    }
}

/// Computes one day's rollup from its event files.
pub fn rollup_day(store: &Store, day: NaiveDate) -> Result<DataFrame> {
    let identities = identity_frame(store, "rollup")?;
    let template = empty_day(&identities)?;
    match rollup_days(
        &LocalEngine,
        &[(day, store.day_files(day)?)],
        &identities,
        &template,
    )?
    .pop()
    {
        Some((_, df)) => Ok(df),
        None => Ok(template),
    }
}

/// A day without rows, with the columns and types of a computed one.
fn empty_day(identities: &DataFrame) -> Result<DataFrame> {
    empty_rollup_with(identities.clone())?
        .collect()
        .map_err(Error::polars("empty rollup"))
}

/// `df` with the columns of `template`, in its order and of its types: what an engine
/// returns, made to read exactly as a locally computed rollup.
fn conform(df: DataFrame, template: &DataFrame, what: &str) -> Result<DataFrame> {
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    let mut exprs = Vec::with_capacity(template.width());
    for field in template.schema().iter_fields() {
        if !names.iter().any(|n| n == field.name().as_str()) {
            return Err(Error::Invalid(format!(
                "{what}: the engine returned no column `{}`; columns are: {}",
                field.name(),
                names.join(", ")
            )));
        }
        exprs.push(col(field.name().clone()).strict_cast(field.dtype().clone()));
    }
    df.lazy()
        .select(exprs)
        .sort(["date"], Default::default())
        .collect()
        .map_err(Error::polars(what.to_string()))
}

/// Runs `engine` over several days in one call, then splits the rows by day (conformed
/// to `template`). Days without rows are left out.
fn rollup_days(
    engine: &dyn RollupEngine,
    days: &[DayFiles],
    identities: &DataFrame,
    template: &DataFrame,
) -> Result<Vec<(NaiveDate, DataFrame)>> {
    let ctx = chunk_context(days);
    let df = engine.rollup(days, identities)?;
    let df = conform(df, template, &ctx)?;
    // Rows are sorted by date: each day is one slice.
    let dates: Vec<Option<i32>> = df
        .column("date")
        .and_then(|c| c.cast(&DataType::Int32))
        .and_then(|c| c.i32().map(|c| c.iter().collect()))
        .map_err(Error::polars(ctx.clone()))?;
    let wanted: HashSet<NaiveDate> = days.iter().map(|d| d.0).collect();
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=dates.len() {
        if i == dates.len() || dates[i] != dates[start] {
            if let Some(d) = dates[start] {
                let day = crate::calendar::date_of(d);
                if !wanted.contains(&day) {
                    return Err(Error::Invalid(format!(
                        "{ctx}: the engine returned rows of {day}, a day it was not asked for"
                    )));
                }
                out.push((day, df.slice(start as i64, i - start)));
            }
            start = i;
        }
    }
    Ok(out)
}

/// Consecutive groups of `days`, with their event files, whose files add up to about
/// `chunk_bytes`.
fn chunks(store: &Store, days: &[NaiveDate], chunk_bytes: u64) -> Result<Vec<Vec<DayFiles>>> {
    let mut out: Vec<Vec<DayFiles>> = Vec::new();
    let mut bytes = 0u64;
    for &day in days {
        let files = store.day_files(day)?;
        let size: u64 = files
            .iter()
            .filter_map(|p| std::fs::metadata(p).ok())
            .map(|m| m.len())
            .sum();
        match out.last_mut() {
            Some(chunk) if bytes + size <= chunk_bytes => chunk.push((day, files)),
            _ => {
                out.push(vec![(day, files)]);
                bytes = 0;
            }
        }
        bytes += size;
    }
    Ok(out)
}

/// Days touched by ingest runs the rollup does not include yet: every day when the
/// identity map changed, since it re-attributes every day.
fn stale_days(store: &Store) -> Result<BTreeSet<NaiveDate>> {
    let manifest = store.manifest()?;
    let state = load_state(&store.rollup_dir().join(STATE))?;
    let identities = store.read_identities()?.fingerprint();
    let done: HashSet<&str> = if state.identities == identities {
        state.batches.iter().map(String::as_str).collect()
    } else {
        HashSet::new()
    };
    Ok(manifest
        .runs
        .iter()
        .filter(|r| !done.contains(r.batch.as_str()))
        .flat_map(|r| r.days.iter().copied())
        .collect())
}

/// Whether the rollup includes every ingest run and the current identity map.
pub fn rollup_is_current(store: &Store) -> Result<bool> {
    Ok(stale_days(store)?.is_empty())
}

/// Brings the rollup up to date with the store: recomputes every day touched by an
/// ingest run it does not include yet, with polars in this process.
pub fn refresh_rollup(store: &Store) -> Result<RollupRefresh> {
    refresh_rollup_with(store, &*uptake_store::ProgressHandle::default())
}

/// [`refresh_rollup`], telling `progress` of each day done.
pub fn refresh_rollup_with(store: &Store, progress: &dyn Progress) -> Result<RollupRefresh> {
    refresh_rollup_on(store, progress, &LocalEngine)
}

/// Where computed days wait until every stale day is computed.
const STAGING: &str = ".staging";

/// [`refresh_rollup_with`] on `engine`. Every stale day is computed and staged before
/// any is moved into the rollup, so that an engine failing half way (a remote cluster
/// that goes away) leaves the rollup as it was.
pub fn refresh_rollup_on(
    store: &Store,
    progress: &dyn Progress,
    engine: &dyn RollupEngine,
) -> Result<RollupRefresh> {
    // Up to date: nothing to write, so no lock to take; a query or a metric can then
    // run while another process writes the store.
    if stale_days(store)?.is_empty() {
        return Ok(RollupRefresh::nothing());
    }
    let _lock = store.lock()?;
    store.recover()?;
    let manifest = store.manifest()?;
    let state_path = store.rollup_dir().join(STATE);
    // Again under the lock: another process may have refreshed meanwhile.
    let days = stale_days(store)?;
    if days.is_empty() {
        return Ok(RollupRefresh::nothing());
    }
    let staging = store.rollup_dir().join(STAGING);
    // Left by a run that died before it moved its days in: none of it is in use.
    remove_dir_if_any(&staging)?;
    let clock = std::time::Instant::now();
    progress.begin("rollup", days.len() as u64, Unit::Days);
    let staged = stage_days(store, progress, engine, &days, &staging);
    progress.end();
    let rows = match staged {
        Ok(rows) => rows,
        Err(e) => {
            remove_dir_if_any(&staging)?;
            return Err(e);
        }
    };
    for &day in &days {
        let dir = store.rollup_partition(day);
        std::fs::create_dir_all(&dir).map_err(|source| Error::Io {
            path: dir.clone(),
            source,
        })?;
        let to = dir.join(PART);
        std::fs::rename(staged_partition(&staging, day), &to)
            .map_err(|source| Error::Io { path: to, source })?;
    }
    remove_dir_if_any(&staging)?;
    tracing::info!(
        "rollup on {}: {} day(s) recomputed, {rows} rows, in {:.2} s",
        engine.name(),
        days.len(),
        clock.elapsed().as_secs_f64()
    );
    let all = RollupState {
        batches: manifest.runs.iter().map(|r| r.batch.clone()).collect(),
        identities: store.read_identities()?.fingerprint(),
    };
    let json = serde_json::to_vec_pretty(&all).map_err(|e| Error::Invalid(e.to_string()))?;
    write_atomic(&state_path, &json)?;
    // The index every `metrics` process would otherwise rebuild, saved once here.
    let clock = std::time::Instant::now();
    let saved = crate::activity::ActivityIndex::from_rollup(store, &Default::default())
        .and_then(|index| crate::activity_cache::save(store, &index));
    match saved {
        Ok(()) => tracing::debug!(
            "activity index saved in {:.2} s",
            clock.elapsed().as_secs_f64()
        ),
        // Only a speed-up is lost: metrics build the index from the rollup instead.
        Err(e) => tracing::warn!("the activity index was not saved: {e}"),
    }
    Ok(RollupRefresh {
        days: days.into_iter().collect(),
        rows,
        engine: Some(engine.name()),
    })
}

/// Computes every day of `days` on `engine` into `staging`, one partition per day; returns
/// the rows written.
fn stage_days(
    store: &Store,
    progress: &dyn Progress,
    engine: &dyn RollupEngine,
    days: &BTreeSet<NaiveDate>,
    staging: &Path,
) -> Result<usize> {
    let identities = identity_frame(store, "rollup")?;
    let template = empty_day(&identities)?;
    let ordered: Vec<NaiveDate> = days.iter().copied().collect();
    let mut rows = 0;
    for chunk in chunks(store, &ordered, engine.chunk_bytes())? {
        let mut computed = rollup_days(engine, &chunk, &identities, &template)?
            .into_iter()
            .peekable();
        let mut partitions = Vec::with_capacity(chunk.len());
        for &(day, _) in &chunk {
            // A stale day whose events are gone (none left) gets an empty partition.
            let df = match computed.next_if(|(d, _)| *d == day) {
                Some((_, df)) => df,
                None => template.clone(),
            };
            // The day lives in the partition path, as for the events.
            let df = df
                .drop("date")
                .map_err(Error::polars(format!("rollup of {day}")))?;
            rows += df.height();
            partitions.push((day, df));
        }
        // Days are written in parallel: most are small, and each is a file of its own.
        map_on_threads(partitions, |(day, mut df)| {
            let mut bytes = Vec::new();
            ParquetWriter::new(&mut bytes)
                .finish(&mut df)
                .map_err(Error::polars(format!("rollup of {day}")))?;
            write_atomic(&staged_partition(staging, day), &bytes)?;
            progress.advance(1);
            Ok::<_, Error>(())
        })?;
    }
    Ok(rows)
}

/// Where `day`'s partition waits in `staging`.
fn staged_partition(staging: &Path, day: NaiveDate) -> PathBuf {
    staging.join(format!("date={day}")).join(PART)
}

fn remove_dir_if_any(dir: &Path) -> Result<()> {
    match std::fs::remove_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(Error::Io {
            path: dir.into(),
            source,
        }),
    }
}

/// The rollup aggregation over every stored event with days taken in `tz` instead of
/// UTC: the same SQL, run on the fly, for metrics asked for in a local time zone.
pub fn rollup_in_zone(store: &Store, tz: &str) -> Result<Option<LazyFrame>> {
    let date = date_in_zone(tz)?;
    let Some(events) = store.scan_events()? else {
        return Ok(None);
    };
    let events = events.with_column(date.alias("date"));
    run_rollup(store, events, &format!("rollup in {tz}")).map(Some)
}

/// The calendar day of an event's `ts` in the IANA time zone `tz`, as an expression.
pub(crate) fn date_in_zone(tz: &str) -> Result<Expr> {
    let zone: chrono_tz::Tz = tz.parse().map_err(|_| {
        Error::Invalid(format!(
            "unknown time zone `{tz}` (use an IANA name such as Europe/Paris)"
        ))
    })?;
    Ok(col("ts")
        .dt()
        .convert_time_zone(TimeZone::from_chrono(&zone))
        .dt()
        .date())
}

/// A rollup with no rows, with the columns and types [`scan_rollup`] gives: the SQL run
/// over no events, so that its schema cannot drift from the real one.
pub(crate) fn empty_rollup(store: &Store) -> Result<LazyFrame> {
    empty_rollup_with(identity_frame(store, "empty rollup")?)
}

fn empty_rollup_with(identities: DataFrame) -> Result<LazyFrame> {
    // Stored partitions hold the date in their path: it comes last, as in a scan.
    let lf = run_rollup_with(no_events(), identities, "empty rollup")?;
    Ok(lf.select([all().exclude_cols(["date"]).as_expr(), col("date")]))
}

/// The events as the rollup reads them (the stored columns and the partition's `date`),
/// without rows.
fn no_events() -> LazyFrame {
    let mut schema = uptake_store::event_schema();
    schema.with_column("date".into(), DataType::Date);
    DataFrame::empty_with_schema(&schema).lazy()
}

/// The whole rollup as a lazy frame (columns of [`rollup_sql`]), `None` when empty.
pub fn scan_rollup(store: &Store) -> Result<Option<LazyFrame>> {
    let dir = store.rollup_dir();
    let any = std::fs::read_dir(&dir)
        .map(|mut it| {
            it.any(|e| e.is_ok_and(|e| e.file_name().to_string_lossy().starts_with("date=")))
        })
        .unwrap_or(false);
    if !any {
        return Ok(None);
    }
    Ok(Some(scan_day_partitions(&dir, PART)?))
}
