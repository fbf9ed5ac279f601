use std::path::PathBuf;

/// Errors raised while making a report.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Metrics(#[from] uptake_metrics::Error),
    #[error(transparent)]
    Store(#[from] uptake_store::Error),
    /// Writing the report failed (the cause is the source, shown after it).
    #[error("cannot write {path}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A figure the report needs is missing or malformed.
    #[error("{0}")]
    Data(String),
    #[error("chart `{chart}`: {reason}")]
    Chart { chart: String, reason: String },
    #[error("template: {0}")]
    Template(#[from] minijinja::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
