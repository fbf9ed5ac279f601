//! `uptake generate`.

use anyhow::Result;
use uptake_generate::{GenerateOptions, OutputFormat, generate};

use crate::cli::{GenFormat, GenerateArgs};
use crate::config::Settings;
use crate::exit::Code;

pub fn run(settings: &Settings, args: GenerateArgs) -> Result<Code> {
    let mut options = GenerateOptions::new(&args.out);
    options.progress = crate::progress::bars(settings.quiet);
    options.people = args.people;
    options.days = args.days;
    options.seed = args.seed;
    options.start = args.start;
    options.formats = args
        .format
        .iter()
        .map(|f| match f {
            GenFormat::Csv => OutputFormat::Csv,
            GenFormat::Parquet => OutputFormat::Parquet,
            GenFormat::Slack => OutputFormat::Slack,
            GenFormat::M365Audit => OutputFormat::M365Audit,
            GenFormat::M365Usage => OutputFormat::M365Usage,
            GenFormat::Google => OutputFormat::Google,
            GenFormat::Trello => OutputFormat::Trello,
            GenFormat::Mattermost => OutputFormat::Mattermost,
        })
        .collect();
    if args.no_effects {
        options.manager_effect = 0.0;
        options.ambassador_effect = 0.0;
    }
    let s = generate(&options)?;
    if !settings.quiet {
        println!(
            "generated {} people over {} days from {} (roll-out start {}): {} events, {} bot events",
            s.people, s.days, s.start, s.t0, s.events, s.bot_events
        );
        println!(
            "{} activated, {} never-adopters, {} ambassadors, {} in the pilot",
            s.activated, s.never_adopters, s.ambassadors, s.pilot
        );
        let mut files = s.events_files.clone();
        if options.formats.contains(&OutputFormat::Trello) {
            files.push("identities.csv".into());
        }
        files.extend(["roster.csv".into(), "truth.json".into()]);
        println!("wrote into {}: {}", args.out.display(), files.join(", "));
    }
    Ok(Code::Ok)
}
