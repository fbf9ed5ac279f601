//! `uptake curve`: adoption curves per wave, at checkpoints or every day.

use anyhow::{Result, bail};
use uptake_metrics::{checkpoint_table, curve_table, definitions_for, wave_groups};

use super::waves::{WaveContext, emit, meta};
use crate::cli::CurveArgs;
use crate::config::Settings;
use crate::exit::Code;

pub fn run(settings: &Settings, args: CurveArgs) -> Result<Code> {
    let window = args.window.unwrap_or(settings.analysis.window.value);
    if window < 1 {
        bail!("--window must be at least 1 day");
    }
    let ctx = WaveContext::load(settings, &args.common)?;
    let members = ctx.members(&args.common.by)?;
    let groups = wave_groups(&ctx.plan, &ctx.roster, &members, !args.common.by.is_empty());
    let min_group = args.min_group.unwrap_or(settings.analysis.min_group.value);
    let table = if args.daily {
        curve_table(&groups, ctx.as_of, window, min_group)
    } else {
        checkpoint_table(&groups, &ctx.plan.checkpoints, ctx.as_of, window, min_group)
    };
    let mut m = meta("uptake.curve/1", &ctx, &args.common);
    m["window_days"] = window.into();
    m["checkpoints"] = serde_json::json!(ctx.plan.checkpoints);
    let withheld = super::note_withheld(&table, &["wave", "segment"], min_group, &mut m);
    let footer = format!(
        "{withheld}\nDefinitions:\n{}",
        definitions_for(&[
            "wave",
            "adoption curve",
            "eligible on d",
            "first_active",
            "small groups"
        ])
    );
    emit(&args.common, &table, m, &footer)?;
    Ok(Code::Ok)
}
