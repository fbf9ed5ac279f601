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
        let days = std::mem::take(&mut self.frames);
        self.rows = 0;
        if let Some((day, frames)) = latest {
            self.rows = frames.iter().map(DataFrame::height).sum();
            self.frames.insert(day, frames);
        }
        stage(tx, days)
    }

    /// Stages the days held before `day`, as [`PendingDays::flush`] does: days a reader
    /// says it is done with.
    pub(crate) fn flush_before(&mut self, tx: &mut Transaction<'_>, day: i32) -> Result<()> {
        let later = self.frames.split_off(&day);
        let done = std::mem::replace(&mut self.frames, later);
        if done.is_empty() {
            return Ok(());
        }
        self.rows -= done
            .values()
            .flatten()
            .map(DataFrame::height)
            .sum::<usize>();
        stage(tx, done)
    }

    /// Whether any day before `day` is held.
    pub(crate) fn holds_before(&self, day: i32) -> bool {
        self.frames.first_key_value().is_some_and(|(&d, _)| d < day)
    }
}

/// Hands the days' frames, each day's gathered into one, to the transaction's writer.
fn stage(tx: &mut Transaction<'_>, frames: BTreeMap<i32, Vec<DataFrame>>) -> Result<()> {
    let mut days = Vec::with_capacity(frames.len());
    for (day, frames) in frames {
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
    Ok(tx.write_day_frames_behind(days)?)
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

    #[test]
    fn days_a_reader_is_done_with_are_staged_and_a_late_event_gets_a_file_of_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let mut tx = store.begin("b1").unwrap();
        let mut pending = PendingDays::default();
        let first = [DAY + 1, DAY + 2, 2 * DAY + 3, 3 * DAY + 4];
        pending.add(frame(&first), &days(&first)).unwrap();
        assert!(pending.holds_before(2) && !pending.holds_before(1));
        pending.flush_before(&mut tx, 3).unwrap();
        assert_eq!(pending.rows, 1, "day 3 is held");
        assert!(!pending.holds_before(3));
        // Nothing before day 3 is left: nothing more is staged.
        pending.flush_before(&mut tx, 3).unwrap();
        assert_eq!(pending.rows, 1);
        // An event of day 2 after all, then the rest.
        let late = [2 * DAY + 9];
        pending.add(frame(&late), &days(&late)).unwrap();
        pending.flush(&mut tx, false).unwrap();
        assert_eq!(pending.rows, 0);
        tx.commit(run_record("b1")).unwrap();
        assert_eq!(stored(&store, 1), [vec![DAY + 1, DAY + 2]]);
        let mut two = stored(&store, 2);
        two.sort();
        assert_eq!(two, [vec![2 * DAY + 3], vec![2 * DAY + 9]]);
        assert_eq!(stored(&store, 3), [vec![3 * DAY + 4]]);
    }
}
