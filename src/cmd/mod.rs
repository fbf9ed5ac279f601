//! One module per subcommand; `run` parses the command line, dispatches, and writes
//! the run summary.

mod accounts;
mod check;
mod completions;
mod config;
mod curve;
mod effects;
mod fit;
mod generate;
mod ingest;
mod metrics;
mod query;
mod report;
mod rogers;
mod rollup;
mod roster;
mod run;
mod status;
mod waves;

use anyhow::Result;
use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory, FromArgMatches};

use crate::cli::{Cli, Command, ConfigCommand, IngestCommand, RosterCommand};
use crate::config::Settings;
use crate::exit::Code;
use crate::summary::Summary;

pub fn run() -> Result<Code> {
    // The metric definitions are data of the metrics crate; they close `metrics --help`.
    let definitions = format!(
        "{}\n\nDefinitions (docs/metrics.md):\n{}",
        crate::cli::METRICS_EXAMPLES,
        uptake_metrics::definitions_text()
    );
    let matches = Cli::command()
        .mut_subcommand("metrics", |c| c.after_long_help(definitions))
        .get_matches();
    let cli = Cli::from_arg_matches(&matches)?;
    crate::log::init(cli.global.quiet, cli.global.verbose);
    let started = chrono::Utc::now();
    let clock = std::time::Instant::now();
    let summary_path = cli.global.summary_json.clone();
    let command = command_name(&matches);
    let from_env: Vec<&str> = ["store", "config"]
        .into_iter()
        .filter(|id| matches.value_source(id) == Some(ValueSource::EnvVariable))
        .collect();
    let summary = std::rc::Rc::new(Summary::default());
    let outcome = Settings::resolve(&cli.global, &from_env, summary.clone()).and_then(|settings| {
        settings
            .summary
            .set("store", settings.store.display().to_string().into());
        dispatch(&settings, cli.command)
    });
    tracing::info!(
        "{command}: finished in {:.2} s",
        clock.elapsed().as_secs_f64()
    );
    if let Some(path) = summary_path {
        let (code, error) = match &outcome {
            Ok(code) => (*code, None),
            Err(e) => (crate::error_code(e), Some(format!("{e:#}"))),
        };
        let json = summary.to_json(
            &command,
            started,
            clock.elapsed().as_secs_f64(),
            code,
            error,
        );
        crate::summary::write(&path, &json)?;
    }
    outcome
}

/// `ingest slack`, `run`, ...: the subcommand path.
fn command_name(matches: &ArgMatches) -> String {
    let mut names = vec![];
    let mut m = matches;
    while let Some((name, sub)) = m.subcommand() {
        names.push(name);
        m = sub;
    }
    names.join(" ")
}

fn dispatch(settings: &Settings, command: Command) -> Result<Code> {
    match command {
        Command::Ingest(IngestCommand::Generic(args)) => ingest::generic(settings, args),
        Command::Ingest(IngestCommand::Slack(args)) => ingest::native(settings, "slack", args),
        Command::Ingest(IngestCommand::M365Audit(args)) => {
            ingest::native(settings, "m365-audit", args)
        }
        Command::Ingest(IngestCommand::M365Usage(args)) => {
            ingest::native(settings, "m365-usage", args)
        }
        Command::Ingest(IngestCommand::Google(args)) => ingest::native(settings, "google", args),
        Command::Ingest(IngestCommand::Trello(args)) => ingest::native(settings, "trello", args),
        Command::Ingest(IngestCommand::Mattermost(args)) => {
            ingest::native(settings, "mattermost", args)
        }
        Command::Roster(RosterCommand::Import(args)) => roster::import(settings, args),
        Command::Roster(RosterCommand::Accounts(args)) => accounts::run(settings, args),
        Command::Roster(RosterCommand::Identities(args)) => {
            roster::import_identities(settings, &args.file, args.encoding, false).map(|()| Code::Ok)
        }
        Command::Generate(args) => generate::run(settings, args),
        Command::Status(args) => status::run(settings, args.plan.as_deref()),
        Command::Metrics(args) => metrics::run(settings, args),
        Command::Curve(args) => curve::run(settings, args),
        Command::Fit(args) => fit::run(settings, args),
        Command::Rogers(args) => rogers::run(settings, args),
        Command::Effects(args) => effects::run(settings, args),
        Command::Check(args) => check::run(settings, args),
        Command::Report(args) => report::run(settings, args),
        Command::Rollup(args) => rollup::run(settings, args),
        Command::Run(args) => run::run(settings, args),
        Command::Query(args) => query::run(settings, args),
        Command::Config(ConfigCommand::Show(args)) => config::show(settings, args),
        Command::Completions { shell } => completions::completions(shell),
        Command::Man { out } => completions::man(out.as_deref()),
    }
}
/// The days the exports cover for `filter`'s tools; warns on stderr (each warning once
/// per process, unless quiet) when `as_of` lies after a tool's last day or before any
/// data, and lists the warnings in the run summary (`warnings`).
pub fn coverage_at(
    settings: &Settings,
    store: &uptake_store::Store,
    filter: &uptake_metrics::ActivityFilter,
    as_of: uptake_metrics::Day,
) -> Result<uptake_metrics::Coverage> {
    use std::collections::HashSet;
    use std::sync::{Mutex, OnceLock};
    static SAID: OnceLock<Mutex<HashSet<String>>> = OnceLock::new();
    let coverage = uptake_metrics::Coverage::of_store(store, filter)?;
    let mut said = SAID
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    for w in coverage.warnings(as_of) {
        if said.insert(w.clone()) {
            if !settings.quiet {
                eprintln!("warning: {w}");
            }
            settings.summary.push("warnings", w.into());
        }
    }
    Ok(coverage)
}

/// Says how many groups `table` withholds for k (`min_group`), keyed by the `key`
/// columns it has: in `meta` (`suppressed_groups`, `min_group`) for JSON, and as the
/// line returned for the text output's footer (empty when none is withheld).
pub fn note_withheld(
    table: &uptake_metrics::Table,
    key: &[&str],
    min_group: usize,
    meta: &mut serde_json::Value,
) -> String {
    let n = table.withheld_groups(key);
    meta["suppressed_groups"] = n.into();
    meta["min_group"] = min_group.into();
    if n == 0 {
        return String::new();
    }
    format!(
        "\n{n} group(s) of fewer than {min_group} eligible people withheld: their figures show `suppressed` (--min-group).\n"
    )
}

/// Writes a command's output to `out`, or to stdout.
pub fn write_output(out: Option<&std::path::Path>, bytes: &[u8]) -> Result<()> {
    use anyhow::Context;
    use std::io::Write;
    match out {
        Some(path) => {
            std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
        }
        None => Ok(std::io::stdout().write_all(bytes)?),
    }
}

/// Writes a table as `format` asks: text (then `footer`), CSV, JSON (`meta` with
/// `columns` and `rows` added) or Parquet (which needs `out`).
pub fn write_table(
    format: crate::cli::OutputFormat,
    out: Option<&std::path::Path>,
    table: &uptake_metrics::Table,
    mut meta: serde_json::Value,
    footer: &str,
) -> Result<()> {
    use crate::cli::OutputFormat;
    let bytes = match format {
        OutputFormat::Table => {
            let mut s = table.to_text();
            if table.rows.is_empty() {
                s.push_str("(no rows)\n");
            }
            s.push_str(footer);
            s.into_bytes()
        }
        OutputFormat::Csv => table.to_csv().into_bytes(),
        OutputFormat::Json => {
            meta["columns"] = serde_json::json!(table.columns);
            meta["rows"] = table.to_json();
            let mut s = serde_json::to_string_pretty(&meta)?;
            s.push('\n');
            s.into_bytes()
        }
        OutputFormat::Parquet => {
            if out.is_none() {
                anyhow::bail!("--format parquet needs --out FILE");
            }
            table.to_parquet()?
        }
    };
    write_output(out, &bytes)
}
