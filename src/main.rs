//! The `uptake` command line: adoption analytics for collaboration-tool roll-outs.

mod cli;
mod cmd;
mod config;
mod exit;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cmd::run() {
        Ok(code) => code.into(),
        Err(err) => {
            eprintln!("error: {err:#}");
            exit::Code::Usage.into()
        }
    }
}
