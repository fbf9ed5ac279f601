//! The roster joined with each person's activity, split into `--by` segments.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use uptake_store::{Person, Roster};

use crate::activity::{ActiveDay, ActivityIndex};
use crate::calendar::{Day, day_of};
use crate::table::Value;
use crate::{Error, Result};

/// One roster person as metrics see them.
#[derive(Debug, Clone)]
pub struct Member<'a> {
    pub person: &'a Person,
    pub registered: Day,
    /// First day the person is no longer eligible.
    pub deactivated: Option<Day>,
    /// Active days, empty for someone never seen in the events.
    pub days: &'a [ActiveDay],
    /// The `--by` segment, or `all`.
    pub segment: String,
}

impl Member<'_> {
    /// Eligible on `d`: registered on or before it, not yet deactivated.
    pub fn eligible_on(&self, d: Day) -> bool {
        self.registered <= d && self.deactivated.is_none_or(|x| x > d)
    }
}

/// Roster columns a `--by` can name (free attribute columns too).
pub fn segment_columns(roster: &Roster) -> Vec<String> {
    roster
        .column_names()
        .into_iter()
        .filter(|c| c != "person")
        .collect()
}

/// A person's value in a roster column, as text (`(none)` when empty).
pub(crate) fn value_of(p: &Person, roster: &Roster, column: &str) -> Option<String> {
    let text = |v: &Option<String>| v.clone();
    let flag = |v: Option<bool>| v.map(|b| b.to_string());
    let date = |v: Option<chrono::NaiveDate>| v.map(|d| d.to_string());
    match column {
        "registered_at" => Some(p.registered_at.to_string()),
        "deactivated_at" => date(p.deactivated_at),
        "name" => text(&p.name),
        "department" => text(&p.department),
        "team" => text(&p.team),
        "site" => text(&p.site),
        "role" => text(&p.role),
        "profile" => text(&p.profile),
        "manager" => text(&p.manager),
        "wave" => text(&p.wave),
        "ambassador" => flag(p.ambassador),
        "pilot" => flag(p.pilot),
        "in_scope" => flag(p.in_scope),
        "hired_at" => date(p.hired_at),
        other => roster
            .extra_columns
            .iter()
            .position(|c| c == other)
            .and_then(|i| p.extra.get(i).cloned().flatten()),
    }
}

/// Columns computed from activity rather than read from the roster (e.g. `rogers`):
/// name, and each person's value.
pub type Derived = Vec<(String, HashMap<String, String>)>;

/// The roster's people with their activity; `by` names the segment columns.
pub fn population<'a>(
    roster: &'a Roster,
    activity: &'a ActivityIndex,
    by: &[String],
) -> Result<Vec<Member<'a>>> {
    population_with(roster, activity, by, &Derived::new())
}

/// [`population`] with derived columns `by` can also name.
pub fn population_with<'a>(
    roster: &'a Roster,
    activity: &'a ActivityIndex,
    by: &[String],
    derived: &Derived,
) -> Result<Vec<Member<'a>>> {
    let mut known = segment_columns(roster);
    known.extend(derived.iter().map(|(name, _)| name.clone()));
    for column in by {
        if !known.contains(column) {
            return Err(Error::UnknownColumn {
                column: column.clone(),
                columns: known,
            });
        }
    }
    Ok(roster
        .people
        .iter()
        .map(|p| Member {
            person: p,
            registered: day_of(p.registered_at),
            deactivated: p.deactivated_at.map(day_of),
            days: activity.get(&p.person).unwrap_or(&[]),
            segment: if by.is_empty() {
                "all".to_string()
            } else {
                by.iter()
                    .map(|c| {
                        let value = match derived.iter().find(|(name, _)| name == c) {
                            Some((_, values)) => values.get(&p.person).cloned(),
                            None => value_of(p, roster, c),
                        };
                        value.unwrap_or_else(|| "(none)".into())
                    })
                    .collect::<Vec<_>>()
                    .join("/")
            },
        })
        .collect())
}

/// Members grouped by segment, segments sorted by name.
pub fn by_segment<'m, 'a>(members: &'m [Member<'a>]) -> BTreeMap<&'m str, Vec<&'m Member<'a>>> {
    let mut groups: BTreeMap<&str, Vec<&Member>> = BTreeMap::new();
    for m in members {
        groups.entry(m.segment.as_str()).or_default().push(m);
    }
    groups
}

/// One row per segment (sorted; segments computed in parallel) when `segmented`, then
/// the total row `all` over everyone.
pub fn rows_by_segment<F>(members: &[Member<'_>], segmented: bool, row: F) -> Vec<Vec<Value>>
where
    F: Fn(&str, &[&Member<'_>]) -> Vec<Value> + Sync,
{
    let mut rows = Vec::new();
    if segmented {
        let groups: Vec<(&str, Vec<&Member>)> = by_segment(members).into_iter().collect();
        rows = groups
            .par_iter()
            .map(|(segment, group)| row(segment, group))
            .collect();
    }
    let everyone: Vec<&Member> = members.iter().collect();
    rows.push(row("all", &everyone));
    rows
}
