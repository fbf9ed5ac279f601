use std::fmt;
use std::path::PathBuf;

/// Errors raised while reading inputs or importing them into the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Store(#[from] uptake_store::Error),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Read { path: PathBuf, message: String },
    #[error("{path}: no column `{column}` for field `{field}`; columns are: {}", .columns.join(", "))]
    MissingColumn {
        path: PathBuf,
        field: String,
        column: String,
        columns: Vec<String>,
    },
    #[error("{path}: {} invalid roster row(s):\n{}", .problems.len(), ProblemList(.problems))]
    Roster {
        path: PathBuf,
        problems: Vec<RowProblem>,
    },
    #[error("{path}: {} invalid identity map row(s):\n{}", .problems.len(), ProblemList(.problems))]
    Identities {
        path: PathBuf,
        problems: Vec<RowProblem>,
    },
    #[error("{0}")]
    Usage(String),
    /// A frame operation on events already read failed: a bug, not bad input.
    #[error("{context}: {source}")]
    Frame {
        context: &'static str,
        #[source]
        source: polars::prelude::PolarsError,
    },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub(crate) fn frame(
        context: &'static str,
    ) -> impl FnOnce(polars::prelude::PolarsError) -> Error {
        move |source| Error::Frame { context, source }
    }

    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.into();
        move |source| Error::Io { path, source }
    }

    pub(crate) fn read(path: impl Into<PathBuf>, message: impl fmt::Display) -> Error {
        Error::Read {
            path: path.into(),
            message: message.to_string(),
        }
    }
}

/// One invalid value of one input row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// Line in a text file (header is line 1), or record number in a Parquet file.
    pub line: u64,
    pub field: String,
    pub message: String,
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}: field `{}`: {}",
            self.line, self.field, self.message
        )
    }
}

/// Lists problems, at most the first 20, saying how many more there were.
struct ProblemList<'a>(&'a [RowProblem]);

impl fmt::Display for ProblemList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 20;
        for p in self.0.iter().take(SHOWN) {
            writeln!(f, "  {p}")?;
        }
        if self.0.len() > SHOWN {
            writeln!(f, "  ... and {} more", self.0.len() - SHOWN)?;
        }
        Ok(())
    }
}
