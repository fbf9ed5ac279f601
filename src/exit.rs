//! Exit codes, documented in README.md and relied on by scheduled jobs.

use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// Everything went as asked.
    Ok = 0,
    /// `check`: an objective is missed, at risk or without data.
    Attention = 1,
    /// Usage or input error (including an input file that could not be read at all).
    Usage = 2,
}

impl From<Code> for ExitCode {
    fn from(c: Code) -> ExitCode {
        ExitCode::from(c as u8)
    }
}
