use std::collections::{HashMap, HashSet};

use chrono::{Days, NaiveDate};
use polars::prelude::*;

use crate::{Error, Result, Store};

/// Coverage of one tool in the store.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolCoverage {
    pub tool: String,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    /// Days with at least one event.
    pub days: u32,
    pub events: u64,
    pub people: u64,
}

/// What the store holds, for `uptake status`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StoreSummary {
    pub events: u64,
    pub people: u64,
    pub first_day: Option<NaiveDate>,
    pub last_day: Option<NaiveDate>,
    pub tools: Vec<ToolCoverage>,
    /// Runs of consecutive days without any event between the first and last day.
    pub gaps: Vec<(NaiveDate, NaiveDate)>,
    /// People seen in events but absent from the roster, with their event counts, most first.
    pub unmatched: Vec<(String, u64)>,
}

impl Store {
    pub fn summary(&self) -> Result<StoreSummary> {
        let Some(events) = self.scan_events()? else {
            return Ok(StoreSummary::default());
        };
        let err = Error::polars(self.events_dir());
        let by_tool = events
            .clone()
            .group_by([col("tool")])
            .agg([
                col("date").min().alias("first"),
                col("date").max().alias("last"),
                col("date").n_unique().alias("days"),
                len().alias("events"),
                col("person").n_unique().alias("people"),
            ])
            .sort(["tool"], Default::default())
            .collect()
            .map_err(err)?;
        let err = || Error::polars(self.events_dir());
        let tools_col = by_tool
            .column("tool")
            .map_err(err())?
            .str()
            .map_err(err())?;
        let first = by_tool
            .column("first")
            .map_err(err())?
            .date()
            .map_err(err())?;
        let last = by_tool
            .column("last")
            .map_err(err())?
            .date()
            .map_err(err())?;
        let u64_col = |name: &str| -> Result<Vec<u64>> {
            let c = by_tool
                .column(name)
                .map_err(err())?
                .cast(&DataType::UInt64)
                .map_err(err())?;
            Ok(c.u64()
                .map_err(err())?
                .iter()
                .map(Option::unwrap_or_default)
                .collect())
        };
        let (days, counts, people) = (u64_col("days")?, u64_col("events")?, u64_col("people")?);
        let first: Vec<Option<NaiveDate>> = first.as_date_iter().collect();
        let last: Vec<Option<NaiveDate>> = last.as_date_iter().collect();
        let tools: Vec<ToolCoverage> = (0..by_tool.height())
            .map(|i| ToolCoverage {
                tool: tools_col.get(i).unwrap_or_default().to_string(),
                first_day: first[i].unwrap_or_default(),
                last_day: last[i].unwrap_or_default(),
                days: days[i] as u32,
                events: counts[i],
                people: people[i],
            })
            .collect();

        let per_person = events
            .group_by([col("person")])
            .agg([len().alias("events")])
            .collect()
            .map_err(err())?;
        let persons = per_person
            .column("person")
            .map_err(err())?
            .str()
            .map_err(err())?;
        let person_events = per_person
            .column("events")
            .map_err(err())?
            .cast(&DataType::UInt64)
            .map_err(err())?;
        let person_events = person_events.u64().map_err(err())?;
        // Aliases count as the person the identity map says they are.
        let identities = self.read_identities()?;
        let mut resolved: HashMap<String, u64> = HashMap::new();
        for (p, n) in persons.iter().zip(person_events.iter()) {
            if let (Some(p), Some(n)) = (p, n) {
                *resolved
                    .entry(identities.resolve(p).to_string())
                    .or_default() += n;
            }
        }
        let roster: Option<HashSet<String>> = self
            .read_roster()?
            .map(|r| r.people.into_iter().map(|p| p.person).collect());
        let mut unmatched: Vec<(String, u64)> = match &roster {
            None => Vec::new(),
            Some(known) => resolved
                .iter()
                .filter(|(p, _)| !known.contains(*p))
                .map(|(p, n)| (p.clone(), *n))
                .collect(),
        };
        unmatched.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));

        let present = self.days()?;
        let mut gaps = Vec::new();
        for pair in present.windows(2) {
            if let (Some(from), Some(to)) = (
                pair[0].checked_add_days(Days::new(1)),
                pair[1].checked_sub_days(Days::new(1)),
            ) && from <= to
            {
                gaps.push((from, to));
            }
        }
        Ok(StoreSummary {
            events: counts.iter().sum(),
            people: resolved.len() as u64,
            first_day: present.first().copied(),
            last_day: present.last().copied(),
            tools,
            gaps,
            unmatched,
        })
    }
}
