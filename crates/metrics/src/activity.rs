//! Each person's active days, loaded once from the rollup and swept by every metric.

use polars::prelude::*;
use uptake_store::{Category, Store, map_on_threads};

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

/// Rows with their people numbered locally, in the order first met.
struct Numbered<'a> {
    people: Vec<&'a str>,
    /// Rows per person.
    counts: Vec<usize>,
    rows: Vec<(u32, ActiveDay)>,
}

impl<'a> Numbered<'a> {
    /// Rows with zero events are left out.
    fn of(rows: impl IntoIterator<Item = (&'a str, Day, u32, &'a str)>) -> Numbered<'a> {
        let mut numbers: foldhash::HashMap<&'a str, u32> = Default::default();
        let mut out = Numbered {
            people: Vec::new(),
            counts: Vec::new(),
            rows: Vec::new(),
        };
        for (person, day, events, category) in rows {
            if events == 0 {
                continue;
            }
            let i = *numbers.entry(person).or_insert_with(|| {
                out.people.push(person);
                out.counts.push(0);
                (out.people.len() - 1) as u32
            });
            out.counts[i as usize] += 1;
            out.rows.push((
                i,
                ActiveDay {
                    day,
                    events,
                    categories: category_bit(category),
                },
            ));
        }
        out
    }
}

/// The rows of a loaded rollup (person, date, n, category) numbered in parallel slices,
/// in slice order: hashing each row's person is most of the work.
fn number_in_parallel(df: &DataFrame) -> Result<Vec<Numbered<'_>>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let step = df.height().div_ceil(threads).max(1);
    let slices: Vec<(usize, usize)> = (0..df.height())
        .step_by(step)
        .map(|from| (from, step.min(df.height() - from)))
        .collect();
    let err = || Error::polars("load of the rollup");
    // Contiguous arrays (the frame was made one chunk), read by position.
    let person = df.column("person").map_err(err())?.str().map_err(err())?;
    let date = df.column("date").map_err(err())?.i32().map_err(err())?;
    let n = df.column("n").map_err(err())?.u32().map_err(err())?;
    let category = df.column("category").map_err(err())?.str().map_err(err())?;
    let (person, date, n, category) = (
        person.downcast_as_array(),
        date.downcast_as_array(),
        n.downcast_as_array(),
        category.downcast_as_array(),
    );
    map_on_threads(slices, |(from, len)| {
        let rows = (from..from + len).filter_map(|i| {
            Some((
                person.get(i)?,
                date.get(i)?,
                n.get(i)?,
                category.get(i).unwrap_or(""),
            ))
        });
        Ok::<_, Error>(Numbered::of(rows))
    })
}

/// Builds an index from numbered parts, added in order: people keep the order in which
/// the parts, read one after the other, first name them.
#[derive(Default)]
struct Assembler {
    idx: ActivityIndex,
    counts: Vec<usize>,
    /// Each part's rows, numbered with the index's numbers.
    rows: Vec<Vec<(u32, ActiveDay)>>,
}

impl Assembler {
    fn add(&mut self, part: Numbered<'_>) {
        let idx = &mut self.idx;
        let counts = &mut self.counts;
        let global: Vec<u32> = part
            .people
            .iter()
            .zip(&part.counts)
            .map(|(&person, &n)| {
                let i = match idx.index.get(person) {
                    Some(&i) => i,
                    None => {
                        idx.index.insert(person.to_string(), idx.persons.len());
                        idx.persons.push(person.to_string());
                        counts.push(0);
                        idx.persons.len() - 1
                    }
                };
                counts[i] += n;
                i as u32
            })
            .collect();
        let mut rows = part.rows;
        for (i, _) in &mut rows {
            *i = global[*i as usize];
        }
        self.rows.push(rows);
    }

    fn finish(self) -> ActivityIndex {
        let mut idx = self.idx;
        // Vectors of the exact size: growing tens of thousands of them row by row is what
        // cost most.
        idx.days = self.counts.iter().map(|&n| Vec::with_capacity(n)).collect();
        for rows in self.rows {
            for (i, d) in rows {
                idx.days[i as usize].push(d);
            }
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
        let mut assembler = Assembler::default();
        assembler.add(Numbered::of(rows));
        assembler.finish()
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
        let select = [
            col("person"),
            col("date").cast(DataType::Int32),
            col(count).cast(DataType::UInt32).alias("n"),
            col("category"),
        ];
        // The stored rollup is read a month of days at a time, so that memory holds the
        // index and one month of rows, not every row (40M at 100M events). A rollup in
        // another zone is computed from the events, so it is read at once.
        let chunks: Vec<LazyFrame> = match filter.tz {
            Some(_) => vec![lf],
            None => store
                .days()?
                .chunks(31)
                .map(|days| {
                    let day = |d: chrono::NaiveDate| lit(d).cast(DataType::Date);
                    lf.clone().filter(
                        col("date")
                            .gt_eq(day(days[0]))
                            .and(col("date").lt_eq(day(days[days.len() - 1]))),
                    )
                })
                .collect(),
        };
        let clock = std::time::Instant::now();
        let mut assembler = Assembler::default();
        let mut rows = 0;
        for chunk in chunks {
            let mut df = chunk
                .select(select.clone())
                .collect()
                .map_err(Error::polars("load of the rollup"))?;
            df.rechunk_mut();
            rows += df.height();
            for part in number_in_parallel(&df)? {
                assembler.add(part);
            }
        }
        let index = assembler.finish();
        // The index, not the metrics, is where a `metrics` run spends its time.
        tracing::debug!(
            "activity index: {} people from {rows} rollup rows in {:.2} s",
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
