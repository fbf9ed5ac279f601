//! `uptake rogers`: adopter categories per wave.

use anyhow::Result;
use uptake_metrics::{definitions_for, rogers_people, rogers_table, wave_groups};

use super::waves::{WaveContext, emit, meta};
use crate::cli::RogersArgs;
use crate::config::Settings;
use crate::exit::Code;

pub fn run(settings: &Settings, args: RogersArgs) -> Result<Code> {
    let ctx = WaveContext::load(settings, &args.common)?;
    let members = ctx.members(&args.common.by)?;
    let segmented = !args.common.by.is_empty() && !args.people;
    let groups = wave_groups(&ctx.plan, &ctx.roster, &members, segmented);
    let min_group = args.min_group.unwrap_or(settings.analysis.min_group.value);
    let table = if args.people {
        rogers_people(&groups, ctx.as_of)
    } else {
        rogers_table(&groups, ctx.as_of, min_group)
    };
    let mut m = meta("uptake.rogers/1", &ctx, &args.common);
    let withheld = super::note_withheld(&table, &["wave", "segment"], min_group, &mut m);
    let footer = format!(
        "{withheld}\nDefinitions:\n{}",
        definitions_for(&["wave", "adopter category", "small groups"])
    );
    emit(&args.common, &table, m, &footer)?;
    Ok(Code::Ok)
}
