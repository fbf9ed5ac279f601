//! `uptake check`: the objectives scorecard for scheduled jobs; the exit status says
//! whether anything needs attention.

use anyhow::{Result, bail};
use uptake_metrics::{assess_objectives, definitions_for, mark_uncovered, objectives_table};

use super::waves::{WaveContext, emit, meta};
use crate::cli::CheckArgs;
use crate::config::Settings;
use crate::exit::Code;

pub fn run(settings: &Settings, args: CheckArgs) -> Result<Code> {
    if !args.common.by.is_empty() {
        bail!("check: objectives name their own segments; --by does not apply");
    }
    let ctx = WaveContext::load(settings, &args.common)?;
    if ctx.plan.objectives.targets.is_empty() {
        bail!("the plan states no objectives: add [[objectives.target]] entries (docs/plan.md)");
    }
    let members = ctx.members(&[])?;
    let mut assessed = assess_objectives(
        &ctx.plan,
        &ctx.roster,
        &members,
        ctx.as_of,
        &settings.analysis.windows(),
    );
    // A date past the exports would read the missing days as inactivity.
    if !args.allow_stale {
        mark_uncovered(&mut assessed, &ctx.coverage);
    }
    settings.summary.set(
        "objectives",
        assessed
            .iter()
            .map(|a| {
                serde_json::json!({
                    "objective": a.target.name,
                    "metric": a.target.metric,
                    "target": a.target.value,
                    "checkpoint": a.checkpoint_date.to_string(),
                    "status": a.status.as_str(),
                    "value": a.value,
                })
            })
            .collect(),
    );
    let code = if assessed.iter().all(|a| a.status.is_good()) {
        Code::Ok
    } else {
        Code::Attention
    };
    if settings.quiet {
        for a in assessed.iter().filter(|a| !a.status.is_good()) {
            println!(
                "{}: {} ({} {} {} by {}; {})",
                a.status.as_str(),
                a.target.name,
                a.target.metric,
                a.target.comparison.as_str(),
                a.target.value,
                a.checkpoint_date,
                a.value.map_or("no value".to_string(), |v| format!(
                    "value {v:.3} on {}",
                    a.value_date
                )),
            );
        }
        return Ok(code);
    }
    let table = objectives_table(&assessed);
    let footer = format!(
        "\nDefinitions:\n{}",
        definitions_for(&["objective status", "wave", "bass fit"])
    );
    emit(
        &args.common,
        &table,
        meta("uptake.check/1", &ctx, &args.common),
        &footer,
    )?;
    Ok(code)
}
