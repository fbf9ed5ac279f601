//! Command-line definitions.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// `--encoding`: `auto` or an encoding's name.
fn parse_encoding(s: &str) -> Result<uptake_ingest::TextEncoding, String> {
    s.parse()
}

/// A date given on the command line: `YYYY-MM-DD` or `DD/MM/YYYY`, as roster dates are read.
fn parse_day(s: &str) -> Result<chrono::NaiveDate, String> {
    uptake_ingest::parse_date(s)
}

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
    /// Say more about what is done on stderr: -v steps and timings, -vv details
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Write a machine-readable summary of the run (schema uptake.summary/1) to FILE,
    /// whatever the outcome
    #[arg(long, global = true, value_name = "FILE")]
    pub summary_json: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read exports into the store
    #[command(
        subcommand,
        after_help = "Example:\n  uptake ingest slack data/sample/slack-export.zip"
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
    /// Adoption metrics: daily, summary, ghosts, lifecycle, activation, retention, segments, breadth, leadership, sprawl, partners, collaboration
    #[command(long_about = METRICS_ABOUT, after_help = METRICS_EXAMPLES)]
    Metrics(MetricsArgs),
    /// Adoption curves per wave: activation and 28-day active shares by day since the wave start
    #[command(after_help = CURVE_EXAMPLES)]
    Curve(CurveArgs),
    /// Bass diffusion fits: per wave with target dates, or of an aggregate series (SERIES.csv)
    #[command(after_help = FIT_EXAMPLES)]
    Fit(FitArgs),
    /// Rogers adopter categories per wave (innovators ... laggards, not yet adopted)
    #[command(after_help = ROGERS_EXAMPLES)]
    Rogers(RogersArgs),
    /// Effects of the pilot, ambassadors, managers' example, new hires, reach and interventions
    #[command(after_help = EFFECTS_EXAMPLES)]
    Effects(EffectsArgs),
    /// The adoption report: objectives scorecard, charts, ghost follow-up, effects, data quality
    #[command(long_about = REPORT_ABOUT, after_help = REPORT_EXAMPLES)]
    Report(ReportArgs),
    /// The objectives scorecard: exit 0 when every objective is met or on track, 1 otherwise
    #[command(long_about = CHECK_ABOUT, after_help = CHECK_EXAMPLES)]
    Check(CheckArgs),
    /// Recompute the daily person x day x tool x category rollup for days changed since the last one
    #[command(long_about = ROLLUP_ABOUT, after_help = ROLLUP_EXAMPLES)]
    Rollup(RollupArgs),
    /// Show what the store holds: coverage per tool, people, runs, rejects, gaps
    #[command(after_help = "Example:\n  uptake status --store ./uptake-store")]
    Status(StatusArgs),
    /// The scheduled job: import the roster, ingest the sources, refresh the rollup, write the report, check the objectives
    #[command(long_about = RUN_ABOUT, after_help = RUN_EXAMPLES)]
    Run(RunArgs),
    /// Run SQL over the store: tables events, activity, people, daily, interactions
    #[command(long_about = QUERY_ABOUT, after_help = QUERY_EXAMPLES)]
    Query(QueryArgs),
    /// Show the effective configuration and where each value came from
    #[command(subcommand, after_help = CONFIG_EXAMPLES)]
    Config(ConfigCommand),
    /// Print a shell completion script: bash, zsh, fish, elvish or powershell
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), or write one page per command into a folder
    #[command(after_help = MAN_EXAMPLES)]
    Man {
        /// Write uptake.1 and uptake-<command>.1 into DIR instead of printing uptake.1
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
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
Examples:\n  uptake generate --out sample   # writes sample/events.csv\n  \
uptake ingest generic sample/events.csv\n  \
uptake ingest generic exports/ --tool intranet --map ts=Time,person=Email,action=Event --tz Europe/Paris")]
    Generic(GenericArgs),
    /// A Slack workspace export: the .zip Slack delivers, or its extracted folder
    #[command(
        after_help = "Messages, thread replies, file shares and reactions become events; \
bots, integrations and system messages (joins, topics, tombstones...) are counted and excluded. \
Reactions carry no time of their own: they are dated at the message they react to. People are \
keyed by the e-mail in users.json, else slack:user_id (lower-cased). Mapping: docs/sources/slack.md.\n\n\
Examples:\n  uptake ingest slack exports/acme-slack-2026-03.zip\n  uptake ingest slack exports/  \
# every export .zip or folder inside"
    )]
    Slack(ExportArgs),
    /// Microsoft Purview unified audit log CSV exports (Teams, SharePoint, OneDrive, Exchange)
    #[command(
        name = "m365-audit",
        after_help = "Reads the classic (CreationDate, UserIds, Operations, AuditData) and the new (RecordId, CreationDate, RecordType, Operation, UserId, AuditData) column sets. Times come from AuditData.CreationTime (UTC). System, application and service-principal records are excluded, and so are failed sign-ins. Mapping: docs/sources/m365-audit.md.\n\n\
Example:\n  uptake ingest m365-audit exports/audit/"
    )]
    M365Audit(ExportArgs),
    /// Microsoft Graph usage report CSVs (Teams user activity detail, Office 365 active users)
    #[command(
        name = "m365-usage",
        after_help = "Snapshots, not events: each user's last activity date per product becomes \
one dated observation (action last_activity; id m365-usage:<tool>:<upn>:<date>, so weekly \
downloads add only what changed), and each licence an account record with its assignment date \
(see uptake roster accounts). Mapping: docs/sources/m365-usage.md.\n\n\
Example:\n  uptake ingest m365-usage exports/usage/   # every weekly download in the folder"
    )]
    M365Usage(ExportArgs),
    /// Google Workspace Reports API activity JSON (drive, meet, chat, calendar, login)
    #[command(
        after_help = "Each file is an activities.list response (`items`), an array of them, or NDJSON with one activity per line (.jsonl). Each event of an activity is one record; non-person callers (API keys) and failed logins are excluded. Mapping: docs/sources/google.md.\n\n\
Example:\n  uptake ingest google exports/google/drive-2026-03.json"
    )]
    Google(ExportArgs),
    /// Trello board JSON exports, or arrays of actions fetched through the API
    #[command(
        after_help = "People are trello:USERNAME (map them to e-mails with the identity map). Trello's board export stops at 1,000 actions: uptake warns when a file is at the cap, because older history is then missing. Mapping: docs/sources/trello.md.\n\n\
Example:\n  uptake ingest trello board.json comments.json"
    )]
    Trello(ExportArgs),
    /// Mattermost bulk exports (mmctl export, JSONL)
    #[command(
        after_help = "Posts, replies, direct messages, file shares and reactions become events; bot users, system posts and webhook posts are excluded. People are keyed by the e-mail of their `user` line, else mattermost:USERNAME. Mapping: docs/sources/mattermost.md.\n\n\
Example:\n  uptake ingest mattermost export.jsonl"
    )]
    Mattermost(ExportArgs),
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Deployment plan, whose partners' people are told apart from the unmatched
    /// identities [default: `plan` in the config file]
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Export files (.zip, folders of an extracted export, or folders holding exports)
    #[arg(required = true, value_name = "PATH")]
    pub inputs: Vec<PathBuf>,
    /// Read exports again even if their content was ingested before (duplicates are still dropped)
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub rejects: RejectArgs,
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
    /// Encoding of a CSV file when it is not UTF-8, e.g. windows-1252 (Excel's "CSV" on a
    /// French or Western Windows), iso-8859-15, utf-16le [default: UTF-8; UTF-16 with a
    /// BOM; any other encoding is detected]
    #[arg(long, value_name = "NAME", value_parser = parse_encoding, default_value = "auto", hide_default_value = true)]
    pub encoding: uptake_ingest::TextEncoding,
    /// Read files again even if their content was ingested before (duplicates are still dropped)
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub rejects: RejectArgs,
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
registered_at is the day the person's account was opened in the tools; when the HR export \
has no such date, give the hire date. Metrics count a person from that day: one still \
inactive `grace` days after it (14 by default) is a ghost.\n\n\
File: CSV separated by `,`, `;` or tab (found from the header line), or Parquet. UTF-8, \
with or without a BOM, UTF-16 with a BOM, or another encoding: Windows-1252 (Excel's \"CSV\" \
on a French or Western Windows) and the like are detected, or named with --encoding. Dates: \
YYYY-MM-DD or DD/MM/YYYY. Yes/no columns: true/false, yes/no, oui/non, 1/0.\n\n\
Example:\n  uptake roster import data/sample/roster.csv\n  \
uptake roster import hr.csv --map person=Email,registered_at=LicenceDate"
    )]
    Import(RosterImportArgs),
    /// Replace the identity map: a CSV of `alias,person` rows
    #[command(
        after_help = "An alias is a person key as the exports give it (trello:ana_m, \
slack:u024be7lh, an old e-mail address); person is the roster's key (the e-mail). The map is \
applied to the rollup and to `uptake status`, not written into stored events: importing a new \
map re-attributes all history without re-ingesting. `uptake status` lists the identities still \
unmatched, with their event counts.\n\n\
Example:\n  uptake roster identities identities.csv"
    )]
    Identities(IdentitiesArgs),
    /// Compare the tools' accounts with the roster
    #[command(
        after_help = "Accounts come from the exports that list them (Slack users.json, \
Mattermost users and bots, Trello board members). Each row is one finding:\n  \
not_in_roster       an account (not a bot) whose person is not in the roster: a false ghost \
elsewhere, or someone to add\n  \
no_account          a roster person without an account in a tool that lists accounts\n  \
registered_differs  the earliest account date differs from the roster's registered_at\n\
Aliases are resolved through the identity map first.\n\n\
Examples:\n  uptake roster accounts\n  uptake roster accounts --tool slack --format csv > slack-accounts.csv"
    )]
    Accounts(AccountsArgs),
}

#[derive(Debug, Args)]
pub struct AccountsArgs {
    /// Only this tool's accounts
    #[arg(long)]
    pub tool: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// Write to FILE instead of stdout
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct IdentitiesArgs {
    /// Identity map file (CSV with columns alias and person)
    pub file: PathBuf,
    /// Encoding of the file when it is not UTF-8, e.g. windows-1252 (Excel's "CSV" on a
    /// French or Western Windows), iso-8859-15, utf-16le [default: UTF-8; UTF-16 with a
    /// BOM; any other encoding is detected]
    #[arg(long, value_name = "NAME", value_parser = parse_encoding, default_value = "auto", hide_default_value = true)]
    pub encoding: uptake_ingest::TextEncoding,
}

#[derive(Debug, Args)]
pub struct RosterImportArgs {
    /// Roster file (.csv or .parquet)
    pub file: PathBuf,
    /// Columns named differently: COLUMN=FILE_COLUMN pairs, comma-separated
    #[arg(long, value_name = "COLUMN=FILE_COLUMN,...")]
    pub map: Option<String>,
    /// Encoding of a CSV file when it is not UTF-8, e.g. windows-1252 (Excel's "CSV" on a
    /// French or Western Windows), iso-8859-15, utf-16le [default: UTF-8; UTF-16 with a
    /// BOM; any other encoding is detected]
    #[arg(long, value_name = "NAME", value_parser = parse_encoding, default_value = "auto", hide_default_value = true)]
    pub encoding: uptake_ingest::TextEncoding,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  uptake generate --people 300 --days 270 --seed 7 --out data/sample\n  \
uptake generate --people 100000 --days 365 --format parquet --out /tmp/big\n  \
uptake generate --format slack --out /tmp/slack   # a Slack export .zip of the same organisation\n  \
uptake generate --format m365-audit,trello,csv --out /tmp/mix   # Microsoft 365 + Trello, and the canonical copy"
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
    /// Formats to write, comma-separated: csv and parquet are the canonical table; slack,
    /// m365-audit, m365-usage (weekly reports), google, trello and mattermost are the tools'
    /// own exports. With trello and
    /// one other native format, Trello gets the task tool's events and the other the rest
    #[arg(long, value_enum, value_delimiter = ',', default_value = "csv")]
    pub format: Vec<GenFormat>,
    /// Switch off the managers' and ambassadors' influence on adoption
    #[arg(long)]
    pub no_effects: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum GenFormat {
    Csv,
    Parquet,
    Slack,
    #[value(name = "m365-audit")]
    M365Audit,
    #[value(name = "m365-usage")]
    M365Usage,
    Google,
    Trello,
    Mattermost,
}

const METRICS_ABOUT: &str = "Adoption metrics computed from the daily rollup and the roster.\n\n\
Each metric follows one written definition (docs/metrics.md); `uptake metrics --help` lists them \
at the end. CSV output has exactly the documented headers.\n\n\
An --as-of after the last day a tool's exports cover, or before any data, is warned about on \
stderr with the days missing: past the data, those days count as inactivity. No metric reads \
an event after the as-of day.";

pub const METRICS_EXAMPLES: &str = "Examples:\n  uptake metrics daily --as-of 2026-09-30 --format csv\n  \
uptake metrics summary --by department\n  uptake metrics ghosts --by department --format csv > ghosts.csv\n  \
uptake metrics lifecycle --period week --level contributing\n  uptake metrics activation --by wave --curve\n  \
uptake metrics leadership --by wave --min-group 3\n  uptake metrics sprawl --curve --periods 6\n  uptake metrics partners --plan plan.toml\n  \
uptake metrics collaboration --view matrix --format csv\n  uptake metrics collaboration --view bridges --names\n  \
uptake metrics summary --by department --format csv --excel --lang fr --out synthese.csv   # for a French Excel";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MetricKind {
    /// date,dau,wau,mau,eligible,active_rate_28,stickiness per day
    Daily,
    /// eligible, active, activated and ghosts per segment at the as-of date
    Summary,
    /// the people to follow up: registered but not active
    Ghosts,
    /// new, returning, resurrecting, dormant per period
    Lifecycle,
    /// time from registration to first use, with Kaplan-Meier
    Activation,
    /// share of each activation cohort active k periods later
    Retention,
    /// power, habitual, occasional users and ghosts over 12 weeks
    Segments,
    /// use cases (categories) per active person
    Breadth,
    /// adoption by management level (from the manager chain): did each level go first?
    Leadership,
    /// tools used per use-case category, and people using two or more for the same one
    Sprawl,
    /// people outside the roster by e-mail domain, and the plan's partners and targets
    Partners,
    /// interactions across departments (or --by): cross-group share, groups that never
    /// meet, bridges; --view matrix, --curve
    Collaboration,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum OutputFormat {
    Table,
    Csv,
    Json,
    Parquet,
}

/// When an ingest counts as failed for its rejects (exit status 3).
#[derive(Debug, Args, Clone, Default)]
pub struct RejectArgs {
    /// Exit with 3 when an ingest rejects more than this share of the records it read
    /// [default: `max_rejects` in the config file, else 0.05]
    #[arg(long, value_name = "SHARE")]
    pub max_rejects: Option<f64>,
}

/// The definitions' windows and thresholds; each defaults to the config file's value.
#[derive(Debug, Args, Clone, Default)]
pub struct WindowArgs {
    /// Active window in days [default: `window` in the config file, else 28]
    #[arg(long, value_name = "DAYS")]
    pub window: Option<i32>,
    /// Days after registration before an inactive person is a ghost [default: `grace` in
    /// the config file, else 14]
    #[arg(long, value_name = "DAYS")]
    pub grace: Option<i32>,
    /// Groups with fewer eligible people are suppressed [default: `min_group` in the
    /// config file, else 5]
    #[arg(long, value_name = "K")]
    pub min_group: Option<usize>,
}

#[derive(Debug, Args)]
pub struct MetricsArgs {
    /// Which metric
    #[arg(value_enum)]
    pub metric: MetricKind,
    /// As-of date, YYYY-MM-DD or DD/MM/YYYY [default: the last day with events]
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub as_of: Option<chrono::NaiveDate>,
    /// Roster column(s) to break down by, comma-separated (any roster column, free attributes too)
    #[arg(long, value_name = "COLUMN[,COLUMN]", value_delimiter = ',')]
    pub by: Vec<String>,
    /// Count one tool only [default: any tool, each person once]
    #[arg(long)]
    pub tool: Option<String>,
    /// Take calendar days in this time zone, e.g. Europe/Paris [default: UTC]
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// Which events count: every person event, or contributing ones only [default: `level`
    /// in the config file, else active]
    #[arg(long, value_parser = ["active", "contributing"])]
    pub level: Option<String>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// With --format csv: a CSV that Excel opens with a double click, UTF-8 with a
    /// byte-order mark; with --lang fr, `;` between fields and decimal commas, as a
    /// French Excel expects
    #[arg(long)]
    pub excel: bool,
    /// Language of the numbers of --excel: fr for `;` and decimal commas [default: `lang`
    /// in the config file, else the locale, else en]
    #[arg(long, value_parser = ["en", "fr"])]
    pub lang: Option<String>,
    /// Write to FILE instead of stdout (required for parquet)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub windows: WindowArgs,
    /// MAU window in days (daily)
    #[arg(long, default_value_t = 28)]
    pub month_days: i32,
    /// Period of lifecycle and retention
    #[arg(long, default_value = "week", value_parser = ["day", "week", "month"])]
    pub period: String,
    /// Retention: periods after activation to follow; sprawl --curve: windows to show
    #[arg(long, default_value_t = 12)]
    pub periods: i32,
    /// Lifecycle: print the period-to-period transition matrix instead
    #[arg(long)]
    pub transitions: bool,
    /// Activation: print the Kaplan-Meier curve instead; leadership: the share of each level
    /// activated, day by day; sprawl: the multi-tool share in each of the last --periods
    /// windows; collaboration: the cross-group share per window since the roll-out
    #[arg(long)]
    pub curve: bool,
    /// Collaboration: the table per group, the group x group matrix, or the people who
    /// bridge groups (needs --names)
    #[arg(long, value_parser = ["groups", "matrix", "bridges"], default_value = "groups")]
    pub view: String,
    /// Collaboration: print the people who bridge groups by name (`--view bridges`)
    #[arg(long)]
    pub names: bool,
    /// Deployment plan, for `--by rogers` and the ghost list's `rogers` column
    /// [default: `plan` in the config file]
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
}

const CURVE_EXAMPLES: &str = "Examples:\n  uptake curve --plan plan.toml\n  \
uptake curve --by department --format csv > checkpoints.csv\n  \
uptake curve --daily --format csv --out curves.csv   # every day, for charts";

const FIT_EXAMPLES: &str = "Examples:\n  uptake fit --plan plan.toml\n  \
uptake fit --fixed-market --estimator nls\n  \
uptake fit adopters.csv --estimator ols --format json   # columns period,adopters";

const ROGERS_EXAMPLES: &str = "Examples:\n  uptake rogers\n  uptake rogers --people --format csv > categories.csv\n  \
uptake metrics summary --by rogers --plan plan.toml";

const EFFECTS_EXAMPLES: &str = "Examples:\n  uptake effects --as-of 2026-09-30\n  \
uptake effects --format json --bootstrap 2000 --seed 7";

/// What every wave-based command reads: the plan, the activity and the roster.
#[derive(Debug, Args)]
pub struct WaveArgs {
    /// Deployment plan (TOML; docs/plan.md) [default: `plan` in the config file]
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
    /// As-of date, YYYY-MM-DD or DD/MM/YYYY [default: the last day with events]
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub as_of: Option<chrono::NaiveDate>,
    /// Roster column(s) to break each wave down by, comma-separated (`rogers` too)
    #[arg(long, value_name = "COLUMN[,COLUMN]", value_delimiter = ',')]
    pub by: Vec<String>,
    /// Count one tool only [default: any tool, each person once]
    #[arg(long)]
    pub tool: Option<String>,
    /// Take calendar days in this time zone, e.g. Europe/Paris [default: UTC]
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// Which events count: every person event, or contributing ones only [default: `level`
    /// in the config file, else active]
    #[arg(long, value_parser = ["active", "contributing"])]
    pub level: Option<String>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// Write to FILE instead of stdout (required for parquet)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CurveArgs {
    #[command(flatten)]
    pub common: WaveArgs,
    /// Every day of every curve instead of the checkpoints
    #[arg(long)]
    pub daily: bool,
    /// Active window in days [default: `window` in the config file, else 28]
    #[arg(long, value_name = "DAYS")]
    pub window: Option<i32>,
    /// Groups (waves, --by segments) with fewer people eligible at as-of are withheld:
    /// their figures show `suppressed` [default: `min_group` in the config file, else 5]
    #[arg(long, value_name = "K")]
    pub min_group: Option<usize>,
}

#[derive(Debug, Args)]
pub struct FitArgs {
    /// An aggregate series to fit instead of the store's waves: CSV with columns
    /// `period,adopters` (new adopters per period, periods 1, 2, 3...)
    #[arg(value_name = "SERIES.csv")]
    pub series: Option<PathBuf>,
    #[arg(long, default_value = "nls", value_parser = ["ols", "nls", "nls-density", "nls-cumulative"])]
    pub estimator: String,
    /// Waves: fix m to each wave's eligible head-count (nls estimators) [default: m
    /// estimated between the people activated and the eligible, only once the curve has
    /// turned; else not identified, no forecast]
    #[arg(long)]
    pub fixed_market: bool,
    /// SERIES.csv: fix m to this market size (nls estimators)
    #[arg(long, value_name = "N")]
    pub market: Option<f64>,
    /// Waves: length of a period in days
    #[arg(long, default_value_t = 7)]
    pub period_days: u32,
    /// Groups (waves, --by segments) with fewer people eligible at as-of are withheld:
    /// their figures show `suppressed` [default: `min_group` in the config file, else 5]
    #[arg(long, value_name = "K")]
    pub min_group: Option<usize>,
    #[command(flatten)]
    pub common: WaveArgs,
}

#[derive(Debug, Args)]
pub struct RogersArgs {
    #[command(flatten)]
    pub common: WaveArgs,
    /// One row per person (person, wave, category, first active day) instead of counts
    #[arg(long)]
    pub people: bool,
    /// Groups (waves, --by segments) with fewer people eligible at as-of are withheld:
    /// their figures show `suppressed` [default: `min_group` in the config file, else 5]
    #[arg(long, value_name = "K")]
    pub min_group: Option<usize>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Deployment plan with its objectives (docs/plan.md) [default: `plan` in the config file]
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
    /// As-of date, YYYY-MM-DD or DD/MM/YYYY [default: the last day with events]
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub as_of: Option<chrono::NaiveDate>,
    /// Output folder [default: `report` in the config file, else ./uptake-report]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Language: en or fr [default: `lang` in the config file, else the locale, else en]
    #[arg(long, value_parser = ["en", "fr"])]
    pub lang: Option<String>,
    /// Files to write, comma-separated
    #[arg(long, value_delimiter = ',', default_value = "html,md,json", value_parser = ["html", "md", "json"])]
    pub format: Vec<String>,
    /// Roster column of the active / ghost breakdown
    #[arg(long, default_value = "department", value_name = "COLUMN")]
    pub by: String,
    /// Also write ghosts.csv, the named list of ghosts (aggregates never name anyone)
    #[arg(long)]
    pub names: bool,
    /// Measure objectives at a date the exports do not cover (after their last day, or
    /// before their first) instead of giving them `no data`: the missing days then count as
    /// inactivity
    #[arg(long)]
    pub allow_stale: bool,
    #[command(flatten)]
    pub windows: WindowArgs,
}

const REPORT_ABOUT: &str = "The monthly adoption report for a steering committee, written into \
a folder: report.html (one self-contained file: inline SVG charts and CSS, nothing fetched), \
report.md (the same for wikis and chat), report.json (every figure; schema uptake.report/1, \
docs/report.md), charts/*.svg and charts/*.png. It opens with the objectives scorecard (as \
`uptake check`), then the charts, each annotated with the objectives it concerns, the ghost \
follow-up by department, the effects of the levers, data quality, and the definitions used. \
Aggregates only; `--names` adds ghosts.csv.";

const REPORT_EXAMPLES: &str = "Examples:\n  uptake report --out report/\n  \
uptake report --plan plan.toml --as-of 2026-09-30 --lang fr --out rapport-septembre/\n  \
uptake report --format json --out dashboards/";

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: WaveArgs,
    /// Measure objectives at a date the exports do not cover (after their last day, or
    /// before their first) instead of giving them `no data`: the missing days then count as
    /// inactivity
    #[arg(long)]
    pub allow_stale: bool,
}

const CHECK_ABOUT: &str = "The objectives scorecard: each target of the plan's [objectives] \
(docs/plan.md) with its value, checkpoint and status at the as-of date: `met` or `missed` \
(checkpoint passed), `on track` or `at risk` (checkpoint ahead; reached already, or forecast \
to be reached by it or not: a Bass fit for activation_rate, the trend of the last 28 days \
otherwise), `no data` (no one to measure, too few people, or a date the exports do not \
cover: after the last day of their data or before the first; `--allow-stale` measures it \
anyway).\n\nAn as-of after the last day a tool's exports cover (or before any data) is \
warned about on stderr, with the days missing: those days would count as inactivity.\n\nExit status: 0 when every objective is met or on track; 1 when any \
is missed, at risk or without data; 2 on a usage or input error. With -q, prints nothing \
when the exit status is 0, else one line per objective to act on (cron mails only then).";

const COMPLETIONS_EXAMPLES: &str = "Examples:\n  \
uptake completions bash > ~/.local/share/bash-completion/completions/uptake\n  \
uptake completions zsh > ~/.zfunc/_uptake\n  \
uptake completions fish > ~/.config/fish/completions/uptake.fish";

const MAN_EXAMPLES: &str = "Examples:\n  uptake man | man -l -\n  \
uptake man --out /usr/local/share/man/man1";

const CHECK_EXAMPLES: &str = "Examples:\n  uptake check --as-of 2026-09-30\n  \
uptake -q check   # in cron: silent unless an objective needs attention";

#[derive(Debug, Args)]
pub struct EffectsArgs {
    #[command(flatten)]
    pub common: WaveArgs,
    /// Bootstrap resamples
    #[arg(long, default_value_t = 1000)]
    pub bootstrap: usize,
    /// Seed of the bootstrap (the same seed gives the same intervals)
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Interval level
    #[arg(long, default_value_t = 0.95)]
    pub confidence: f64,
    /// Days from the wave start within which a manager's first use counts as leading by example
    #[arg(long, default_value_t = 14)]
    pub manager_days: i32,
    /// Active and intervention windows in days [default: `window` in the config file, else 28]
    #[arg(long, value_name = "DAYS")]
    pub window: Option<i32>,
    /// Comparisons with fewer people on a side are not estimated [default: `min_group` in
    /// the config file, else 5]
    #[arg(long, value_name = "K")]
    pub min_group: Option<usize>,
    /// Team comparisons (ambassadors, managers) are made within strata of these: `wave`
    /// (the plan's) and roster columns, comma-separated; `none` for the crude comparison
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "wave,department,profile",
        value_name = "COLUMNS"
    )]
    pub adjust_for: Vec<String>,
}

const ROLLUP_ABOUT: &str = "Recompute the daily person x day x tool x category rollup for the days \
changed since the last one (new ingest runs, or every day after a new identity map). Ingest \
refreshes the rollup by itself; this command is for stores written by other means, and for \
running the rollup on another engine.\n\n\
--engine local (the default) runs it with polars in this process. --engine spark sends the same \
SQL to a Spark Connect server (Apache Spark 3.4 or later, or Sail): the cluster reads the store's \
event files at --events (the local events folder when absent, so a shared filesystem; or \
s3a://, abfss:// where the events are mirrored), only the stale days, and sends the rollup rows \
back; uptake writes them into the local store as it writes its own. If the server cannot be \
reached, fails or goes away half way, the local store is left as it was. \
`[rollup]` in uptake.toml (engine, remote, events) sets the same for every command that \
refreshes the rollup, ingest included. docs/scale-out.md.";

const ROLLUP_EXAMPLES: &str = "Examples:
  uptake rollup
  uptake rollup --engine spark --remote sc://spark-head:15002 --events s3a://adoption/uptake-store/events
  UPTAKE_SPARK_REMOTE=sc://127.0.0.1:50051 uptake rollup --engine spark";

#[derive(Debug, Args)]
pub struct RollupArgs {
    /// The engine that computes the rollup [default: [rollup] engine in uptake.toml, else local]
    #[arg(long, value_enum)]
    pub engine: Option<crate::engine::EngineKind>,
    /// The Spark Connect server, sc://HOST:PORT (with --engine spark)
    #[arg(long, env = "UPTAKE_SPARK_REMOTE", value_name = "URL")]
    pub remote: Option<String>,
    /// The store's events folder as the cluster reads it [default: the local events folder]
    #[arg(long, value_name = "URI")]
    pub events: Option<String>,
}

const RUN_ABOUT: &str = "The scheduled job, one command for cron. In order: import the roster \
and the identity map when their content changed; ingest every [[source]] of the config file \
(files already ingested are skipped, so a folder of nightly exports needs nothing else); \
refresh the rollup; print the store's status and the adoption summary; and, with a plan, write \
the report and check the objectives. Objectives measured at a date the exports do not cover \
(after the last day of their data) are `no data` unless --allow-stale.\n\n\
Only one run writes a store at a time: a second run exits with 4 and says which process holds \
it, or waits for it with --wait.\n\n\
Exit status: 0 all fine; 1 an objective is missed, at risk or without data; 2 usage or input \
error (a file that could not be read at all); 3 an ingest rejected more than --max-rejects of \
its records; 4 another run holds the store. When several apply, the most serious wins: 4, then \
2, then 3, then 1.";

const RUN_EXAMPLES: &str = "Examples:\n  uptake --config data/sample/uptake.toml run\n  \
uptake run --plan plan.toml --wait 600 --summary-json run.json   # crontab: 0 6 * * *\n  \
uptake -q run || echo \"adoption needs attention (exit $?)\"";

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Deployment plan: write the report and check the objectives [default: `plan` in the
    /// config file]
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
    /// When another run holds the store, wait up to SECONDS for it instead of exiting with 4
    #[arg(long, value_name = "SECONDS", default_value_t = 0)]
    pub wait: u64,
    #[command(flatten)]
    pub rejects: RejectArgs,
    /// Measure objectives at a date the exports do not cover (after their last day, or
    /// before their first) instead of giving them `no data`: the missing days then count as
    /// inactivity
    #[arg(long)]
    pub allow_stale: bool,
}

const QUERY_ABOUT: &str = "Runs SQL (the polars SQL dialect) over five tables:\n\n\
- events: one row per stored user action\n\
- activity: one row per person x date x tool x category with activity (the daily rollup)\n\
- people: one row per roster person, with their standing at --as-of (active, ghost, level, \
first_active, days_to_activation, usage, rogers...)\n\
- daily: one row per day up to --as-of (dau, wau, mau, eligible, active_rate_28, stickiness)\n\
- interactions: one row per person an action addressed (person, counterpart, date, tool)\n\n\
`uptake query --tables` lists every column and its type. CSV, JSON and Parquet results stream \
batch by batch; the text table shows the first --limit rows. Name aggregates with AS (polars \
calls COUNT(*) `len`). The definitions behind people and daily: uptake metrics --help, \
docs/metrics.md. Ten worked examples: docs/queries.md.\n\n\
Privacy: SQL returns individual rows (one person's every action and standing), and k \
(min_group, --min-group) does not apply here, as it does in metrics and the report. Give \
this command only to those already allowed to read the raw exports and the HR roster.";

const QUERY_EXAMPLES: &str = "Examples:\n  uptake query --tables\n  \
uptake query \"SELECT department, COUNT(*) AS ghosts FROM people WHERE ghost IS NOT NULL GROUP BY department ORDER BY ghosts DESC\"\n  \
uptake query \"SELECT tool, COUNT(DISTINCT person) AS people FROM activity WHERE date >= '2026-09-01' GROUP BY tool\" --format csv\n  \
uptake query - --format parquet --out ghosts.parquet < ghosts.sql";

#[derive(Debug, Args)]
pub struct QueryArgs {
    /// The SQL; `-` reads it from standard input
    #[arg(value_name = "SQL", required_unless_present = "tables")]
    pub sql: Option<String>,
    /// List the tables, their columns and types
    #[arg(long, conflicts_with = "sql")]
    pub tables: bool,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// Write to FILE instead of stdout (required for parquet)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Rows the text table shows (0: all); other formats write every row
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// As-of date of `people` and the last day of `daily`, YYYY-MM-DD or DD/MM/YYYY
    /// [default: the last day with events]
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub as_of: Option<chrono::NaiveDate>,
    /// Deployment plan, for `people.rogers` [default: `plan` in the config file]
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
    /// `people` and `daily` count one tool only [default: any tool]
    #[arg(long)]
    pub tool: Option<String>,
    /// `people` and `daily` take calendar days in this time zone [default: UTC]
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// Which events count in `people` and `daily` [default: `level` in the config file, else active]
    #[arg(long, value_parser = ["active", "contributing"])]
    pub level: Option<String>,
    #[command(flatten)]
    pub windows: WindowArgs,
}

const CONFIG_EXAMPLES: &str = "Keys and defaults: docs/scheduling.md.\n\nExamples:\n  uptake config show\n  \
uptake --config data/sample/uptake.toml config show --window 14   # what --window 14 would change";

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print every setting's effective value and where it came from (flag, environment,
    /// config file, default)
    #[command(after_help = CONFIG_EXAMPLES)]
    Show(ConfigShowArgs),
}

#[derive(Debug, Args)]
pub struct ConfigShowArgs {
    /// Which events count [default: `level` in the config file, else active]
    #[arg(long, value_parser = ["active", "contributing"])]
    pub level: Option<String>,
    #[command(flatten)]
    pub windows: WindowArgs,
    #[command(flatten)]
    pub rejects: RejectArgs,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}
