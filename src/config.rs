//! The configuration file (`uptake.toml`) and how it combines with flags.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Deserialize;

use crate::cli::GlobalArgs;

/// Settings read from `uptake.toml`; every key is optional. Paths are relative to
/// the file itself.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// Store directory.
    pub store: Option<PathBuf>,
    /// Time zone of naive timestamps, for every source that does not set its own.
    pub tz: Option<String>,
    /// Roster file imported by `uptake run` whenever its content changes.
    pub roster: Option<PathBuf>,
    /// Identity map (`alias,person`) imported by `uptake run` whenever its content changes.
    pub identities: Option<PathBuf>,
    /// Deployment plan (waves, checkpoints, targets, interventions: docs/plan.md).
    pub plan: Option<PathBuf>,
    /// Folder `uptake report` and `uptake run` write the report into.
    pub report: Option<PathBuf>,
    /// Language of the report: `en` or `fr` (default: from the locale, else English).
    pub lang: Option<String>,
    /// Exports ingested by `uptake run`.
    #[serde(default, rename = "source")]
    pub sources: Vec<SourceConfig>,
}

/// One `[[source]]` of the configuration: what `uptake ingest KIND PATH...` would be given.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceConfig {
    /// The source kind (`generic`, `slack`, `m365-audit`, `google`, `trello`, `mattermost`).
    pub kind: String,
    /// A file or a folder of periodic exports.
    pub path: PathBuf,
    pub format: Option<String>,
    pub map: Option<String>,
    pub tool: Option<String>,
    pub tz: Option<String>,
}

/// The effective settings of one invocation.
#[derive(Debug)]
pub struct Settings {
    pub store: PathBuf,
    pub tz: Option<String>,
    pub roster: Option<PathBuf>,
    pub identities: Option<PathBuf>,
    pub plan: Option<PathBuf>,
    pub report: Option<PathBuf>,
    pub lang: Option<String>,
    pub sources: Vec<SourceConfig>,
    /// The config file read, if any.
    pub config: Option<PathBuf>,
    pub quiet: bool,
    pub verbose: u8,
}

pub const DEFAULT_CONFIG: &str = "uptake.toml";
pub const DEFAULT_STORE: &str = "uptake-store";

impl Settings {
    /// Flags win over the config file, which wins over defaults. An explicitly named
    /// config file must exist; `./uptake.toml` is read only when present.
    pub fn resolve(global: &GlobalArgs) -> Result<Settings> {
        let (path, explicit) = match &global.config {
            Some(p) => (p.clone(), true),
            None => (PathBuf::from(DEFAULT_CONFIG), false),
        };
        let read = explicit || path.exists();
        let file = if read {
            load(&path)?
        } else {
            FileConfig::default()
        };
        let base = path.parent().unwrap_or(Path::new("."));
        let relative = |p: &PathBuf| {
            if p.is_relative() {
                base.join(p)
            } else {
                p.clone()
            }
        };
        let store = match (&global.store, &file.store) {
            (Some(s), _) => s.clone(),
            (None, Some(s)) => relative(s),
            (None, None) => PathBuf::from(DEFAULT_STORE),
        };
        Ok(Settings {
            store,
            tz: file.tz,
            roster: file.roster.as_ref().map(relative),
            identities: file.identities.as_ref().map(relative),
            plan: file.plan.as_ref().map(relative),
            report: file.report.as_ref().map(relative),
            lang: file.lang.clone(),
            sources: file
                .sources
                .iter()
                .map(|s| SourceConfig {
                    path: relative(&s.path),
                    ..s.clone()
                })
                .collect(),
            config: read.then_some(path),
            quiet: global.quiet,
            verbose: global.verbose,
        })
    }
}

fn load(path: &Path) -> Result<FileConfig> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read config file {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("invalid config file {}", path.display()))
}
