//! The events a run already has, per UTC day: the ids stored before it and those it has
//! taken so far, as [`event_key`](crate::event_key)s. A day's stored ids are read the
//! first time the run meets that day.

use std::collections::BTreeSet;

use foldhash::{HashMap, HashSet};

use chrono::NaiveDate;
use polars::prelude::{BooleanChunked, DataFrame, NewChunkedArray};
use rayon::prelude::*;
use uptake_store::{EventRow, Store, date_of_day, day_number};

use crate::{Error, Result, event_key};

#[derive(Debug, Default)]
pub(crate) struct SeenIds {
    days: HashMap<i32, HashSet<u64>>,
}

/// The new events of a batch, with what was learnt while keeping them.
pub(crate) struct Kept {
    pub frame: DataFrame,
    /// The UTC day of each kept event, row for row.
    pub days: Vec<i32>,
    pub duplicates: u64,
    pub ts_min: Option<i64>,
    pub ts_max: Option<i64>,
    pub tools: BTreeSet<String>,
}

/// The keys of the events stored on a day before the run.
fn stored_ids(store: &Store, day: i32) -> Result<HashSet<u64>> {
    Ok(store
        .event_ids(date_of_day(day))?
        .iter()
        .map(|id| event_key(id))
        .collect())
}

/// The new events of a parsed file, by day.
#[derive(Default)]
pub(crate) struct KeptRows {
    pub days: Vec<(NaiveDate, Vec<EventRow>)>,
    pub duplicates: u64,
    pub ts_min: Option<i64>,
    pub ts_max: Option<i64>,
    pub tools: BTreeSet<String>,
}

impl SeenIds {
    fn day(&mut self, store: &Store, day: i32) -> Result<&mut HashSet<u64>> {
        use std::collections::hash_map::Entry;
        Ok(match self.days.entry(day) {
            Entry::Occupied(o) => o.into_mut(),
            Entry::Vacant(v) => v.insert(stored_ids(store, day)?),
        })
    }

    /// Keeps the events that are new, each day's in their order, gathered by day in
    /// day order. The days are sorted out in one pass and then checked in parallel: a
    /// day's ids are all the check needs.
    pub(crate) fn keep_new_rows(
        &mut self,
        store: &Store,
        events: Vec<EventRow>,
    ) -> Result<KeptRows> {
        // Each day's share is counted first, so that every event moves once, into a
        // vector of the right size.
        let mut slots: HashMap<i32, usize> = HashMap::default();
        let mut sizes: Vec<(i32, usize)> = Vec::new();
        let slot_of: Vec<usize> = events
            .iter()
            .map(|e| {
                let day = day_number(e.ts_us);
                let slot = *slots.entry(day).or_insert_with(|| {
                    sizes.push((day, 0));
                    sizes.len() - 1
                });
                sizes[slot].1 += 1;
                slot
            })
            .collect();
        let mut by_day: Vec<(i32, Vec<EventRow>)> = sizes
            .iter()
            .map(|&(day, n)| (day, Vec::with_capacity(n)))
            .collect();
        for (event, slot) in events.into_iter().zip(slot_of) {
            by_day[slot].1.push(event);
        }
        by_day.sort_unstable_by_key(|(day, _)| *day);
        let mut jobs = Vec::with_capacity(by_day.len());
        for (day, rows) in by_day {
            let ids = match self.days.remove(&day) {
                Some(ids) => ids,
                None => stored_ids(store, day)?,
            };
            jobs.push((day, rows, ids));
        }
        // Each day's check also finds its time range and tools, on the same thread.
        let checked: Vec<(i32, HashSet<u64>, KeptRows)> = jobs
            .into_par_iter()
            .map(|(day, mut rows, mut ids)| {
                let before = rows.len();
                rows.retain(|e| ids.insert(event_key(&e.event_id)));
                let mut kept = KeptRows {
                    duplicates: (before - rows.len()) as u64,
                    ts_min: rows.iter().map(|e| e.ts_us).min(),
                    ts_max: rows.iter().map(|e| e.ts_us).max(),
                    ..KeptRows::default()
                };
                for e in &rows {
                    if !kept.tools.contains(&e.tool) {
                        kept.tools.insert(e.tool.clone());
                    }
                }
                if !rows.is_empty() {
                    kept.days.push((date_of_day(day), rows));
                }
                (day, ids, kept)
            })
            .collect();
        let mut kept = KeptRows::default();
        for (day, ids, of_day) in checked {
            self.days.insert(day, ids);
            kept.duplicates += of_day.duplicates;
            // `None` orders first, so `max` of two options is right but `min` is not.
            kept.ts_min = match (kept.ts_min, of_day.ts_min) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            kept.ts_max = kept.ts_max.max(of_day.ts_max);
            kept.tools.extend(of_day.tools);
            kept.days.extend(of_day.days);
        }
        Ok(kept)
    }

    /// Keeps the rows of `frame` (events in the stored columns) that are new, in order.
    pub(crate) fn keep_new(
        &mut self,
        store: &Store,
        frame: DataFrame,
        keys: &[u64],
    ) -> Result<Kept> {
        let ts = frame
            .column("ts")
            .and_then(|c| c.cast(&polars::prelude::DataType::Int64))
            .map_err(Error::frame("cannot select the new events"))?;
        let ts = ts
            .i64()
            .map_err(Error::frame("cannot select the new events"))?;
        let mut keep = Vec::with_capacity(keys.len());
        let mut days = Vec::with_capacity(keys.len());
        let (mut lo, mut hi) = (i64::MAX, i64::MIN);
        let mut duplicates = 0;
        for (us, &key) in ts.iter().zip(keys) {
            let Some(us) = us else {
                return Err(Error::Usage(
                    "an event without a timestamp reached the store".into(),
                ));
            };
            let day = day_number(us);
            let new = self.day(store, day)?.insert(key);
            keep.push(new);
            if new {
                days.push(day);
                lo = lo.min(us);
                hi = hi.max(us);
            } else {
                duplicates += 1;
            }
        }
        let frame = if duplicates > 0 {
            frame
                .filter(&BooleanChunked::from_slice("keep".into(), &keep))
                .map_err(Error::frame("cannot select the new events"))?
        } else {
            frame
        };
        let mut tools = BTreeSet::new();
        let mut last: Option<&str> = None;
        for tool in frame
            .column("tool")
            .and_then(|c| c.str())
            .map_err(Error::frame("cannot select the new events"))?
            .iter()
            .flatten()
        {
            if last != Some(tool) {
                last = Some(tool);
                if !tools.contains(tool) {
                    tools.insert(tool.to_string());
                }
            }
        }
        Ok(Kept {
            frame,
            days,
            duplicates,
            ts_min: (lo != i64::MAX).then_some(lo),
            ts_max: (hi != i64::MIN).then_some(hi),
            tools,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uptake_store::{Activity, Category, Client};

    const DAY1: i64 = 1_709_251_200_000_000; // 2024-03-01T00:00:00Z
    const DAY: i64 = 86_400_000_000;

    fn event(id: &str, ts_us: i64, tool: &str) -> EventRow {
        EventRow {
            ts_us,
            person: "a@x.org".into(),
            tool: tool.into(),
            action: "message".into(),
            activity: Activity::Post,
            category: Category::Messaging,
            client: Client::Desktop,
            channel: None,
            event_id: id.into(),
            counterparts: vec![],
        }
    }

    fn ids(rows: &[EventRow]) -> Vec<&str> {
        rows.iter().map(|e| e.event_id.as_str()).collect()
    }

    #[test]
    fn new_rows_are_kept_by_day_in_order_without_the_stored_or_repeated_ones() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        // "s1" is stored on the second day before the run.
        let mut tx = store.begin("b0").unwrap();
        tx.write_day_rows(vec![(
            date_of_day(day_number(DAY1 + DAY)),
            vec![event("s1", DAY1 + DAY, "slack")],
        )])
        .unwrap();
        tx.commit(crate::pending::tests::run_record("b0")).unwrap();

        let mut seen = SeenIds::default();
        // Days out of order; "x" twice on day 1 (the first is kept), the stored "s1" again
        // on day 2, and "x" at the last microsecond of day 2 and the first of day 3: new
        // to each, since ids are checked within their day.
        let first = vec![
            event("c", DAY1 + 2 * DAY + 5, "slack"),
            event("x", DAY1 + 10, "slack"),
            event("s1", DAY1 + DAY + 1, "slack"),
            event("a", DAY1 + 3, "teams"),
            event("x", DAY1 + 20, "slack"),
            event("b", DAY1 + DAY + 7, "slack"),
            event("x", DAY1 + 2 * DAY - 1, "slack"),
            event("x", DAY1 + 2 * DAY, "slack"),
        ];
        let kept = seen.keep_new_rows(&store, first).unwrap();
        let days: Vec<(NaiveDate, Vec<&str>)> =
            kept.days.iter().map(|(d, rows)| (*d, ids(rows))).collect();
        let date = |us: i64| date_of_day(day_number(us));
        assert_eq!(
            days,
            vec![
                (date(DAY1), vec!["x", "a"]),
                (date(DAY1 + DAY), vec!["b", "x"]),
                (date(DAY1 + 2 * DAY), vec!["c", "x"]),
            ]
        );
        // The second "x" of day 1 and the stored "s1".
        assert_eq!(kept.duplicates, 2);
        assert_eq!(kept.ts_min, Some(DAY1 + 3));
        assert_eq!(kept.ts_max, Some(DAY1 + 2 * DAY + 5));
        assert_eq!(
            kept.tools.iter().map(String::as_str).collect::<Vec<_>>(),
            vec!["slack", "teams"]
        );

        // A second file of the run: what the first kept is now seen.
        let second = vec![event("a", DAY1 + 4, "teams"), event("d", DAY1 + 5, "teams")];
        let kept = seen.keep_new_rows(&store, second).unwrap();
        assert_eq!(kept.duplicates, 1);
        assert_eq!(kept.days.len(), 1);
        assert_eq!(ids(&kept.days[0].1), vec!["d"]);
    }
}
