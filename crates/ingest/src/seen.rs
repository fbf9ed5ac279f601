//! The events a run already has, per UTC day: the ids stored before it and those it has
//! taken so far, as [`event_key`](crate::event_key)s. A day's stored ids are read the
//! first time the run meets that day.

use std::collections::BTreeSet;

use foldhash::{HashMap, HashSet};

use polars::prelude::{BooleanChunked, DataFrame, NewChunkedArray};
use uptake_store::{Store, date_of_day, day_number};

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

impl SeenIds {
    fn day(&mut self, store: &Store, day: i32) -> Result<&mut HashSet<u64>> {
        use std::collections::hash_map::Entry;
        Ok(match self.days.entry(day) {
            Entry::Occupied(o) => o.into_mut(),
            Entry::Vacant(v) => v.insert(
                store
                    .event_ids(date_of_day(day))?
                    .iter()
                    .map(|id| event_key(id))
                    .collect::<HashSet<u64>>(),
            ),
        })
    }

    /// Records an event; `false` when the run or the store already has it.
    pub(crate) fn insert(&mut self, store: &Store, ts_us: i64, key: u64) -> Result<bool> {
        Ok(self.day(store, day_number(ts_us))?.insert(key))
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
