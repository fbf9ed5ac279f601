//! `uptake ingest <source>`.

use anyhow::{Context, Result, bail};
use uptake_ingest::{
    Format, GENERIC_FIELDS, GenericOptions, GenericSource, IngestOptions, IngestReport, Source,
};
use uptake_store::{FileStatus, Store};

use crate::cli::{ExportArgs, GenericArgs, InputFormat};
use crate::config::{Settings, SourceConfig};
use crate::exit::Code;
use crate::printable;

pub fn generic(settings: &Settings, args: GenericArgs) -> Result<Code> {
    let format = args.format.map(|f| match f {
        InputFormat::Csv => "csv",
        InputFormat::Ndjson => "ndjson",
        InputFormat::Parquet => "parquet",
    });
    // Every input of one command is one run: one batch, one commit.
    let source = SourceConfig {
        kind: "generic".into(),
        path: Default::default(),
        format: format.map(str::to_string),
        map: args.map,
        tool: args.tool,
        tz: args.tz,
        encoding: args.encoding,
    };
    let report = ingest_source(settings, &source, &args.inputs, args.force, true)?;
    outcome(settings, &report, args.rejects.max_rejects)
}

/// `ingest slack|m365-audit|google|trello|mattermost`: a native export reader.
pub fn native(settings: &Settings, kind: &str, args: ExportArgs) -> Result<Code> {
    let source = SourceConfig {
        kind: kind.into(),
        ..Default::default()
    };
    let report = ingest_source(settings, &source, &args.inputs, args.force, true)?;
    outcome(settings, &report, args.rejects.max_rejects)
}

/// The exit status of an ingest: 2 when a file could not be read at all, 3 when more
/// than `max_rejects` of the records read were rejected (excluded bots and system
/// records do not count), else 0.
pub fn outcome(
    settings: &Settings,
    report: &IngestReport,
    max_rejects: Option<f64>,
) -> Result<Code> {
    let limit = settings.analysis.max_rejects(max_rejects)?;
    if report.failed().next().is_some() {
        return Ok(Code::Usage);
    }
    let share = reject_share(report);
    if share > limit {
        eprintln!(
            "error: {} of {} records rejected ({:.1}%, over the {:.1}% allowed by max_rejects); the rest was stored. Reasons: {}",
            report.counts.rejected,
            report.counts.read - report.counts.excluded,
            share * 100.0,
            limit * 100.0,
            report
                .rejects
                .as_ref()
                .map_or("(none written)".to_string(), |p| p.display().to_string())
        );
        return Ok(Code::Rejects);
    }
    Ok(Code::Ok)
}

/// Rejected records over the records that were meant to be stored (read minus excluded).
fn reject_share(report: &IngestReport) -> f64 {
    let c = &report.counts;
    let considered = c.read.saturating_sub(c.excluded);
    if considered == 0 {
        0.0
    } else {
        c.rejected as f64 / considered as f64
    }
}

/// Runs one source over `inputs`, prints its report (unless quiet) and the failed files.
pub fn ingest_source(
    settings: &Settings,
    source: &SourceConfig,
    inputs: &[std::path::PathBuf],
    force: bool,
    refresh_rollup: bool,
) -> Result<IngestReport> {
    let reader: Box<dyn Source> = match source.kind.as_str() {
        "generic" => Box::new(generic_source(settings, source)?),
        other => match uptake_ingest::native_source(other) {
            Some(s) => s,
            None => bail!(
                "unknown source kind `{other}` (available: generic, {})",
                uptake_ingest::NATIVE_SOURCES.join(", ")
            ),
        },
    };
    let store = Store::open(&settings.store)?;
    let progress = crate::progress::bars(settings.quiet);
    let options = IngestOptions {
        force,
        progress: progress.clone(),
    };
    let clock = std::time::Instant::now();
    let report =
        uptake_ingest::ingest(&store, reader.as_ref(), inputs, &options).with_context(|| {
            format!(
                "ingest into {} failed; the store is unchanged",
                store.root().display()
            )
        })?;
    tracing::info!(
        "ingest {}: {} file(s), read {} records in {:.2} s",
        source.kind,
        report.files.len(),
        report.counts.read,
        clock.elapsed().as_secs_f64()
    );
    settings
        .summary
        .push("ingests", summary_json(&source.kind, &report));
    for s in &report.skipped {
        eprintln!(
            "warning: skipped {}: {}",
            printable::name(&s.path),
            printable::message(&s.reason)
        );
    }
    if !settings.quiet {
        print_report(&source.kind, &store, &report);
    }
    if report.batch.is_some() && refresh_rollup {
        refresh(settings, &store)?;
    }
    for f in report.failed() {
        eprintln!(
            "error: {} (nothing of this file was stored)",
            printable::message(f.error.as_deref().unwrap_or(&f.path))
        );
    }
    Ok(report)
}

fn generic_source(settings: &Settings, source: &SourceConfig) -> Result<GenericSource> {
    let tz_name = source
        .tz
        .as_deref()
        .or(settings.tz.as_deref())
        .unwrap_or("UTC");
    let tz = tz_name.parse::<chrono_tz::Tz>().map_err(|_| {
        anyhow::anyhow!("unknown time zone `{tz_name}` (use an IANA name such as Europe/Paris)")
    })?;
    let fields: Vec<&str> = GENERIC_FIELDS.iter().map(|(f, _)| *f).collect();
    let mapping = match &source.map {
        Some(m) => uptake_ingest::parse_mapping(m, &fields)?,
        None => Default::default(),
    };
    let format = source
        .format
        .as_deref()
        .map(|f| f.parse::<Format>().map_err(anyhow::Error::msg))
        .transpose()?;
    Ok(GenericSource::new(GenericOptions {
        format,
        mapping,
        tool: source.tool.clone(),
        tz,
        encoding: source.encoding,
    }))
}

fn print_report(source: &str, store: &Store, report: &IngestReport) {
    for b in &report.rolled_back {
        println!("rolled back interrupted run {b}");
    }
    match &report.batch {
        Some(b) => println!("ingest {source}: batch {b} into {}", store.root().display()),
        None => println!(
            "ingest {source}: nothing new for {}",
            store.root().display()
        ),
    }
    for f in &report.files {
        let path = printable::name(&f.path);
        for w in &f.warnings {
            println!("  warning: {path}: {}", printable::message(w));
        }
        let c = &f.counts;
        match f.status {
            FileStatus::Ingested => println!(
                "  {path}: read {}, stored {}, duplicates {}, rejected {}, excluded {}",
                c.read, c.stored, c.duplicates, c.rejected, c.excluded
            ),
            FileStatus::AlreadyIngested => {
                println!("  {path}: already ingested (same content), skipped")
            }
            FileStatus::Failed => println!("  {path}: FAILED, nothing stored"),
        }
    }
    let c = &report.counts;
    println!(
        "read {} = stored {} + duplicates {} + rejected {} + excluded (bots/system) {}{}",
        c.read,
        c.stored,
        c.duplicates,
        c.rejected,
        c.excluded,
        if c.balanced() {
            ""
        } else {
            "  [ACCOUNTING MISMATCH]"
        }
    );
    if !report.skipped.is_empty() {
        println!(
            "skipped {} folder entr{} not read (links out of the input folder or in a loop; see the warnings)",
            report.skipped.len(),
            if report.skipped.len() == 1 {
                "y"
            } else {
                "ies"
            }
        );
    }
    if let (Some(a), Some(b)) = (report.ts_min, report.ts_max) {
        println!(
            "new events from {} to {} over {} day(s)",
            a.format("%Y-%m-%d %H:%M:%SZ"),
            b.format("%Y-%m-%d %H:%M:%SZ"),
            report.days.len()
        );
    }
    if report.accounts > 0 {
        println!(
            "accounts listed: {} (compare with the roster: uptake roster accounts)",
            report.accounts
        );
    }
    if let Some(r) = &report.rejects {
        println!("rejected records with their reasons: {}", r.display());
    }
}

/// Brings the rollup up to date, with a progress bar, and records what it did.
pub fn refresh(settings: &Settings, store: &Store) -> Result<()> {
    let progress = crate::progress::bars(settings.quiet);
    let r = crate::engine::refresh(&settings.rollup, store, &*progress)
        .context("refreshing the daily rollup")?;
    settings.summary.set(
        "rollup",
        serde_json::json!({"days": r.days.len(), "rows": r.rows, "engine": r.engine}),
    );
    Ok(())
}

/// One ingest as the run summary records it.
fn summary_json(kind: &str, report: &IngestReport) -> serde_json::Value {
    let counts = |c: &uptake_store::RunCounts| {
        serde_json::json!({
            "read": c.read,
            "stored": c.stored,
            "duplicates": c.duplicates,
            "rejected": c.rejected,
            "excluded": c.excluded,
        })
    };
    let status = |s: FileStatus| match s {
        FileStatus::Ingested => "ingested",
        FileStatus::AlreadyIngested => "already ingested",
        FileStatus::Failed => "failed",
    };
    serde_json::json!({
        "source": kind,
        "batch": report.batch,
        "counts": counts(&report.counts),
        "reject_share": reject_share(report),
        "rejects_file": report.rejects.as_ref().map(|p| p.display().to_string()),
        "days": report.days.len(),
        "skipped": report.skipped.iter().map(|s| serde_json::json!({
            "path": s.path,
            "reason": s.reason,
        })).collect::<Vec<_>>(),
        "files": report.files.iter().map(|f| serde_json::json!({
            "path": f.path,
            "status": status(f.status),
            "counts": counts(&f.counts),
            "error": f.error,
        })).collect::<Vec<_>>(),
    })
}
