//! The configuration file (`uptake.toml`) and how it combines with flags.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Deserialize;
use uptake_metrics::{Level, Windows};

use crate::cli::{GlobalArgs, WindowArgs};

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
    /// Which events make a day active: `active` (any person event) or `contributing`.
    pub level: Option<String>,
    /// Active window in days.
    pub window: Option<i32>,
    /// Days after registration before an inactive person counts as a ghost.
    pub grace: Option<i32>,
    /// k of small-group suppression: groups with fewer eligible people are withheld.
    pub min_group: Option<usize>,
    /// Largest share of an ingest's records that may be rejected before it exits with 3.
    pub max_rejects: Option<f64>,
    /// Exports ingested by `uptake run`.
    #[serde(default, rename = "source")]
    pub sources: Vec<SourceConfig>,
    /// `[rollup]`: the engine that computes the rollup.
    #[serde(default)]
    pub rollup: Option<crate::engine::RollupConfig>,
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
    /// `--encoding` of `ingest generic` (the config file's sources are detected).
    #[serde(skip)]
    pub encoding: uptake_ingest::TextEncoding,
}

/// Where an effective value came from.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    Default,
    /// The config file (its path is [`Settings::config`]).
    File,
    /// An environment variable.
    Env(&'static str),
    /// A command-line flag.
    Flag,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Default => f.write_str("default"),
            Origin::File => f.write_str("config file"),
            Origin::Env(var) => write!(f, "environment ({var})"),
            Origin::Flag => f.write_str("flag"),
        }
    }
}

/// A value with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Sourced<T> {
    pub value: T,
    pub origin: Origin,
}

impl<T> Sourced<T> {
    /// The flag's value when given, else this one.
    pub fn or_flag(&self, flag: Option<T>) -> Sourced<T>
    where
        T: Clone,
    {
        match flag {
            Some(value) => Sourced {
                value,
                origin: Origin::Flag,
            },
            None => self.clone(),
        }
    }
}

/// The definitions' windows and thresholds: flag, else config file, else default.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub level: Sourced<Level>,
    pub window: Sourced<i32>,
    pub grace: Sourced<i32>,
    pub min_group: Sourced<usize>,
    pub max_rejects: Sourced<f64>,
}

pub const DEFAULT_MAX_REJECTS: f64 = 0.05;

impl Analysis {
    fn from_file(file: &FileConfig) -> Result<Analysis> {
        fn pick<T>(file: Option<T>, default: T) -> Sourced<T> {
            match file {
                Some(value) => Sourced {
                    value,
                    origin: Origin::File,
                },
                None => Sourced {
                    value: default,
                    origin: Origin::Default,
                },
            }
        }
        let d = Windows::default();
        let level = match &file.level {
            Some(l) => Some(l.parse::<Level>().map_err(anyhow::Error::msg)?),
            None => None,
        };
        let a = Analysis {
            level: pick(level, Level::Active),
            window: pick(file.window, d.active_days),
            grace: pick(file.grace, d.grace_days),
            min_group: pick(file.min_group, d.min_group),
            max_rejects: pick(file.max_rejects, DEFAULT_MAX_REJECTS),
        };
        a.check()?;
        Ok(a)
    }

    fn check(&self) -> Result<()> {
        if self.window.value < 1 {
            bail!("window must be at least 1 day ({})", self.window.origin);
        }
        if self.grace.value < 0 {
            bail!("grace must be at least 0 days ({})", self.grace.origin);
        }
        if self.min_group.value < 1 {
            bail!("min_group must be at least 1 ({})", self.min_group.origin);
        }
        if !(0.0..=1.0).contains(&self.max_rejects.value) {
            bail!(
                "max_rejects is a share between 0 and 1, e.g. 0.05 ({})",
                self.max_rejects.origin
            );
        }
        Ok(())
    }

    /// These settings with a command's flags applied.
    pub fn with_flags(&self, w: &WindowArgs, level: Option<&str>) -> Result<Analysis> {
        let level = match level {
            Some(l) => Some(l.parse::<Level>().map_err(anyhow::Error::msg)?),
            None => None,
        };
        let a = Analysis {
            level: self.level.or_flag(level),
            window: self.window.or_flag(w.window),
            grace: self.grace.or_flag(w.grace),
            min_group: self.min_group.or_flag(w.min_group),
            max_rejects: self.max_rejects.clone(),
        };
        a.check()?;
        Ok(a)
    }

    pub fn windows(&self) -> Windows {
        Windows {
            active_days: self.window.value,
            grace_days: self.grace.value,
            min_group: self.min_group.value,
        }
    }

    /// The reject share an ingest may reach, with `--max-rejects` applied.
    pub fn max_rejects(&self, flag: Option<f64>) -> Result<f64> {
        let v = self.max_rejects.or_flag(flag);
        if !(0.0..=1.0).contains(&v.value) {
            bail!("--max-rejects is a share between 0 and 1, e.g. 0.05");
        }
        Ok(v.value)
    }
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
    /// Windows and thresholds before a command's own flags.
    pub analysis: Analysis,
    /// The rollup engine: `[rollup]`, with `UPTAKE_SPARK_REMOTE` over its `remote`.
    pub rollup: crate::engine::RollupConfig,
    /// Where `store` came from.
    pub store_origin: Origin,
    /// The config file read, if any.
    pub config: Option<PathBuf>,
    /// Where the config file's path came from (`Default`: ./uptake.toml was found).
    pub config_origin: Origin,
    pub quiet: bool,
    /// What the command did, for `--summary-json`.
    pub summary: std::rc::Rc<crate::summary::Summary>,
}

pub const DEFAULT_CONFIG: &str = "uptake.toml";
pub const DEFAULT_STORE: &str = "uptake-store";

impl Settings {
    /// Flags win over the config file, which wins over defaults. An explicitly named
    /// config file must exist; `./uptake.toml` is read only when present.
    /// `from_env` names the global options (`store`, `config`) whose value came from
    /// the environment rather than a flag.
    /// `summary` collects what the command does, for `--summary-json`.
    pub fn resolve(
        global: &GlobalArgs,
        from_env: &[&str],
        summary: std::rc::Rc<crate::summary::Summary>,
    ) -> Result<Settings> {
        let store_from_env = from_env.contains(&"store");
        let config_origin = if global.config.is_none() {
            Origin::Default
        } else if from_env.contains(&"config") {
            Origin::Env("UPTAKE_CONFIG")
        } else {
            Origin::Flag
        };
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
        let (store, store_origin) = match (&global.store, &file.store) {
            (Some(s), _) if store_from_env => (s.clone(), Origin::Env("UPTAKE_STORE")),
            (Some(s), _) => (s.clone(), Origin::Flag),
            (None, Some(s)) => (relative(s), Origin::File),
            (None, None) => (PathBuf::from(DEFAULT_STORE), Origin::Default),
        };
        let analysis = Analysis::from_file(&file)
            .with_context(|| format!("in config file {}", path.display()))?;
        let mut rollup = file.rollup.clone().unwrap_or_default();
        if let Ok(remote) = std::env::var("UPTAKE_SPARK_REMOTE") {
            rollup.remote = Some(remote);
        }
        Ok(Settings {
            rollup,
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
            analysis,
            store_origin,
            config: read.then_some(path),
            config_origin,
            quiet: global.quiet,
            summary,
        })
    }
}

impl Settings {
    /// The level a command uses: its flag, else the config's, else `active`.
    pub fn level(&self, flag: Option<&str>) -> Result<Level> {
        match flag {
            Some(l) => l.parse().map_err(anyhow::Error::msg),
            None => Ok(self.analysis.level.value),
        }
    }
}

fn load(path: &Path) -> Result<FileConfig> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read config file {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("invalid config file {}", path.display()))
}
