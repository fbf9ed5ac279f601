//! One module per subcommand; `run` parses the command line and dispatches.

mod accounts;
mod check;
mod completions;
mod curve;
mod effects;
mod fit;
mod generate;
mod ingest;
mod metrics;
mod report;
mod rogers;
mod roster;
mod run;
mod status;
mod waves;

use anyhow::Result;
use clap::{CommandFactory, FromArgMatches};

use crate::cli::{Cli, Command, IngestCommand, RosterCommand};
use crate::config::Settings;
use crate::exit::Code;

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
    let settings = Settings::resolve(&cli.global)?;
    if settings.verbose > 0 {
        eprintln!("store: {}", settings.store.display());
    }
    match cli.command {
        Command::Ingest(IngestCommand::Generic(args)) => ingest::generic(&settings, args),
        Command::Ingest(IngestCommand::Slack(args)) => ingest::native(&settings, "slack", args),
        Command::Ingest(IngestCommand::M365Audit(args)) => {
            ingest::native(&settings, "m365-audit", args)
        }
        Command::Ingest(IngestCommand::M365Usage(args)) => {
            ingest::native(&settings, "m365-usage", args)
        }
        Command::Ingest(IngestCommand::Google(args)) => ingest::native(&settings, "google", args),
        Command::Ingest(IngestCommand::Trello(args)) => ingest::native(&settings, "trello", args),
        Command::Ingest(IngestCommand::Mattermost(args)) => {
            ingest::native(&settings, "mattermost", args)
        }
        Command::Roster(RosterCommand::Import(args)) => roster::import(&settings, args),
        Command::Roster(RosterCommand::Accounts(args)) => accounts::run(&settings, args),
        Command::Roster(RosterCommand::Identities(args)) => {
            roster::import_identities(&settings, &args.file, false).map(|()| Code::Ok)
        }
        Command::Generate(args) => generate::run(&settings, args),
        Command::Status => status::run(&settings),
        Command::Metrics(args) => metrics::run(&settings, args),
        Command::Curve(args) => curve::run(&settings, args),
        Command::Fit(args) => fit::run(&settings, args),
        Command::Rogers(args) => rogers::run(&settings, args),
        Command::Effects(args) => effects::run(&settings, args),
        Command::Check(args) => check::run(&settings, args),
        Command::Report(args) => report::run(&settings, args),
        Command::Rollup => metrics::rollup(&settings),
        Command::Run => run::run(&settings),
        Command::Completions { shell } => completions::completions(shell),
        Command::Man { out } => completions::man(out.as_deref()),
    }
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
