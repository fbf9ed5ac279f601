//! One module per subcommand; `run` parses the command line and dispatches.

mod generate;
mod ingest;
mod roster;
mod run;
mod status;

use anyhow::Result;
use clap::Parser;

use crate::cli::{Cli, Command, IngestCommand, RosterCommand};
use crate::config::Settings;
use crate::exit::Code;

pub fn run() -> Result<Code> {
    let cli = Cli::parse();
    let settings = Settings::resolve(&cli.global)?;
    if settings.verbose > 0 {
        eprintln!("store: {}", settings.store.display());
    }
    match cli.command {
        Command::Ingest(IngestCommand::Generic(args)) => ingest::generic(&settings, args),
        Command::Roster(RosterCommand::Import(args)) => roster::import(&settings, args),
        Command::Generate(args) => generate::run(&settings, args),
        Command::Status => status::run(&settings),
        Command::Run => run::run(&settings),
    }
}
