//! A Slack export read by columns: each batch of day files becomes a frame of events
//! directly, with no row of owned strings in between, and the export's date order lets
//! the run store the days it is done with while it reads on.

use std::path::Path;

use polars::prelude::*;
use rayon::prelude::*;
use uptake_store::{Activity, Client, counterparts_column};

use super::slack_day::{DayCounts, DaySink, SlackEvent};
use super::slack_export::DayFiles;
use crate::{ColumnReader, Error, EventColumns, Result, event_key};

/// Reads an export's day files a batch at a time, in date order.
pub(super) struct SlackColumns {
    days: DayFiles,
    accounts: Vec<uptake_store::Account>,
}

impl SlackColumns {
    pub fn open(path: &Path) -> Result<SlackColumns> {
        let clock = std::time::Instant::now();
        let (days, accounts) = DayFiles::open(path)?;
        tracing::debug!(
            "{}: {} day files and {} users listed in {:.2} s",
            path.display(),
            days.context.days.len(),
            accounts.len(),
            clock.elapsed().as_secs_f64()
        );
        Ok(SlackColumns { accounts, days })
    }
}

impl ColumnReader for SlackColumns {
    fn next_batch(&mut self) -> Result<Option<EventColumns>> {
        // Day files gathered in a few runs of consecutive files, one per task rayon
        // makes, so that a batch is a few chunks rather than one per file.
        let parsed = self.days.next_batch(|batch, cx| {
            batch
                .par_iter()
                .fold(Columns::default, |mut columns, file| {
                    let counts = cx.parse_day(file, &mut columns);
                    columns.add(counts);
                    columns
                })
                .map(Columns::finish)
                .collect::<Vec<_>>()
        })?;
        let Some(parts) = parsed else {
            return Ok(None);
        };
        let file = Path::new(&self.days.context.file);
        let gather = |e: PolarsError| Error::read(file, format!("cannot gather events: {e}"));
        let mut out: Option<EventColumns> = None;
        for part in parts {
            let part = part.map_err(gather)?;
            match &mut out {
                None => out = Some(part),
                Some(out) => {
                    out.frame.vstack_mut_owned(part.frame).map_err(gather)?;
                    out.keys.extend(part.keys);
                    out.read += part.read;
                    out.excluded += part.excluded;
                    out.rejects.extend(part.rejects);
                }
            }
        }
        let Some(mut out) = out else {
            return Ok(None);
        };
        out.complete_before = self.days.unread_from();
        Ok(Some(out))
    }

    fn bytes_done(&self) -> u64 {
        self.days.bytes_done()
    }

    fn take_accounts(&mut self) -> Vec<uptake_store::Account> {
        std::mem::take(&mut self.accounts)
    }
}

/// Events gathered as the stored columns, with their keys and what was counted.
struct Columns {
    ts: Vec<i64>,
    person: StringChunkedBuilder,
    action: StringChunkedBuilder,
    activity: Vec<Activity>,
    channel: StringChunkedBuilder,
    event_id: StringChunkedBuilder,
    counterparts: ListStringChunkedBuilder,
    /// Whether any event has a counterpart: if none has, the column is all null.
    any_counterpart: bool,
    keys: Vec<u64>,
    counts: DayCounts,
}

impl Default for Columns {
    fn default() -> Columns {
        Columns {
            ts: Vec::new(),
            person: StringChunkedBuilder::new("person".into(), 0),
            action: StringChunkedBuilder::new("action".into(), 0),
            activity: Vec::new(),
            channel: StringChunkedBuilder::new("channel".into(), 0),
            event_id: StringChunkedBuilder::new("event_id".into(), 0),
            counterparts: ListStringChunkedBuilder::new("counterparts".into(), 0, 0),
            any_counterpart: false,
            keys: Vec::new(),
            counts: DayCounts::default(),
        }
    }
}

impl DaySink for Columns {
    fn push(&mut self, e: SlackEvent<'_>) {
        self.ts.push(e.ts_us);
        self.person.append_value(e.person);
        self.action.append_value(e.action);
        self.activity.push(e.activity);
        self.channel.append_value(e.channel);
        self.event_id.append_value(e.event_id);
        self.keys.push(event_key(e.event_id));
        if e.counterparts.is_empty() {
            self.counterparts.append_null();
        } else {
            self.any_counterpart = true;
            self.counterparts
                .append_values_iter(e.counterparts.iter().map(|c| &**c));
        }
    }
}

impl Columns {
    fn add(&mut self, counts: DayCounts) {
        self.counts.read += counts.read;
        self.counts.excluded += counts.excluded;
        self.counts.rejects.extend(counts.rejects);
    }

    /// The events as a frame in [`uptake_store::event_schema`] order, without `batch`.
    fn finish(mut self) -> PolarsResult<EventColumns> {
        let n = self.ts.len();
        let counterparts = if self.any_counterpart {
            self.counterparts.finish().into_column()
        } else {
            counterparts_column(std::iter::repeat_n(&[][..], n))?
        };
        let of_activity = |name: &str, text: fn(&Activity) -> &'static str| {
            StringChunked::from_iter_values(name.into(), self.activity.iter().map(text))
                .into_column()
        };
        let frame = DataFrame::new(
            n,
            vec![
                Int64Chunked::from_vec("ts".into(), self.ts)
                    .into_datetime(TimeUnit::Microseconds, Some(TimeZone::UTC))
                    .into_column(),
                self.person.finish().into_column(),
                StringChunked::full("tool".into(), "slack", n).into_column(),
                self.action.finish().into_column(),
                of_activity("activity", |a| a.as_str()),
                of_activity("category", |a| a.default_category("slack").as_str()),
                StringChunked::full("client".into(), Client::Unknown.as_str(), n).into_column(),
                self.channel.finish().into_column(),
                self.event_id.finish().into_column(),
                counterparts,
            ],
        )?;
        Ok(EventColumns {
            frame,
            keys: self.keys,
            read: self.counts.read,
            excluded: self.counts.excluded,
            rejects: self.counts.rejects,
            complete_before: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;
    use crate::Source;
    use crate::sources::generic_columns::tests::{assert_same, by_rows, drain, ts_micros};
    use crate::sources::slack::SlackSource;

    /// 2024-03-01T00:00:00Z, as a Slack `ts` and in microseconds.
    const MAR1: i64 = 1_709_251_200;
    const DAY: i64 = 86_400;

    fn message(user: &str, at: i64, extra: &str) -> String {
        format!(r#"{{"type":"message","user":"{user}","ts":"{at}.000100"{extra}}}"#)
    }

    /// An export of two channels over two days, written as a zip in the order Slack
    /// lists it (by channel): a reply, a mention, reactions, a bot, a bad `ts` and a
    /// day file that is not JSON.
    fn export() -> tempfile::NamedTempFile {
        let users = r#"[{"id":"U1","profile":{"email":"Ana@X.org"}},{"id":"U2"},{"id":"B1","is_bot":true}]"#;
        let files = [
            ("users.json", users.to_string()),
            ("channels.json", "[]".to_string()),
            (
                "general/2024-03-01.json",
                format!(
                    "[{},{}]",
                    message(
                        "U1",
                        MAR1 + 100,
                        r#","reactions":[{"name":"+1","users":["U2","B1"]}]"#
                    ),
                    message("U2", MAR1 + 200, r#","thread_ts":"1709251300.000100""#),
                ),
            ),
            (
                "general/2024-03-02.json",
                format!(
                    "[{},{}]",
                    message("U2", MAR1 + DAY + 5, r#","text":"<@U1> ok""#),
                    r#"{"type":"message","user":"U1","ts":"soon"}"#,
                ),
            ),
            (
                "random/2024-03-01.json",
                format!(
                    "[{},{}]",
                    message("B1", MAR1 + 300, ""),
                    message("U1", MAR1 + 400, ""),
                ),
            ),
            ("random/2024-03-02.json", "[{".to_string()),
        ];
        let f = tempfile::Builder::new().suffix(".zip").tempfile().unwrap();
        let mut zip = ::zip::ZipWriter::new(std::fs::File::create(f.path()).unwrap());
        for (name, content) in files {
            zip.start_file(name, ::zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(content.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
        f
    }

    #[test]
    fn an_export_reads_by_columns_as_by_rows_a_day_at_a_time_in_date_order() {
        let zip = export();
        let path = zip.path();
        // One day file per batch, to see what each batch says of the days after it.
        let open = || {
            let mut reader = SlackColumns::open(path).unwrap();
            reader.days.batch_bytes = 1;
            reader
        };
        let mut reader = open();
        let (columns, batches) = drain(&mut reader, path);
        assert_eq!(batches, 4);
        let mut again = open();
        let complete_before: Vec<Option<i32>> = std::iter::from_fn(|| again.next_batch().unwrap())
            .map(|b| b.complete_before)
            .collect();
        let rows = by_rows(&SlackSource, path);
        assert_same(&rows, &columns);
        // Date order: general and random of March 1st, then of March 2nd. A batch says
        // the days before the one ahead of the next day file's date are complete.
        let mar1 = (MAR1 / DAY) as i32;
        assert_eq!(
            complete_before,
            [Some(mar1 - 1), Some(mar1), Some(mar1), None]
        );
        // By hand: 2 + 2 + 2 messages and 2 reactions, plus 1 record for the bad file,
        // read; the bot's message and its reaction excluded; the "soon" message and
        // the bad file rejected; 5 events.
        assert_eq!(columns.2, (9, 2));
        let rejected: Vec<(&str, u64, &str)> = columns
            .1
            .iter()
            .map(|r| (r.file.rsplit('!').next().unwrap(), r.line, r.field.as_str()))
            .collect();
        assert_eq!(
            rejected,
            [
                ("general/2024-03-02.json", 2, "ts"),
                ("random/2024-03-02.json", 0, "*")
            ]
        );
        let us = |s: i64| (s * 1_000_000) + 100;
        assert_eq!(
            ts_micros(&columns.0),
            [
                us(MAR1 + 100),
                us(MAR1 + 100),
                us(MAR1 + 200),
                us(MAR1 + 400),
                us(MAR1 + DAY + 5)
            ]
        );
        let text = |name: &str| -> Vec<String> {
            let c = columns.0.column(name).unwrap();
            (0..c.len())
                .map(|i| c.get(i).unwrap().to_string())
                .collect()
        };
        assert_eq!(
            text("event_id"),
            [
                "\"slack:general/1709251300.000100\"",
                "\"slack:general/1709251300.000100/react/+1/U2\"",
                "\"slack:general/1709251400.000100\"",
                "\"slack:random/1709251600.000100\"",
                "\"slack:general/1709337605.000100\""
            ]
        );
        assert_eq!(
            text("action"),
            [
                "\"message\"",
                "\"reaction_added\"",
                "\"thread_reply\"",
                "\"message\"",
                "\"message\""
            ]
        );
        // The reply and the reaction answer Ana, the mention addresses her.
        let counterparts = text("counterparts");
        assert_eq!(counterparts[0], "null");
        assert!(
            counterparts[1].contains("\"ana@x.org\""),
            "{counterparts:?}"
        );
        assert!(counterparts[2].contains("\"ana@x.org\""));
        assert_eq!(counterparts[3], "null");
        assert!(counterparts[4].contains("\"ana@x.org\""));
        assert_eq!(
            columns.0.schema().as_ref(),
            &uptake_store::event_schema()
                .iter()
                .filter(|(name, _)| name.as_str() != "batch")
                .map(|(n, d)| Field::new(n.clone(), d.clone()))
                .collect::<Schema>()
        );
        assert_eq!(
            reader.take_accounts().len(),
            SlackSource.parse(path).unwrap().accounts.len()
        );
        assert_eq!(reader.take_accounts().len(), 0, "taken once");
    }
}
