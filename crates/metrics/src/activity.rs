//! Each person's active days, loaded once from the rollup and swept by every metric.

use polars::prelude::*;
use uptake_store::{Category, Store};

use crate::calendar::Day;
use crate::rollup::{rollup_in_zone, scan_rollup};
use crate::{Error, Result};

/// Which events count (docs/metrics.md, "Counting events").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Level {
    /// Every person event.
    #[default]
    Active,
    /// Only post, reply, share, edit, create, meet and call.
    Contributing,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Active => "active",
            Level::Contributing => "contributing",
        }
    }
}

impl std::str::FromStr for Level {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "active" => Ok(Level::Active),
            "contributing" => Ok(Level::Contributing),
            other => Err(format!("unknown level `{other}` (active, contributing)")),
        }
    }
}

/// What to load from the rollup.
#[derive(Debug, Clone, Default)]
pub struct ActivityFilter {
    /// Only this tool; `None` for any tool (a person counted once across tools).
    pub tool: Option<String>,
    pub level: Level,
    /// Take days in this IANA time zone instead of UTC (the rollup is recomputed from
    /// the events on the fly).
    pub tz: Option<String>,
}

/// One active day of one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActiveDay {
    pub day: Day,
    /// Counting events that day (all tools and categories merged).
    pub events: u32,
    /// Bit `i` set when category `Category::ALL[i]` was used that day.
    pub categories: u8,
}

/// Every person's active days, sorted, with no empty day.
#[derive(Debug, Clone, Default)]
pub struct ActivityIndex {
    pub persons: Vec<String>,
    pub days: Vec<Vec<ActiveDay>>,
    /// Person -> position; foldhash, not SipHash: this lookup per rollup row was most of
    /// the index's time.
    index: foldhash::HashMap<String, usize>,
}

pub fn category_bit(category: &str) -> u8 {
    Category::ALL
        .iter()
        .position(|c| c.as_str() == category)
        .map_or(0, |i| 1 << i)
}

impl ActivityIndex {
    /// Builds the index from (person, day, events, category) rows in any order;
    /// rows with zero events are ignored.
    pub fn from_rows<'a>(rows: impl IntoIterator<Item = (&'a str, Day, u32, &'a str)>) -> Self {
        let mut idx = ActivityIndex::default();
        // Two passes: number the people and count their rows, then fill vectors of the
        // exact size. Growing tens of thousands of vectors row by row is what cost most.
        let mut numbered: Vec<(u32, ActiveDay)> = Vec::new();
        let mut counts: Vec<usize> = Vec::new();
        for (person, day, events, category) in rows {
            if events == 0 {
                continue;
            }
            let i = match idx.index.get(person) {
                Some(&i) => i,
                None => {
                    idx.index.insert(person.to_string(), idx.persons.len());
                    idx.persons.push(person.to_string());
                    counts.push(0);
                    idx.persons.len() - 1
                }
            };
            counts[i] += 1;
            numbered.push((
                i as u32,
                ActiveDay {
                    day,
                    events,
                    categories: category_bit(category),
                },
            ));
        }
        idx.days = counts.iter().map(|&n| Vec::with_capacity(n)).collect();
        for (i, d) in numbered {
            idx.days[i as usize].push(d);
        }
        for days in &mut idx.days {
            days.sort_by_key(|d| d.day);
            days.dedup_by(|later, first| {
                if later.day == first.day {
                    first.events += later.events;
                    first.categories |= later.categories;
                    true
                } else {
                    false
                }
            });
        }
        idx
    }

    /// An index of people (in this order) and their active days (sorted, no empty day).
    pub(crate) fn from_people(persons: Vec<String>, days: Vec<Vec<ActiveDay>>) -> Self {
        let index = persons
            .iter()
            .enumerate()
            .map(|(i, p)| (p.clone(), i))
            .collect();
        ActivityIndex {
            persons,
            days,
            index,
        }
    }

    /// Loads the store's rollup through `filter`; empty when there is no rollup yet.
    /// Without a filter it is the index saved with the rollup, when there is one.
    pub fn load(store: &Store, filter: &ActivityFilter) -> Result<Self> {
        let unfiltered =
            filter.tool.is_none() && filter.tz.is_none() && filter.level == Level::Active;
        if unfiltered {
            let clock = std::time::Instant::now();
            if let Some(index) = crate::activity_cache::load(store)? {
                tracing::debug!(
                    "activity index: {} people read in {:.2} s",
                    index.persons.len(),
                    clock.elapsed().as_secs_f64()
                );
                return Ok(index);
            }
        }
        Self::from_rollup(store, filter)
    }

    /// Builds the index from the rollup rows through `filter`.
    pub(crate) fn from_rollup(store: &Store, filter: &ActivityFilter) -> Result<Self> {
        let lf = match &filter.tz {
            None => scan_rollup(store)?,
            Some(tz) => rollup_in_zone(store, tz)?,
        };
        let Some(mut lf) = lf else {
            return Ok(ActivityIndex::default());
        };
        if let Some(tool) = &filter.tool {
            lf = lf.filter(col("tool").eq(lit(tool.clone())));
        }
        let count = match filter.level {
            Level::Active => "events",
            Level::Contributing => "contributing",
        };
        if filter.level == Level::Contributing {
            lf = lf.filter(col("contributing").gt(lit(0)));
        }
        let clock = std::time::Instant::now();
        let df = lf
            .select([
                col("person"),
                col("date").cast(DataType::Int32),
                col(count).cast(DataType::UInt32).alias("n"),
                col("category"),
            ])
            .collect()
            .map_err(Error::polars("load of the rollup"))?;
        tracing::debug!(
            "rollup: {} rows read in {:.2} s",
            df.height(),
            clock.elapsed().as_secs_f64()
        );
        let clock = std::time::Instant::now();
        let err = || Error::polars("load of the rollup");
        let person = df.column("person").map_err(err())?.str().map_err(err())?;
        let date = df.column("date").map_err(err())?.i32().map_err(err())?;
        let n = df.column("n").map_err(err())?.u32().map_err(err())?;
        let category = df.column("category").map_err(err())?.str().map_err(err())?;
        let index = Self::from_rows(
            person
                .iter()
                .zip(date.iter())
                .zip(n.iter())
                .zip(category.iter())
                .filter_map(|(((p, d), n), c)| Some((p?, d?, n?, c.unwrap_or("")))),
        );
        // The index, not the metrics, is where a `metrics` run spends its time.
        tracing::debug!(
            "activity index: {} people in {:.2} s",
            index.persons.len(),
            clock.elapsed().as_secs_f64()
        );
        Ok(index)
    }

    pub fn get(&self, person: &str) -> Option<&[ActiveDay]> {
        self.index.get(person).map(|&i| self.days[i].as_slice())
    }

    pub fn first_day(&self) -> Option<Day> {
        self.days
            .iter()
            .filter_map(|d| d.first())
            .map(|d| d.day)
            .min()
    }

    pub fn last_day(&self) -> Option<Day> {
        self.days
            .iter()
            .filter_map(|d| d.last())
            .map(|d| d.day)
            .max()
    }
}

/// First and last active day on or before `as_of`.
pub fn first_last(days: &[ActiveDay], as_of: Day) -> Option<(Day, Day)> {
    let upto = days.partition_point(|d| d.day <= as_of);
    let seen = &days[..upto];
    Some((seen.first()?.day, seen.last()?.day))
}

/// The active days in `[from, to]`: a sub-slice, since the days are sorted.
pub fn days_in(days: &[ActiveDay], from: Day, to: Day) -> &[ActiveDay] {
    let start = days.partition_point(|d| d.day < from);
    let end = days.partition_point(|d| d.day <= to);
    &days[start..end.max(start)]
}

/// Whether any active day falls in `[from, to]`.
pub fn active_in(days: &[ActiveDay], from: Day, to: Day) -> bool {
    let i = days.partition_point(|d| d.day < from);
    days.get(i).is_some_and(|d| d.day <= to)
}

/// Active days with one event each, for tests.
#[cfg(test)]
pub(crate) fn days_at(days: &[Day]) -> Vec<ActiveDay> {
    days.iter()
        .map(|&day| ActiveDay {
            day,
            events: 1,
            categories: 1,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_merge_per_day_and_sort() {
        let idx = ActivityIndex::from_rows([
            ("a", 5, 2, "messaging"),
            ("a", 3, 1, "documents"),
            ("a", 5, 1, "documents"),
            ("b", 4, 0, "messaging"),
        ]);
        assert_eq!(idx.persons, vec!["a"]);
        let a = idx.get("a").unwrap();
        assert_eq!(a.len(), 2);
        assert_eq!(
            a[0],
            ActiveDay {
                day: 3,
                events: 1,
                categories: category_bit("documents")
            }
        );
        assert_eq!(a[1].events, 3);
        assert_eq!(
            a[1].categories,
            category_bit("messaging") | category_bit("documents")
        );
    }

    #[test]
    fn window_lookups() {
        let idx = ActivityIndex::from_rows([("a", 10, 1, "messaging"), ("a", 20, 1, "messaging")]);
        let a = idx.get("a").unwrap();
        assert!(active_in(a, 10, 10));
        assert!(!active_in(a, 11, 19));
        assert!(active_in(a, 11, 20));
        assert_eq!(first_last(a, 15), Some((10, 10)));
        assert_eq!(first_last(a, 9), None);
    }
}
