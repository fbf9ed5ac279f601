//! The days the store's exports cover, per tool, from the manifest's ingest runs; and
//! how far an as-of day lies outside them. Past the last covered day the store knows
//! nothing, so a metric there would count the missing days as inactivity.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use uptake_store::{RunRecord, Store};

use crate::activity::ActivityFilter;
use crate::calendar::{Day, date_of, day_of};
use crate::{Error, Result};

/// The days one tool's exports cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolSpan {
    pub tool: String,
    pub first: Day,
    pub last: Day,
}

/// Every tool's covered days (only the filter's tool when it names one).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage {
    pub tools: Vec<ToolSpan>,
}

/// A tool whose exports end before the as-of day, and by how many days.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TrailingGap {
    pub tool: String,
    pub last: NaiveDate,
    pub days: i32,
}

impl Coverage {
    /// The store's coverage for the tools `filter` selects, days taken in its time zone.
    pub fn of_store(store: &Store, filter: &ActivityFilter) -> Result<Coverage> {
        let zone: Option<chrono_tz::Tz> = match &filter.tz {
            None => None,
            Some(tz) => Some(tz.parse().map_err(|_| {
                Error::Invalid(format!(
                    "unknown time zone `{tz}` (use an IANA name such as Europe/Paris)"
                ))
            })?),
        };
        let manifest = store.manifest()?;
        Ok(Coverage::of_runs(
            &manifest.runs,
            filter.tool.as_deref(),
            zone,
        ))
    }

    /// Each run covers, for every tool it received events of, the days from its earliest
    /// to its latest record read (duplicates included: an export already stored still
    /// says which days it covers); the day partitions it wrote when it has no times.
    pub fn of_runs(
        runs: &[RunRecord],
        tool: Option<&str>,
        zone: Option<chrono_tz::Tz>,
    ) -> Coverage {
        let day = |ts: DateTime<Utc>| match zone {
            Some(z) => day_of(ts.with_timezone(&z).date_naive()),
            None => day_of(ts.date_naive()),
        };
        let mut spans: BTreeMap<&str, (Day, Day)> = BTreeMap::new();
        for r in runs {
            let first = r
                .ts_min
                .map(day)
                .or_else(|| r.days.iter().min().map(|d| day_of(*d)));
            let last = r
                .ts_max
                .map(day)
                .or_else(|| r.days.iter().max().map(|d| day_of(*d)));
            let (Some(first), Some(last)) = (first, last) else {
                continue;
            };
            for t in r.tools.iter().filter(|t| tool.is_none_or(|x| x == *t)) {
                let span = spans.entry(t.as_str()).or_insert((first, last));
                *span = (span.0.min(first), span.1.max(last));
            }
        }
        Coverage {
            tools: spans
                .into_iter()
                .map(|(tool, (first, last))| ToolSpan {
                    tool: tool.to_string(),
                    first,
                    last,
                })
                .collect(),
        }
    }

    /// The first day any tool covers.
    pub fn first_day(&self) -> Option<Day> {
        self.tools.iter().map(|t| t.first).min()
    }

    /// The last day any tool covers.
    pub fn last_day(&self) -> Option<Day> {
        self.tools.iter().map(|t| t.last).max()
    }

    /// Whether the data covers `day`: on or after the first covered day and on or before
    /// the last. Nothing known (a store written without run records) covers every day.
    pub fn covers(&self, day: Day) -> bool {
        match (self.first_day(), self.last_day()) {
            (Some(first), Some(last)) => first <= day && day <= last,
            _ => true,
        }
    }

    /// The tools whose exports end before `as_of`, most days behind first.
    pub fn trailing_gaps(&self, as_of: Day) -> Vec<TrailingGap> {
        let mut gaps: Vec<TrailingGap> = self
            .tools
            .iter()
            .filter(|t| t.last < as_of)
            .map(|t| TrailingGap {
                tool: t.tool.clone(),
                last: date_of(t.last),
                days: as_of - t.last,
            })
            .collect();
        gaps.sort_by(|a, b| b.days.cmp(&a.days).then(a.tool.cmp(&b.tool)));
        gaps
    }

    /// What to tell the user about `as_of`, one line each (none when it is covered).
    pub fn warnings(&self, as_of: Day) -> Vec<String> {
        let at = date_of(as_of);
        if let Some(first) = self.first_day()
            && as_of < first
        {
            return vec![format!(
                "as-of {at} is before any data: the exports start on {}; every figure at {at} counts no activity",
                date_of(first)
            )];
        }
        // Tools ending on the same day share one line.
        let mut by_last: BTreeMap<NaiveDate, Vec<String>> = BTreeMap::new();
        for g in self.trailing_gaps(as_of) {
            by_last.entry(g.last).or_default().push(g.tool);
        }
        by_last
            .into_iter()
            .map(|(last, mut tools)| {
                tools.sort();
                format!(
                    "as-of {at} is {} day(s) after the last day the exports of {} cover ({last}): those days count as inactivity; ingest newer exports or pass --as-of {last} or earlier",
                    as_of - day_of(last),
                    tools.join(", ")
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(tools: &[&str], from: &str, to: &str) -> RunRecord {
        let ts = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        RunRecord {
            batch: "b".into(),
            source: "test".into(),
            started_at: Utc::now(),
            finished_at: Utc::now(),
            files: vec![],
            counts: Default::default(),
            tools: tools.iter().map(|t| t.to_string()).collect(),
            ts_min: Some(ts(from)),
            ts_max: Some(ts(to)),
            days: vec![],
            rejects: None,
        }
    }

    fn d(s: &str) -> Day {
        day_of(s.parse().unwrap())
    }

    #[test]
    fn per_tool_last_day_and_the_trailing_gap() {
        let runs = [
            run(&["slack"], "2026-03-02T09:00:00Z", "2026-09-15T10:00:00Z"),
            run(&["slack"], "2026-09-10T09:00:00Z", "2026-10-01T23:30:00Z"),
            run(
                &["teams", "sharepoint"],
                "2026-03-01T00:00:00Z",
                "2026-10-10T08:00:00Z",
            ),
        ];
        let c = Coverage::of_runs(&runs, None, None);
        assert_eq!(c.first_day(), Some(d("2026-03-01")));
        assert_eq!(c.last_day(), Some(d("2026-10-10")));
        // 20 Oct: slack ends 1 Oct (19 days), teams and sharepoint 10 Oct (10 days).
        let gaps = c.trailing_gaps(d("2026-10-20"));
        let seen: Vec<(&str, i32)> = gaps.iter().map(|g| (g.tool.as_str(), g.days)).collect();
        assert_eq!(seen, [("slack", 19), ("sharepoint", 10), ("teams", 10)]);
        let w = c.warnings(d("2026-10-20"));
        assert_eq!(
            w,
            [
                "as-of 2026-10-20 is 19 day(s) after the last day the exports of slack cover (2026-10-01): those days count as inactivity; ingest newer exports or pass --as-of 2026-10-01 or earlier",
                "as-of 2026-10-20 is 10 day(s) after the last day the exports of sharepoint, teams cover (2026-10-10): those days count as inactivity; ingest newer exports or pass --as-of 2026-10-10 or earlier",
            ]
        );
        assert!(c.warnings(d("2026-10-01")).is_empty());
        assert_eq!(c.warnings(d("2026-10-05")).len(), 1);
        assert!(c.covers(d("2026-10-10")));
        assert!(!c.covers(d("2026-10-11")));
        assert!(!c.covers(d("2026-02-28")));
        // Before any data.
        let w = c.warnings(d("2026-01-15"));
        assert_eq!(
            w,
            [
                "as-of 2026-01-15 is before any data: the exports start on 2026-03-01; every figure at 2026-01-15 counts no activity"
            ]
        );
        // One tool; and a time zone moves 23:30 UTC to the next day in Paris.
        let slack = Coverage::of_runs(&runs, Some("slack"), None);
        assert_eq!(slack.last_day(), Some(d("2026-10-01")));
        assert!(slack.warnings(d("2026-10-01")).is_empty());
        let paris = Coverage::of_runs(&runs, Some("slack"), Some(chrono_tz::Europe::Paris));
        assert_eq!(paris.last_day(), Some(d("2026-10-02")));
        assert!(Coverage::default().covers(d("2026-10-20")));
    }
}
