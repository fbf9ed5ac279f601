//! `uptake run`: the scheduled job. Imports the roster and the identity map when they
//! changed, ingests the configured sources, refreshes the rollup, and prints the store's
//! status and the adoption summary at the last day with events.

use anyhow::{Result, bail};

use crate::cmd::{ingest, metrics, roster, status};
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
    Ok(code)
}
