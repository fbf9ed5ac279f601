//! Which engine computes the rollup: polars in this process (`local`), or a Spark Connect
//! server (`spark`) when one machine is not enough. Every command that refreshes the
//! rollup goes through [`refresh`], so `uptake.toml`'s `[rollup]` applies to all of them.

use anyhow::{Result, bail};
use serde::Deserialize;
use uptake_metrics::{RollupRefresh, rollup_is_current};
use uptake_store::{Progress, Store};

/// The rollup engines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum EngineKind {
    /// polars in this process
    #[default]
    Local,
    /// a Spark Connect server (Apache Spark 3.4 or later, or Sail)
    Spark,
}

/// `[rollup]` in uptake.toml, and `uptake rollup`'s flags over it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RollupConfig {
    #[serde(default)]
    pub engine: EngineKind,
    /// The Spark Connect server, `sc://HOST:PORT`.
    pub remote: Option<String>,
    /// The store's `events` folder as the cluster reads it (`s3a://...`, `abfss://...`, a
    /// shared path); the local folder when absent.
    pub events: Option<String>,
}

/// Brings the store's rollup up to date on the configured engine. An up-to-date rollup
/// needs no engine: nothing connects to a cluster then.
pub fn refresh(
    config: &RollupConfig,
    store: &Store,
    progress: &dyn Progress,
) -> Result<RollupRefresh> {
    if config.engine == EngineKind::Local || rollup_is_current(store)? {
        return Ok(uptake_metrics::refresh_rollup_with(store, progress)?);
    }
    let Some(remote) = config.remote.as_deref() else {
        bail!(
            "the rollup engine is spark but no server is given: pass --remote sc://HOST:PORT, \
             set UPTAKE_SPARK_REMOTE, or set `remote` under [rollup] in uptake.toml"
        );
    };
    let events = match &config.events {
        Some(uri) => uri.clone(),
        None => std::path::absolute(store.events_dir())?
            .to_string_lossy()
            .into_owned(),
    };
    spark(remote, &events, store, progress)
}

#[cfg(feature = "spark")]
fn spark(
    remote: &str,
    events: &str,
    store: &Store,
    progress: &dyn Progress,
) -> Result<RollupRefresh> {
    use anyhow::Context;
    let engine = crate::spark::SparkEngine::connect(remote, events)
        .context("the rollup was not refreshed: it is as it was, and its stale days are computed at the next refresh")?;
    uptake_metrics::refresh_rollup_on(store, progress, &engine)
        .context("the rollup on Spark failed: the rollup is as it was, and its stale days are computed at the next refresh")
}

#[cfg(not(feature = "spark"))]
fn spark(_: &str, _: &str, _: &Store, _: &dyn Progress) -> Result<RollupRefresh> {
    bail!(
        "this uptake was built without the Spark Connect engine: rebuild it with \
         `cargo build --release --features spark` (needs protoc), or use --engine local"
    )
}

/// [`refresh`] with the settings' engine and no progress bars: for the commands that
/// read the rollup, which find it current after an ingest.
pub fn refresh_for(settings: &crate::config::Settings, store: &Store) -> Result<RollupRefresh> {
    use anyhow::Context;
    refresh(
        &settings.rollup,
        store,
        &*uptake_store::ProgressHandle::default(),
    )
    .context("refreshing the rollup")
}
