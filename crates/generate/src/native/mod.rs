//! The generated organisation written as the tools' own exports, so that the native
//! readers can be checked against the canonical output of the same simulation: each
//! canonical event becomes one record that the matching `uptake ingest <source>` reads
//! back as one event of the same person on the same UTC day.

mod google;
mod m365;
mod m365_usage;
mod mattermost;
mod slack;
mod trello;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use crate::sink::{EventSink, GenEvent};
use crate::{Error, Result};

pub use google::GoogleSink;
pub use m365::M365AuditSink;
pub use m365_usage::M365UsageSink;
pub use mattermost::MattermostSink;
pub use slack::SlackSink;
pub use trello::TrelloSink;

/// A generated event, owned, for sinks that must hold a day before writing it.
#[derive(Debug, Clone)]
pub(crate) struct Ev {
    pub ts: i64,
    pub person: String,
    pub action: &'static str,
    pub activity: &'static str,
    pub channel: String,
    pub event_id: u64,
    pub is_bot: bool,
    pub counterpart: Option<String>,
}

impl Ev {
    pub(crate) fn from(e: &GenEvent<'_>) -> Ev {
        Ev {
            ts: e.ts,
            person: e.person.to_string(),
            action: e.action,
            activity: e.activity,
            channel: e.channel.to_string(),
            event_id: e.event_id,
            is_bot: e.is_bot,
            counterpart: e.counterpart.map(str::to_string),
        }
    }
}

/// Holds one UTC day of events and hands it over when the next day starts. The
/// simulation emits days in order, so a day is complete once a later one begins.
#[derive(Default)]
pub(crate) struct DayBuffer {
    day: Option<i64>,
    events: Vec<Ev>,
}

impl DayBuffer {
    /// Adds `e`; returns the previous day's events when `e` starts a new day.
    pub(crate) fn push(&mut self, e: Ev) -> Option<(i64, Vec<Ev>)> {
        let day = e.ts.div_euclid(86_400);
        let done = match self.day {
            Some(d) if d != day => Some((d, std::mem::take(&mut self.events))),
            _ => None,
        };
        self.day = Some(day);
        self.events.push(e);
        done
    }

    pub(crate) fn take(&mut self) -> Option<(i64, Vec<Ev>)> {
        let d = self.day.take()?;
        Some((d, std::mem::take(&mut self.events)))
    }
}

pub(crate) fn io(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

pub(crate) fn create(path: &Path) -> Result<BufWriter<File>> {
    Ok(BufWriter::with_capacity(
        1 << 20,
        File::create(path).map_err(io(path))?,
    ))
}

pub(crate) fn flush(mut w: BufWriter<File>, path: &Path) -> Result<()> {
    w.flush().map_err(io(path))
}

/// `YYYY-MM-DD` of a UTC day number.
pub(crate) fn day_name(day: i64) -> String {
    chrono::DateTime::from_timestamp(day * 86_400, 0)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// `YYYY-MM-DDTHH:MM:SS` of epoch seconds, UTC.
pub(crate) fn iso(ts: i64) -> String {
    chrono::DateTime::from_timestamp(ts, 0)
        .map(|d| d.format("%Y-%m-%dT%H:%M:%S").to_string())
        .unwrap_or_default()
}

/// The local part of an e-mail, as tools without e-mails name people (`ana_martin`).
pub(crate) fn username(email: &str) -> String {
    email
        .split('@')
        .next()
        .unwrap_or(email)
        .replace('.', "_")
        .to_lowercase()
}

/// The Microsoft or Google tool a generated Slack event stands for in those exports,
/// when the whole simulation is written to one of them.
pub(crate) fn office_tool(tool: &str) -> &str {
    if tool == "slack" { "teams" } else { tool }
}

/// Sends each event to the sinks that should hold it: canonical sinks get everything;
/// a tool's own sink (Trello, Slack) gets that tool's events when another native format
/// takes the rest, and the main native sink everything else.
pub(crate) struct Router {
    pub canonical: Vec<Box<dyn EventSink>>,
    /// (tool, sink) pairs that take one tool's events.
    pub by_tool: Vec<(&'static str, Box<dyn EventSink>)>,
    pub native: Option<Box<dyn EventSink>>,
}

impl EventSink for Router {
    fn write(&mut self, e: &GenEvent<'_>) -> Result<()> {
        for s in &mut self.canonical {
            s.write(e)?;
        }
        if let Some((_, s)) = self.by_tool.iter_mut().find(|(t, _)| *t == e.tool) {
            return s.write(e);
        }
        match &mut self.native {
            Some(n) => n.write(e),
            None => Ok(()),
        }
    }

    fn finish(self: Box<Self>) -> Result<()> {
        let this = *self;
        for s in this.canonical {
            s.finish()?;
        }
        for (_, s) in this.by_tool {
            s.finish()?;
        }
        if let Some(n) = this.native {
            n.finish()?;
        }
        Ok(())
    }
}
