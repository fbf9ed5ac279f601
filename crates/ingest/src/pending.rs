//! New events read by columns and not yet staged, grouped by UTC day. They are staged
//! as one file per day and flush, so a run's memory is bounded by what it holds between
//! flushes, not by its files.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use polars::prelude::{DataFrame, IdxCa, IdxSize};
use uptake_store::{Transaction, date_of_day};

use crate::{Error, Result};

/// Rows held before the days are staged. With one set being written while the next is
/// gathered, 1 Mi keeps a 30M-event ingest's peak where 4 Mi written in turn kept it
/// (about 2,000 MiB; 2 Mi took 2,582 MiB, for no time gained: docs/benchmarks.md).
pub(crate) const FLUSH_ROWS: usize = 1 << 20;

#[derive(Debug, Default)]
pub(crate) struct PendingDays {
    frames: BTreeMap<i32, Vec<DataFrame>>,
    pub rows: usize,
    /// Every day that received events, staged or not.
    pub days_seen: BTreeSet<NaiveDate>,
}

impl PendingDays {
    /// Adds the events of `frame`, whose UTC days are `days`, row for row.
    pub(crate) fn add(&mut self, frame: DataFrame, days: &[i32]) -> Result<()> {
        if days.is_empty() {
            return Ok(());
        }
        self.rows += days.len();
        // Exports are mostly in time order: then each day is one run of rows and no row moves.
        let (frame, days) = if days.is_sorted() {
            (frame, std::borrow::Cow::Borrowed(days))
        } else {
            let mut order: Vec<IdxSize> = (0..days.len() as IdxSize).collect();
            order.sort_by_key(|&i| days[i as usize]);
            let sorted: Vec<i32> = order.iter().map(|&i| days[i as usize]).collect();
            let frame = frame
                .take(&IdxCa::from_vec("order".into(), order))
                .map_err(Error::frame("cannot group the new events by day"))?;
            (frame, std::borrow::Cow::Owned(sorted))
        };
        let mut start = 0;
        while start < days.len() {
            let day = days[start];
            let end = start + days[start..].partition_point(|&d| d == day);
            self.days_seen.insert(date_of_day(day));
            self.frames
                .entry(day)
                .or_default()
                .push(frame.slice(start as i64, end - start));
            start = end;
        }
        Ok(())
    }

    /// Stages every day held as one file each, written by the transaction's writer
    /// thread while the run reads on. With `keep_latest`, the latest day stays held: in
    /// an export in time order it is the one still being read.
    pub(crate) fn flush(&mut self, tx: &mut Transaction<'_>, keep_latest: bool) -> Result<()> {
        let latest = if keep_latest {
            self.frames.pop_last()
        } else {
            None
        };
        let mut days = Vec::with_capacity(self.frames.len());
        for (day, frames) in std::mem::take(&mut self.frames) {
            let mut frames = frames.into_iter();
            let Some(mut events) = frames.next() else {
                continue;
            };
            for more in frames {
                events
                    .vstack_mut(&more)
                    .map_err(Error::frame("cannot gather the events of a day"))?;
            }
            days.push((date_of_day(day), events));
        }
        tx.write_day_frames_behind(days)?;
        self.rows = 0;
        if let Some((day, frames)) = latest {
            self.rows = frames.iter().map(DataFrame::height).sum();
            self.frames.insert(day, frames);
        }
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use polars::prelude::SerReader;
    use uptake_store::{Activity, Category, Client, EventBatch, EventRow, RunRecord, Store};

    const DAY: i64 = 86_400_000_000;

    /// The record of a run that read no file, for committing a test's transaction.
    pub(crate) fn run_record(batch: &str) -> RunRecord {
        RunRecord {
            batch: batch.into(),
            source: "test".into(),
            started_at: chrono::Utc::now(),
            finished_at: chrono::Utc::now(),
            files: vec![],
            counts: Default::default(),
            tools: vec![],
            ts_min: None,
            ts_max: None,
            days: vec![],
            rejects: None,
        }
    }

    /// Events at the given microseconds, as a reader by columns yields them.
    fn frame(ts: &[i64]) -> DataFrame {
        let mut batch = EventBatch::default();
        for &us in ts {
            batch.push(EventRow {
                ts_us: us,
                person: "a@x.org".into(),
                tool: "slack".into(),
                action: "message".into(),
                activity: Activity::Post,
                category: Category::Messaging,
                client: Client::Unknown,
                channel: None,
                event_id: format!("slack:{us}"),
                counterparts: vec![],
            });
        }
        batch.to_dataframe("x").unwrap().drop("batch").unwrap()
    }

    fn days(ts: &[i64]) -> Vec<i32> {
        ts.iter().map(|&us| uptake_store::day_number(us)).collect()
    }

    /// Per stored file of `day`: its instants, in file order.
    fn stored(store: &Store, day: i32) -> Vec<Vec<i64>> {
        store
            .day_files(date_of_day(day))
            .unwrap()
            .iter()
            .map(|path| {
                let df = polars::prelude::ParquetReader::new(std::fs::File::open(path).unwrap())
                    .finish()
                    .unwrap();
                let ts = df.column("ts").unwrap();
                let ts = ts.cast(&polars::prelude::DataType::Int64).unwrap();
                ts.i64().unwrap().into_no_null_iter().collect()
            })
            .collect()
    }

    #[test]
    fn days_are_staged_whole_and_the_latest_waits_for_the_next_batch() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let mut tx = store.begin("b1").unwrap();
        let mut pending = PendingDays::default();
        // Days 2, 1, 2, 3 (out of order), then day 3 twice more in the next batch.
        let first = [2 * DAY + 5, DAY + 7, 2 * DAY + 1, 3 * DAY + 2];
        pending.add(frame(&first), &days(&first)).unwrap();
        assert_eq!(pending.rows, 4);
        pending.flush(&mut tx, true).unwrap();
        assert_eq!(pending.rows, 1, "day 3 is held");
        let second = [3 * DAY + 9, 3 * DAY + 4];
        pending.add(frame(&second), &days(&second)).unwrap();
        pending.flush(&mut tx, false).unwrap();
        assert_eq!(pending.rows, 0);
        let seen: Vec<NaiveDate> = pending.days_seen.iter().copied().collect();
        assert_eq!(seen, [date_of_day(1), date_of_day(2), date_of_day(3)]);
        tx.commit(run_record("b1")).unwrap();
        // One file per day; rows keep their order within a day.
        assert_eq!(stored(&store, 1), [vec![DAY + 7]]);
        assert_eq!(stored(&store, 2), [vec![2 * DAY + 5, 2 * DAY + 1]]);
        assert_eq!(
            stored(&store, 3),
            [vec![3 * DAY + 2, 3 * DAY + 9, 3 * DAY + 4]]
        );
    }
}
