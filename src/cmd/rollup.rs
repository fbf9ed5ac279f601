//! `uptake rollup`: bring the daily rollup up to date, on the engine asked for.

use anyhow::Result;
use uptake_store::Store;

use crate::cli::RollupArgs;
use crate::config::Settings;
use crate::exit::Code;

pub fn run(settings: &Settings, args: RollupArgs) -> Result<Code> {
    let store = Store::open_existing(&settings.store)?;
    let mut config = settings.rollup.clone();
    if let Some(engine) = args.engine {
        config.engine = engine;
    }
    if args.remote.is_some() {
        config.remote = args.remote;
    }
    if args.events.is_some() {
        config.events = args.events;
    }
    let progress = crate::progress::bars(settings.quiet);
    let r = crate::engine::refresh(&config, &store, &*progress)?;
    settings.summary.set(
        "rollup",
        serde_json::json!({"days": r.days.len(), "rows": r.rows, "engine": r.engine}),
    );
    if !settings.quiet {
        match &r.engine {
            Some(engine) => println!(
                "rollup: {} day(s) recomputed, {} rows, on {engine}",
                r.days.len(),
                r.rows
            ),
            None => println!("rollup: up to date, nothing recomputed"),
        }
    }
    Ok(Code::Ok)
}
