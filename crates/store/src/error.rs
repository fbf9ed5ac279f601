use std::path::PathBuf;

/// Errors raised while reading or writing the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Polars {
        path: PathBuf,
        #[source]
        source: polars::error::PolarsError,
    },
    #[error("{path}: invalid manifest: {source}")]
    Manifest {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error("{path}: roster column `{column}`: {message}")]
    RosterSchema {
        path: PathBuf,
        column: String,
        message: String,
    },
    #[error("store {} is {what} by another uptake process (pid {pid}); try again when it has finished", .store.display())]
    Busy {
        store: PathBuf,
        /// What the holder does: `written`, or `in a scheduled run`.
        what: &'static str,
        pid: String,
    },
    #[error("{0}")]
    Invalid(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.into();
        move |source| Error::Io { path, source }
    }

    pub(crate) fn polars(
        path: impl Into<PathBuf>,
    ) -> impl FnOnce(polars::error::PolarsError) -> Error {
        let path = path.into();
        move |source| Error::Polars { path, source }
    }
}
