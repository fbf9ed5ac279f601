//! Exit codes, documented in README.md and `uptake run --help`, and relied on by
//! scheduled jobs.

use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// Everything went as asked.
    Ok = 0,
    /// `check`, `run`: an objective is missed, at risk or without data.
    Attention = 1,
    /// Usage or input error (including an input file that could not be read at all).
    Usage = 2,
    /// An ingest stored what it could but rejected more than `max_rejects` of its records.
    Rejects = 3,
    /// Another process holds the store's run lock.
    Busy = 4,
}

impl Code {
    /// The code of a run where both happened: the more serious one. Data problems
    /// outrank objectives, because the scorecard rests on the data.
    pub fn worst(self, other: Code) -> Code {
        let rank = |c: Code| match c {
            Code::Ok => 0,
            Code::Attention => 1,
            Code::Rejects => 2,
            Code::Usage => 3,
            Code::Busy => 4,
        };
        if rank(other) > rank(self) {
            other
        } else {
            self
        }
    }

    pub fn meaning(self) -> &'static str {
        match self {
            Code::Ok => "ok",
            Code::Attention => "objectives need attention",
            Code::Usage => "usage or input error",
            Code::Rejects => "rejects over the threshold",
            Code::Busy => "store busy",
        }
    }
}

impl From<Code> for ExitCode {
    fn from(c: Code) -> ExitCode {
        ExitCode::from(c as u8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_serious_code_wins() {
        assert_eq!(Code::Ok.worst(Code::Attention), Code::Attention);
        assert_eq!(Code::Attention.worst(Code::Rejects), Code::Rejects);
        assert_eq!(Code::Rejects.worst(Code::Attention), Code::Rejects);
        assert_eq!(Code::Usage.worst(Code::Rejects), Code::Usage);
    }
}
