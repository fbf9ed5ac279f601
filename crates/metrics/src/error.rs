use std::path::PathBuf;

/// Errors raised while computing metrics.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Store(#[from] uptake_store::Error),
    #[error("{context}: {source}")]
    Polars {
        context: String,
        #[source]
        source: polars::error::PolarsError,
    },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("no roster column `{column}`; columns are: {}", .columns.join(", "))]
    UnknownColumn {
        column: String,
        columns: Vec<String>,
    },
    #[error("{0}")]
    Invalid(String),
    #[error("{}: {reason}", .path.display())]
    Plan { path: PathBuf, reason: String },
    /// A rollup engine other than polars failed (a remote cluster, say).
    #[error("{engine}: {message}")]
    Engine { engine: String, message: String },
    #[error("cannot fit the Bass model: {0}")]
    Fit(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub(crate) fn polars(
        context: impl Into<String>,
    ) -> impl FnOnce(polars::error::PolarsError) -> Error {
        let context = context.into();
        move |source| Error::Polars { context, source }
    }
}
