//! The daily person x day x tool x category rollup: the one aggregation over raw events.
//! Everything else reads it. It is one plain SQL statement ([`rollup_sql`]) so that a
//! distributed engine can run the same text over the partitioned Parquet events.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use polars::prelude::*;
use polars::sql::SQLContext;
use serde::{Deserialize, Serialize};
use uptake_store::{Activity, Progress, Store, Unit, scan_day_partitions, write_atomic};

use crate::{Error, Result};

/// The rollup aggregation, over a table `events` with the canonical columns plus the
/// `date` partition column, and a table `identities(alias, person)` (the identity map,
/// possibly empty) that resolves aliases to people. Contributing activities come from
/// [`Activity::is_contributing`].
pub fn rollup_sql() -> String {
    let contributing: Vec<String> = Activity::ALL
        .iter()
        .filter(|a| a.is_contributing())
        .map(|a| format!("activity = '{}'", a.as_str()))
        .collect();
    format!(
        "SELECT person, date, tool, category, \
COUNT(*) AS events, \
SUM(CASE WHEN {} THEN 1 ELSE 0 END) AS contributing \
FROM (SELECT COALESCE(identities.person, events.person) AS person, events.date AS date, \
events.tool AS tool, events.category AS category, events.activity AS activity \
FROM events LEFT JOIN identities ON events.person = identities.alias) AS resolved \
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

const STATE: &str = "state.json";
const PART: &str = "part.parquet";

/// What a refresh did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollupRefresh {
    /// Days recomputed.
    pub days: Vec<NaiveDate>,
    /// Rollup rows written for those days.
    pub rows: usize,
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
    let identities = store
        .read_identities()?
        .to_frame()
        .map_err(Error::polars(what.to_string()))?;
    let mut sql = SQLContext::new();
    sql.register("events", events);
    sql.register("identities", identities.lazy());
    sql.execute(&rollup_sql())
        .map_err(Error::polars(what.to_string()))
}

/// Computes one day's rollup from its event files.
pub fn rollup_day(store: &Store, day: NaiveDate) -> Result<DataFrame> {
    match rollup_days(store, &[(day, store.day_files(day)?)])?.pop() {
        Some((_, df)) => Ok(df),
        None => empty_day(store),
    }
}

/// A day without rows, with the columns and types of a computed one.
fn empty_day(store: &Store) -> Result<DataFrame> {
    empty_rollup(store)?
        .collect()
        .map_err(Error::polars("empty rollup"))
}

/// A day and its event files.
type DayFiles = (NaiveDate, Vec<PathBuf>);

/// Computes several days' rollups in one query over all their event files (each day's
/// date comes from its partition), then splits the result by day. Days without rows are
/// left out.
fn rollup_days(store: &Store, days: &[DayFiles]) -> Result<Vec<(NaiveDate, DataFrame)>> {
    let ctx = || {
        format!(
            "rollup of {} day(s) from {}",
            days.len(),
            days.first().map(|d| d.0.to_string()).unwrap_or_default()
        )
    };
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
            .map_err(Error::polars(ctx()))?
            .select([col("person"), col("tool"), col("category"), col("activity")])
            .with_column(lit(day).cast(DataType::Date).alias("date")),
        );
    }
    if scans.is_empty() {
        return Ok(vec![]);
    }
    let events = concat(scans, UnionArgs::default()).map_err(Error::polars(ctx()))?;
    let df = run_rollup(store, events, &ctx())?
        .sort(["date"], Default::default())
        .collect()
        .map_err(Error::polars(ctx()))?;
    // Rows are sorted by date: each day is one slice.
    let dates: Vec<Option<i32>> = df
        .column("date")
        .and_then(|c| c.cast(&DataType::Int32))
        .and_then(|c| c.i32().map(|c| c.iter().collect()))
        .map_err(Error::polars(ctx()))?;
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=dates.len() {
        if i == dates.len() || dates[i] != dates[start] {
            if let Some(d) = dates[start] {
                out.push((
                    crate::calendar::date_of(d),
                    df.slice(start as i64, i - start),
                ));
            }
            start = i;
        }
    }
    Ok(out)
}

/// Stale days are rolled up together, this much stored Parquet per query: few queries
/// for a year of small days, memory bounded for large ones.
const CHUNK_BYTES: u64 = 16 << 20;

/// Consecutive groups of `days`, with their event files, whose files add up to about
/// [`CHUNK_BYTES`].
fn chunks(store: &Store, days: &[NaiveDate]) -> Result<Vec<Vec<DayFiles>>> {
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
            Some(chunk) if bytes + size <= CHUNK_BYTES => chunk.push((day, files)),
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

/// Brings the rollup up to date with the store: recomputes every day touched by an
/// ingest run it does not include yet, each day's partition replaced atomically.
pub fn refresh_rollup(store: &Store) -> Result<RollupRefresh> {
    refresh_rollup_with(store, &*uptake_store::ProgressHandle::default())
}

/// [`refresh_rollup`], telling `progress` of each day done.
pub fn refresh_rollup_with(store: &Store, progress: &dyn Progress) -> Result<RollupRefresh> {
    // Up to date: nothing to write, so no lock to take; a query or a metric can then
    // run while another process writes the store.
    if stale_days(store)?.is_empty() {
        return Ok(RollupRefresh {
            days: vec![],
            rows: 0,
        });
    }
    let _lock = store.lock()?;
    store.recover()?;
    let manifest = store.manifest()?;
    let state_path = store.rollup_dir().join(STATE);
    // Again under the lock: another process may have refreshed meanwhile.
    let days = stale_days(store)?;
    let mut rows = 0;
    let clock = std::time::Instant::now();
    if !days.is_empty() {
        progress.begin("rollup", days.len() as u64, Unit::Days);
    }
    let ordered: Vec<NaiveDate> = days.iter().copied().collect();
    for chunk in chunks(store, &ordered)? {
        let mut computed = rollup_days(store, &chunk)?.into_iter().peekable();
        for &(day, _) in &chunk {
            // A stale day whose events are gone (none left) gets an empty partition.
            let mut df = match computed.next_if(|(d, _)| *d == day) {
                Some((_, df)) => df,
                None => empty_day(store)?,
            };
            // The day lives in the partition path, as for the events.
            df = df
                .drop("date")
                .map_err(Error::polars(format!("rollup of {day}")))?;
            rows += df.height();
            let mut bytes = Vec::new();
            ParquetWriter::new(&mut bytes)
                .finish(&mut df)
                .map_err(Error::polars(format!("rollup of {day}")))?;
            write_atomic(&store.rollup_partition(day).join(PART), &bytes)?;
            progress.advance(1);
        }
    }
    progress.end();
    if !days.is_empty() {
        tracing::info!(
            "rollup: {} day(s) recomputed, {rows} rows, in {:.2} s",
            days.len(),
            clock.elapsed().as_secs_f64()
        );
    }
    let all = RollupState {
        batches: manifest.runs.iter().map(|r| r.batch.clone()).collect(),
        identities: store.read_identities()?.fingerprint(),
    };
    if !days.is_empty() {
        let json = serde_json::to_vec_pretty(&all).map_err(|e| Error::Invalid(e.to_string()))?;
        write_atomic(&state_path, &json)?;
    }
    Ok(RollupRefresh {
        days: days.into_iter().collect(),
        rows,
    })
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
    let mut schema = uptake_store::event_schema();
    schema.with_column("date".into(), DataType::Date);
    let events = DataFrame::empty_with_schema(&schema).lazy();
    // Stored partitions hold the date in their path: it comes last, as in a scan.
    let lf = run_rollup(store, events, "empty rollup")?;
    Ok(lf.select([all().exclude_cols(["date"]).as_expr(), col("date")]))
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
