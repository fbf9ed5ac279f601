//! `uptake report`: the adoption report into a folder.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use uptake_metrics::Plan;
use uptake_report::{Format, Lang, Report, ReportOptions, write_report};
use uptake_store::Store;

use crate::cli::ReportArgs;
use crate::config::Settings;
use crate::exit::Code;

/// Where the report goes when neither `--out` nor the config says.
pub const DEFAULT_REPORT_DIR: &str = "uptake-report";

pub fn run(settings: &Settings, args: ReportArgs) -> Result<Code> {
    let formats: Vec<Format> = args
        .format
        .iter()
        .filter_map(|f| Format::parse(f))
        .collect();
    let out = args
        .out
        .clone()
        .or_else(|| settings.report.clone())
        .unwrap_or_else(|| PathBuf::from(DEFAULT_REPORT_DIR));
    let lang = match args.lang.as_deref().or(settings.lang.as_deref()) {
        Some(l) => Lang::parse(l).with_context(|| format!("language `{l}`: use en or fr"))?,
        None => Lang::from_locale(),
    };
    let plan_path = args.plan.as_ref().or(settings.plan.as_ref());
    let analysis = settings.analysis.with_flags(&args.windows, None)?;
    let options = ReportOptions {
        lang,
        by: args.by,
        names: args.names,
        allow_stale: args.allow_stale,
        windows: analysis.windows(),
        ..ReportOptions::default()
    };
    write(settings, plan_path, args.as_of, &out, &formats, options)?;
    Ok(Code::Ok)
}

/// Gathers and writes the report; prints where it went unless quiet.
pub fn write(
    settings: &Settings,
    plan_path: Option<&PathBuf>,
    as_of: Option<chrono::NaiveDate>,
    out: &Path,
    formats: &[Format],
    options: ReportOptions,
) -> Result<()> {
    let Some(plan_path) = plan_path else {
        bail!(
            "the report needs the deployment plan and its objectives: pass --plan FILE or set `plan = \"plan.toml\"` in uptake.toml (docs/plan.md)"
        );
    };
    let plan = Plan::read(plan_path)?;
    let store = Store::open_existing(&settings.store)?;
    let Some(roster) = store.read_roster()? else {
        bail!("the report needs the roster: uptake roster import FILE");
    };
    plan.check_columns(&roster)
        .with_context(|| format!("in {}", plan_path.display()))?;
    // One spinner: gathering has no natural unit, and it is the effects' bootstrap and
    // the fits that take the time.
    let progress = crate::progress::bars(settings.quiet);
    progress.begin("report", 0, uptake_store::Unit::Steps);
    let clock = std::time::Instant::now();
    let report = Report::gather(&store, &roster, plan, as_of, options)?;
    crate::cmd::coverage_at(
        settings,
        &store,
        &Default::default(),
        uptake_metrics::day_of(report.as_of),
    )?;
    let written = write_report(&report, out, formats)?;
    progress.end();
    tracing::info!(
        "report: {} files in {} in {:.2} s",
        written.len(),
        out.display(),
        clock.elapsed().as_secs_f64()
    );
    settings.summary.set(
        "report",
        serde_json::json!({
            "dir": out.display().to_string(),
            "as_of": report.as_of.to_string(),
            "files": written.len(),
        }),
    );
    if !settings.quiet {
        println!(
            "report at {} ({} files) in {}:",
            report.as_of,
            written.len(),
            out.display()
        );
        for p in written.iter().filter(|p| p.parent() == Some(out)) {
            println!("  {}", p.display());
        }
        println!("  {}/ (charts, SVG and PNG)", out.join("charts").display());
    }
    Ok(())
}
