//! `uptake effects`: what goes with faster adoption, with bootstrap intervals.

use anyhow::{Result, bail};
use uptake_metrics::{CAVEAT, EffectOptions, definitions_for, effects, segment_columns};

use super::waves::{WaveContext, emit, meta};
use crate::cli::EffectsArgs;
use crate::config::Settings;
use crate::exit::Code;

pub fn run(settings: &Settings, args: EffectsArgs) -> Result<Code> {
    if !(args.confidence > 0.0 && args.confidence < 1.0) {
        bail!("--confidence is a level between 0 and 1, e.g. 0.95");
    }
    let window = args.window.unwrap_or(settings.analysis.window.value);
    let min_group = args.min_group.unwrap_or(settings.analysis.min_group.value);
    if args.bootstrap < 100 || window < 1 {
        bail!("--bootstrap must be at least 100 and --window at least 1 day");
    }
    if !args.common.by.is_empty() {
        bail!("effects compare fixed groups: --by does not apply");
    }
    let ctx = WaveContext::load(settings, &args.common)?;
    let members = ctx.members(&[])?;
    let adjust_for: Vec<String> = args
        .adjust_for
        .iter()
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty() && c != "none")
        .collect();
    let known = segment_columns(&ctx.roster);
    if let Some(c) = adjust_for
        .iter()
        .find(|c| *c != "wave" && !known.contains(c))
    {
        bail!(
            "--adjust-for: no roster column `{c}`; columns are: wave, {}",
            known.join(", ")
        );
    }
    let options = EffectOptions {
        resamples: args.bootstrap,
        seed: args.seed,
        confidence: args.confidence,
        window,
        manager_days: args.manager_days,
        min_group,
        adjust_for: adjust_for.clone(),
    };
    let table = effects(&ctx.plan, &ctx.roster, &members, ctx.as_of, &options);
    let mut m = meta("uptake.effects/1", &ctx, &args.common);
    m["caveat"] = CAVEAT.into();
    m["bootstrap"] = serde_json::json!({
        "resamples": args.bootstrap,
        "seed": args.seed,
        "confidence": args.confidence,
    });
    m["adjusted_for"] = adjust_for.into();
    let footer = format!(
        "\nCaveat: {CAVEAT}\n\nDefinitions:\n{}",
        definitions_for(&["wave", "effect", "first_active"])
    );
    emit(&args.common, &table, m, &footer)?;
    Ok(Code::Ok)
}
