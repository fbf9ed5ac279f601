//! The named tables ad-hoc SQL runs over (`uptake query`): the stored events, the
//! daily rollup, the roster with each person's standing, the daily metric series, and
//! the interactions between people.
//! Stored tables are lazy scans; the two computed ones are built only when asked for.

use std::cell::OnceCell;

use polars::prelude::*;
use uptake_store::{Roster, Store, event_schema};

use crate::activity::{ActivityFilter, ActivityIndex};
use crate::calendar::{Day, day_of};
use crate::plan::Plan;
use crate::population::population;
use crate::rogers::adopter_category_by_person;
use crate::rollup::{empty_rollup, scan_rollup};
use crate::status::Windows;
use crate::{Error, Result};

/// Each table's name and what one row is.
pub const QUERY_TABLES: &[(&str, &str)] = &[
    (
        "events",
        "one row per stored user action (canonical columns; `date` is the UTC day)",
    ),
    (
        "activity",
        "the daily rollup: one row per person x date x tool x category, with `events` and `contributing` counts",
    ),
    (
        "people",
        "one row per roster person: the roster's columns, then their standing at the as-of date",
    ),
    (
        "daily",
        "one row per day up to the as-of date: dau, wau, mau, eligible, active_rate_28, stickiness",
    ),
    (
        "interactions",
        "one row per person an action addressed: person, counterpart (both through the identity map), date, tool",
    ),
];

/// What the computed tables depend on.
#[derive(Debug, Clone, Default)]
pub struct QueryOptions {
    /// The as-of date of `people` and the end of `daily` (default: the last day with events).
    pub as_of: Option<chrono::NaiveDate>,
    pub windows: Windows,
    /// Whose days count as active in `people` and `daily`.
    pub filter: ActivityFilter,
    /// Days in the `mau` window of `daily`.
    pub month_days: i32,
    /// The plan fills `people.rogers` (adopter categories need the waves).
    pub plan: Option<Plan>,
}

/// The tables of one store; `people` and `daily` load the activity once, on first use.
pub struct QueryTables<'s> {
    store: &'s Store,
    options: QueryOptions,
    roster: Option<Roster>,
    activity: OnceCell<ActivityIndex>,
}

impl<'s> QueryTables<'s> {
    pub fn new(store: &'s Store, options: QueryOptions) -> Result<Self> {
        let roster = store.read_roster()?;
        if let (Some(plan), Some(roster)) = (&options.plan, &roster) {
            plan.check_columns(roster)?;
        }
        Ok(QueryTables {
            store,
            options,
            roster,
            activity: OnceCell::new(),
        })
    }

    /// The table `name` as a lazy frame.
    pub fn frame(&self, name: &str) -> Result<LazyFrame> {
        match name {
            "events" => self.events(),
            "activity" => self.activity_table(),
            "people" => self.people(),
            "interactions" => self.interactions(),
            "daily" => self.daily(),
            other => Err(Error::Invalid(format!(
                "no table `{other}`; tables are: {}",
                table_names().join(", ")
            ))),
        }
    }

    fn events(&self) -> Result<LazyFrame> {
        match self.store.scan_events()? {
            Some(lf) => Ok(lf),
            None => {
                let mut schema = event_schema();
                schema.with_column("date".into(), DataType::Date);
                Ok(DataFrame::empty_with_schema(&schema).lazy())
            }
        }
    }

    fn activity_table(&self) -> Result<LazyFrame> {
        match scan_rollup(self.store)? {
            Some(lf) => Ok(lf),
            None => empty_rollup(self.store),
        }
    }

    fn index(&self) -> Result<&ActivityIndex> {
        if let Some(a) = self.activity.get() {
            return Ok(a);
        }
        let loaded = ActivityIndex::load(self.store, &self.options.filter)?;
        Ok(self.activity.get_or_init(|| loaded))
    }

    /// The as-of day: the option, else the last day with activity.
    fn as_of(&self) -> Result<Day> {
        match self.options.as_of {
            Some(d) => Ok(day_of(d)),
            None => self.index()?.last_day().ok_or_else(|| {
                Error::Invalid(format!(
                    "no events in {} yet: the `people` and `daily` tables need an as-of date (--as-of)",
                    self.store.root().display()
                ))
            }),
        }
    }

    fn people(&self) -> Result<LazyFrame> {
        let roster = self.roster.as_ref().ok_or_else(|| {
            Error::Invalid(
                "the `people` table is the roster's people: import one first (uptake roster import FILE)"
                    .into(),
            )
        })?;
        let activity = self.index()?;
        let as_of = self.as_of()?;
        let members = population(roster, activity, &[])?;
        let rogers = match &self.options.plan {
            Some(plan) => adopter_category_by_person(plan, roster, &members, as_of),
            None => Default::default(),
        };
        // A roster whose manager chain loops has no levels; the import refuses one.
        let levels = crate::leadership::Hierarchy::of(roster)
            .map(|h| h.level)
            .unwrap_or_default();
        let mut derived =
            crate::people::people(&members, as_of, &self.options.windows, &rogers, &levels)
                .to_dataframe()?
                .drop("person")
                .map_err(Error::polars("people table"))?;
        // Text columns stay text when every value is null (no plan: no `rogers`).
        for name in ["ghost", "usage", "rogers"] {
            let text = derived
                .column(name)
                .and_then(|c| c.cast(&DataType::String))
                .map_err(Error::polars("people table"))?;
            derived
                .with_column(text)
                .map_err(Error::polars("people table"))?;
        }
        let mut df = roster
            .to_dataframe()
            .map_err(Error::polars("people table"))?;
        df.hstack_mut(derived.columns())
            .map_err(Error::polars("people table"))?;
        Ok(df.lazy())
    }

    fn interactions(&self) -> Result<LazyFrame> {
        let all = crate::collaboration::load_interactions(
            self.store,
            self.options.filter.tz.as_deref(),
            Day::MIN,
            Day::MAX,
        )?;
        let err = || Error::polars("interactions table");
        let text = |name: &str, f: fn(&crate::Interaction) -> &str| {
            Column::new(name.into(), all.iter().map(f).collect::<Vec<_>>())
        };
        let date = Int32Chunked::from_vec("date".into(), all.iter().map(|i| i.day).collect())
            .into_date()
            .into_column();
        let df = DataFrame::new(
            all.len(),
            vec![
                text("person", |i| &i.person),
                text("counterpart", |i| &i.counterpart),
                date,
                text("tool", |i| &i.tool),
            ],
        )
        .map_err(err())?;
        Ok(df.lazy())
    }

    fn daily(&self) -> Result<LazyFrame> {
        let empty = Roster::default();
        let roster = self.roster.as_ref().unwrap_or(&empty);
        let activity = self.index()?;
        let as_of = self.as_of()?;
        let members = population(roster, activity, &[])?;
        let month_days = if self.options.month_days > 0 {
            self.options.month_days
        } else {
            28
        };
        Ok(crate::daily::daily(activity, &members, as_of, month_days)
            .to_dataframe()?
            .lazy())
    }
}

pub fn table_names() -> Vec<&'static str> {
    QUERY_TABLES.iter().map(|(name, _)| *name).collect()
}

/// The tables a SQL text names: every table name that appears in it as a word.
/// Registering only those keeps a query over `events` from computing `people`.
pub fn tables_named_in(sql: &str) -> Vec<&'static str> {
    let words: Vec<String> = sql
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .map(str::to_ascii_lowercase)
        .collect();
    table_names()
        .into_iter()
        .filter(|t| words.iter().any(|w| w == t))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_tables_named_as_words_are_registered() {
        assert_eq!(
            tables_named_in("SELECT dept FROM People p JOIN activity a ON p.person = a.person"),
            ["activity", "people"]
        );
        // `events` as a column of `activity`, not a word of its own elsewhere.
        assert_eq!(
            tables_named_in("select sum(events) from activity"),
            ["events", "activity"]
        );
        assert_eq!(
            tables_named_in("select daily_x from dailyfoo"),
            Vec::<&str>::new()
        );
    }
}
