//! `uptake run`: the scheduled job. Imports the roster and the identity map when they
//! changed, ingests the configured sources, refreshes the rollup, prints the store's
//! status and the adoption summary at the last day with events, and, with a plan, writes
//! the report and checks the objectives (exit status 1 when any needs attention).

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use uptake_report::{Format, Lang, ReportOptions};

use crate::cli::{CheckArgs, OutputFormat, WaveArgs};
use crate::cmd::{check, ingest, metrics, report, roster, status};
use crate::config::Settings;
use crate::exit::Code;

pub fn run(settings: &Settings) -> Result<Code> {
    let Some(config) = &settings.config else {
        bail!(
            "uptake run reads its sources from a config file: create ./uptake.toml or pass --config FILE (see data/sample/uptake.toml)"
        );
    };
    if settings.sources.is_empty() {
        bail!("{}: no [[source]] to ingest", config.display());
    }
    // The identity map first, so that the rollup the ingest refreshes already uses it.
    if let Some(file) = &settings.roster {
        roster::import_file(settings, file, &Default::default(), true)?;
    }
    if let Some(file) = &settings.identities {
        roster::import_identities(settings, file, true)?;
    }
    let mut code = Code::Ok;
    for source in &settings.sources {
        let report =
            ingest::ingest_source(settings, source, std::slice::from_ref(&source.path), false)?;
        if report.failed().next().is_some() {
            code = Code::Usage;
        }
    }
    if !settings.quiet {
        println!();
        status::run(settings)?;
        println!();
        metrics::print_headline(settings)?;
    }
    // With a plan: the report, then the objectives scorecard, whose status is the exit
    // status (unless an ingest failed).
    if let Some(plan) = &settings.plan {
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
                level: "active".into(),
                format: OutputFormat::Table,
                out: None,
            },
        };
        let checked = check::run(settings, args)?;
        if code == Code::Ok {
            code = checked;
        }
    }
    Ok(code)
}
