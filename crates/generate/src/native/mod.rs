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

/// Sends each event to the sinks that should hold it: canonical sinks get everything;
/// the Trello sink gets the task tool's events when another native format takes the rest,
/// and everything when it is the only one.
pub(crate) struct Router {
    pub canonical: Vec<Box<dyn EventSink>>,
    pub trello: Option<Box<dyn EventSink>>,
    pub native: Option<Box<dyn EventSink>>,
}

impl EventSink for Router {
    fn write(&mut self, e: &GenEvent<'_>) -> Result<()> {
        for s in &mut self.canonical {
            s.write(e)?;
        }
        match (&mut self.trello, &mut self.native) {
            (Some(t), _) if e.tool == "trello" => t.write(e),
            (_, Some(n)) => n.write(e),
            (Some(t), None) => t.write(e),
            (None, None) => Ok(()),
        }
    }

    fn finish(self: Box<Self>) -> Result<()> {
        let this = *self;
        for s in this.canonical {
            s.finish()?;
        }
        if let Some(t) = this.trello {
            t.finish()?;
        }
        if let Some(n) = this.native {
            n.finish()?;
        }
        Ok(())
    }
}
