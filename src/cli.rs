//! Command-line definitions.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "uptake",
    version,
    about = "Adoption analytics for collaboration-tool roll-outs",
    long_about = "uptake turns collaboration-tool exports and an HR roster into adoption \
analytics: who is really active, who is a ghost, how adoption spreads and whether the \
roll-out's objectives are met.",
    after_help = "Example:\n  uptake generate --people 300 --days 270 --out sample\n  \
uptake ingest generic sample/events.csv\n  uptake roster import sample/roster.csv\n  uptake status"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args, Clone)]
pub struct GlobalArgs {
    /// Store directory [default: from the config file, else ./uptake-store]
    #[arg(long, global = true, env = "UPTAKE_STORE", value_name = "DIR")]
    pub store: Option<PathBuf>,
    /// Configuration file [default: ./uptake.toml when present]
    #[arg(long, global = true, env = "UPTAKE_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Print nothing but errors
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Say more about what is done (repeat for more)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read exports into the store
    #[command(
        subcommand,
        after_help = "Example:\n  uptake ingest generic data/sample/events.csv.gz"
    )]
    Ingest(IngestCommand),
    /// Manage the HR roster
    #[command(
        subcommand,
        after_help = "Example:\n  uptake roster import data/sample/roster.csv"
    )]
    Roster(RosterCommand),
    /// Write a synthetic organisation and its activity (for samples, tests, benchmarks)
    Generate(GenerateArgs),
    /// Show what the store holds: coverage per tool, people, runs, rejects, gaps
    #[command(after_help = "Example:\n  uptake status --store ./uptake-store")]
    Status,
    /// The scheduled job: ingest the configured sources, import the roster if it changed, show the status
    #[command(
        after_help = "Reads [[source]] entries and `roster` from the config file; files \
already ingested are skipped, so a nightly job is one line.\n\n\
Example:\n  uptake --config data/sample/uptake.toml run"
    )]
    Run,
}

#[derive(Debug, Subcommand)]
pub enum IngestCommand {
    /// Any CSV, NDJSON or Parquet file with one row per user action
    #[command(after_help = "Columns (canonical names; rename with --map):\n  \
ts        required: RFC 3339, a naive date-time (read in --tz) or epoch s/ms\n  \
person    required: e-mail or id (trimmed, lower-cased)\n  \
action    required: the tool's own action name\n  \
tool      required unless --tool is given\n  \
activity, category, client, channel, event_id, is_bot: optional\n\n\
Examples:\n  uptake ingest generic data/sample/events.csv\n  \
uptake ingest generic exports/ --tool intranet --map ts=Time,person=Email,action=Event --tz Europe/Paris")]
    Generic(GenericArgs),
}

#[derive(Debug, Args)]
pub struct GenericArgs {
    /// Files or folders (folders are searched recursively for .csv, .tsv, .ndjson, .jsonl, .json, .parquet)
    #[arg(required = true, value_name = "FILE|DIR")]
    pub inputs: Vec<PathBuf>,
    /// Format of every input [default: from each file's extension]
    #[arg(long, value_enum)]
    pub format: Option<InputFormat>,
    /// Columns named differently: FIELD=COLUMN pairs, comma-separated
    #[arg(long, value_name = "FIELD=COLUMN,...")]
    pub map: Option<String>,
    /// Tool name for rows without a tool column
    #[arg(long, value_name = "NAME")]
    pub tool: Option<String>,
    /// Time zone of naive timestamps, e.g. Europe/Paris [default: UTC]
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// Read files again even if their content was ingested before (duplicates are still dropped)
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum InputFormat {
    Csv,
    Ndjson,
    Parquet,
}

#[derive(Debug, Subcommand)]
pub enum RosterCommand {
    /// Replace the roster with a CSV or Parquet file
    #[command(
        after_help = "Columns: person and registered_at are required; deactivated_at, name, \
department, team, site, role, profile, manager, ambassador, pilot, wave, hired_at, in_scope are \
known; any other column is kept as a free attribute.\n\n\
Example:\n  uptake roster import data/sample/roster.csv\n  \
uptake roster import hr.csv --map person=Email,registered_at=LicenceDate"
    )]
    Import(RosterImportArgs),
}

#[derive(Debug, Args)]
pub struct RosterImportArgs {
    /// Roster file (.csv or .parquet)
    pub file: PathBuf,
    /// Columns named differently: COLUMN=FILE_COLUMN pairs, comma-separated
    #[arg(long, value_name = "COLUMN=FILE_COLUMN,...")]
    pub map: Option<String>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  uptake generate --people 300 --days 270 --seed 7 --out data/sample\n  \
uptake generate --people 100000 --days 365 --format parquet --out /tmp/big"
)]
pub struct GenerateArgs {
    /// Head-count over the whole period (new hires included)
    #[arg(long, default_value_t = 300)]
    pub people: usize,
    /// Days to simulate from --start
    #[arg(long, default_value_t = 270)]
    pub days: u32,
    /// Random seed: the same seed gives the same files
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// First simulated day (the pilot's start; the roll-out starts 28 days later)
    #[arg(long, default_value = "2026-01-05")]
    pub start: chrono::NaiveDate,
    /// Output folder
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Events file format
    #[arg(long, value_enum, default_value_t = GenFormat::Csv)]
    pub format: GenFormat,
    /// Switch off the managers' and ambassadors' influence on adoption
    #[arg(long)]
    pub no_effects: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum GenFormat {
    Csv,
    Parquet,
}
