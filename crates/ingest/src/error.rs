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
    #[error("{path}: no column `{column}` for field `{field}`; columns are: {}", ColumnNames(.columns))]
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

/// The column names of a header, for an error message. A first line that is no header
/// (a file read as a CSV by mistake, `/etc/shadow`) is content, not names: a name longer
/// than [`ColumnNames::LONGEST`] characters is described by its length, not printed,
/// and at most [`ColumnNames::SHOWN`] names are listed.
pub(crate) struct ColumnNames<'a>(pub &'a [String]);

impl ColumnNames<'_> {
    const LONGEST: usize = 64;
    const SHOWN: usize = 40;
}

impl fmt::Display for ColumnNames<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, name) in self.0.iter().take(Self::SHOWN).enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            match name.chars().count() {
                n if n > Self::LONGEST => write!(f, "(a name of {n} characters, not shown)")?,
                _ => f.write_str(name)?,
            }
        }
        if self.0.len() > Self::SHOWN {
            write!(f, " ... and {} more", self.0.len() - Self::SHOWN)?;
        }
        Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_header_names_are_described_not_printed() {
        let long = format!("root:$6${}:19000:0:99999:7:::", "x".repeat(60));
        let names = vec!["ts".to_string(), long.clone()];
        assert_eq!(
            ColumnNames(&names).to_string(),
            format!("ts, (a name of {} characters, not shown)", long.len())
        );
        let many: Vec<String> = (0..42).map(|i| format!("c{i}")).collect();
        let text = ColumnNames(&many).to_string();
        assert!(text.starts_with("c0, c1, "), "{text}");
        assert!(text.ends_with("c39 ... and 2 more"), "{text}");
    }
}
