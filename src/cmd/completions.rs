//! `uptake completions` and `uptake man`: shell completions and manual pages, both
//! generated from the command-line definition so they never drift from it.

use std::path::Path;

use anyhow::{Context, Result};
use clap::CommandFactory;

use crate::cli::Cli;
use crate::exit::Code;

pub fn completions(shell: clap_complete::Shell) -> Result<Code> {
    let mut cmd = Cli::command();
    clap_complete::generate(shell, &mut cmd, "uptake", &mut std::io::stdout());
    Ok(Code::Ok)
}

fn page(cmd: clap::Command) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut out)?;
    Ok(out)
}

pub fn man(out: Option<&Path>) -> Result<Code> {
    let cmd = Cli::command();
    let Some(dir) = out else {
        super::write_output(None, &page(cmd)?)?;
        return Ok(Code::Ok);
    };
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    super::write_output(Some(&dir.join("uptake.1")), &page(cmd.clone())?)?;
    for sub in cmd.get_subcommands() {
        let name = format!("uptake-{}", sub.get_name());
        let sub = sub
            .clone()
            .display_name(name.clone())
            .bin_name(format!("uptake {}", sub.get_name()))
            .version(env!("CARGO_PKG_VERSION"));
        super::write_output(Some(&dir.join(format!("{name}.1"))), &page(sub)?)?;
    }
    Ok(Code::Ok)
}
