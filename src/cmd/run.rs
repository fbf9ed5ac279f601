//! `uptake run`: the scheduled job. Under the store's run lock: imports the roster and
//! the identity map when they changed, ingests the configured sources, refreshes the
//! rollup, prints the store's status and the adoption summary at the last day with
//! events, and, with a plan, writes the report and checks the objectives.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use uptake_report::{Format, Lang, ReportOptions};
use uptake_store::Store;

use crate::cli::{CheckArgs, OutputFormat, RunArgs, WaveArgs};
use crate::cmd::{check, ingest, metrics, report, roster, status};
use crate::config::Settings;
use crate::exit::Code;

pub fn run(settings: &Settings, args: RunArgs) -> Result<Code> {
    let Some(config) = &settings.config else {
        bail!(
            "uptake run reads its sources from a config file: create ./uptake.toml or pass --config FILE (see data/sample/uptake.toml)"
        );
    };
    if settings.sources.is_empty() {
        bail!("{}: no [[source]] to ingest", config.display());
    }
    // Checked before anything is written, so a typo fails fast.
    settings.analysis.max_rejects(args.rejects.max_rejects)?;
    let store = Store::open(&settings.store)?;
    if args.wait > 0 {
        tracing::info!("waiting up to {} s for the store's run lock", args.wait);
    }
    let _run = store.run_lock(Duration::from_secs(args.wait))?;
    // The identity map first, so that the rollup the ingest refreshes already uses it.
    if let Some(file) = &settings.roster {
        roster::import_file(
            settings,
            file,
            &Default::default(),
            Default::default(),
            true,
        )?;
    }
    if let Some(file) = &settings.identities {
        roster::import_identities(settings, file, Default::default(), true)?;
    }
    let mut code = Code::Ok;
    for source in &settings.sources {
        let report = ingest::ingest_source(
            settings,
            source,
            std::slice::from_ref(&source.path),
            false,
            false,
        )?;
        code = code.worst(ingest::outcome(
            settings,
            &report,
            args.rejects.max_rejects,
        )?);
    }
    // Once for every source: each day is recomputed once.
    ingest::refresh(settings, &store)?;
    if !settings.quiet {
        println!();
        status::run(settings, args.plan.as_deref())?;
        println!();
        metrics::print_headline(settings)?;
    }
    // With a plan: the report, then the objectives scorecard.
    let plan = args.plan.as_ref().or(settings.plan.as_ref());
    if let Some(plan) = plan {
        let out = settings
            .report
            .clone()
            .unwrap_or_else(|| PathBuf::from(report::DEFAULT_REPORT_DIR));
        let lang = match settings.lang.as_deref() {
            Some(l) => {
                Lang::parse(l).with_context(|| format!("lang `{l}` in the config: use en or fr"))?
            }
            None => Lang::from_locale(),
        };
        if !settings.quiet {
            println!();
        }
        let formats = [Format::Html, Format::Markdown, Format::Json];
        let options = ReportOptions {
            lang,
            windows: settings.analysis.windows(),
            allow_stale: args.allow_stale,
            ..ReportOptions::default()
        };
        report::write(settings, Some(plan), None, &out, &formats, options)?;
        if !settings.quiet {
            println!("\nobjectives (uptake check):");
        }
        let args = CheckArgs {
            common: WaveArgs {
                plan: Some(plan.clone()),
                as_of: None,
                by: vec![],
                tool: None,
                tz: None,
                level: None,
                format: OutputFormat::Table,
                out: None,
            },
            allow_stale: args.allow_stale,
        };
        code = code.worst(check::run(settings, args)?);
    }
    Ok(code)
}
