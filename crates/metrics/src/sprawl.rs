//! `sprawl`: which tools people use for each use-case category, and how many use tools
//! of two families or more for the same one (messaging on both Slack and Teams, say;
//! Teams and SharePoint for documents are one suite, not sprawl). Many tools for one
//! need is a known reason roll-outs stall; the trend says whether it is consolidating.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use polars::prelude::*;
use uptake_store::Store;

use crate::activity::{ActivityFilter, Level};
use crate::calendar::{Day, date_of};
use crate::families::ToolFamilies;
use crate::population::Member;
use crate::rollup::{rollup_in_zone, scan_rollup};
use crate::status::Windows;
use crate::table::{Table, Value};
use crate::{Error, Result};

pub const SPRAWL_COLUMNS: &[&str] = &[
    "category",
    "people",
    "tools",
    "multi_tool",
    "multi_tool_share",
    "main_tool",
    "main_tool_share",
    "tool_people",
];

pub const SPRAWL_TREND_COLUMNS: &[&str] = &[
    "window_end",
    "category",
    "people",
    "multi_tool",
    "multi_tool_share",
];

/// The row over every category: people with two tools or more for at least one.
pub const ANY_CATEGORY: &str = "any";

/// A person used a tool for a category on a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolUse {
    pub person: String,
    pub day: Day,
    pub tool: String,
    pub category: String,
}

/// The rollup's (person, day, tool, category) rows in `[from, to]`, at `filter`'s level
/// and time zone (its tool is ignored: sprawl compares tools).
pub fn load_tool_use(
    store: &Store,
    filter: &ActivityFilter,
    from: Day,
    to: Day,
) -> Result<Vec<ToolUse>> {
    let lf = match &filter.tz {
        None => scan_rollup(store)?,
        Some(tz) => rollup_in_zone(store, tz)?,
    };
    let Some(mut lf) = lf else {
        return Ok(vec![]);
    };
    if filter.level == Level::Contributing {
        lf = lf.filter(col("contributing").gt(lit(0)));
    }
    let err = || Error::polars("load of the rollup for sprawl");
    let df = lf
        .select([
            col("person"),
            col("date").cast(DataType::Int32),
            col("tool"),
            col("category"),
        ])
        .filter(col("date").gt_eq(lit(from)).and(col("date").lt_eq(lit(to))))
        .collect()
        .map_err(err())?;
    let person = df.column("person").map_err(err())?.str().map_err(err())?;
    let date = df.column("date").map_err(err())?.i32().map_err(err())?;
    let tool = df.column("tool").map_err(err())?.str().map_err(err())?;
    let category = df.column("category").map_err(err())?.str().map_err(err())?;
    Ok(person
        .iter()
        .zip(date.iter())
        .zip(tool.iter())
        .zip(category.iter())
        .filter_map(|(((p, d), t), c)| {
            Some(ToolUse {
                person: p?.to_string(),
                day: d?,
                tool: t?.to_string(),
                category: c?.to_string(),
            })
        })
        .collect())
}

/// Per category: eligible person -> the tools they used for it in `[from, to]`.
fn tools_by_category<'u>(
    uses: &'u [ToolUse],
    eligible: &HashMap<&str, &Member<'_>>,
    from: Day,
    to: Day,
) -> BTreeMap<&'u str, HashMap<&'u str, BTreeSet<&'u str>>> {
    let mut out: BTreeMap<&str, HashMap<&str, BTreeSet<&str>>> = BTreeMap::new();
    for u in uses.iter().filter(|u| u.day >= from && u.day <= to) {
        if eligible
            .get(u.person.as_str())
            .is_some_and(|m| m.eligible_on(to))
        {
            out.entry(u.category.as_str())
                .or_default()
                .entry(u.person.as_str())
                .or_default()
                .insert(u.tool.as_str());
        }
    }
    out
}

/// Whether `tools` span two families or more: sprawl, not one suite's tools together.
fn is_multi(tools: &BTreeSet<&str>, families: &ToolFamilies) -> bool {
    let mut seen = tools.iter().map(|t| families.family_of(t));
    let Some(first) = seen.next() else {
        return false;
    };
    seen.any(|f| f != first)
}

/// People with tools of two families or more for at least one category.
fn multi_anywhere(
    by_category: &BTreeMap<&str, HashMap<&str, BTreeSet<&str>>>,
    families: &ToolFamilies,
) -> (u64, u64) {
    let mut people: HashMap<&str, bool> = HashMap::new();
    for persons in by_category.values() {
        for (p, tools) in persons {
            *people.entry(p).or_default() |= is_multi(tools, families);
        }
    }
    (
        people.len() as u64,
        people.values().filter(|&&m| m).count() as u64,
    )
}

/// Sprawl in the window ending at `as_of`, over roster people eligible then; categories
/// sorted, then `any`. A category used by fewer than `min_group` people is suppressed.
/// `multi_tool` counts people on tools of two `families` or more.
pub fn sprawl(
    uses: &[ToolUse],
    members: &[Member<'_>],
    as_of: Day,
    w: &Windows,
    families: &ToolFamilies,
) -> Table {
    let eligible: HashMap<&str, &Member> = members
        .iter()
        .map(|m| (m.person.person.as_str(), m))
        .collect();
    let from = as_of - w.active_days + 1;
    let by_category = tools_by_category(uses, &eligible, from, as_of);
    let mut t = Table::new(SPRAWL_COLUMNS);
    for (category, persons) in &by_category {
        let n = persons.len() as u64;
        if (n as usize) < w.min_group {
            let mut row = vec![Value::Text(category.to_string())];
            row.extend(std::iter::repeat_n(
                Value::Suppressed,
                SPRAWL_COLUMNS.len() - 1,
            ));
            t.push(row);
            continue;
        }
        let mut per_tool: BTreeMap<&str, u64> = BTreeMap::new();
        for tools in persons.values() {
            for tool in tools {
                *per_tool.entry(tool).or_default() += 1;
            }
        }
        let multi = persons.values().filter(|t| is_multi(t, families)).count() as u64;
        // Most people first; ties by name, so the output is stable.
        let mut ranked: Vec<(&str, u64)> = per_tool.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let (main, main_n) = ranked[0];
        t.push(vec![
            Value::Text(category.to_string()),
            Value::Int(n as i64),
            Value::Int(ranked.len() as i64),
            Value::Int(multi as i64),
            Value::ratio(multi, n),
            Value::Text(main.to_string()),
            Value::ratio(main_n, n),
            Value::Text(
                ranked
                    .iter()
                    .map(|(tool, k)| format!("{tool} {k}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ]);
    }
    let (n, multi) = multi_anywhere(&by_category, families);
    let mut row = vec![Value::Text(ANY_CATEGORY.into())];
    if (n as usize) < w.min_group {
        row.extend(std::iter::repeat_n(
            Value::Suppressed,
            SPRAWL_COLUMNS.len() - 1,
        ));
    } else {
        row.extend([
            Value::Int(n as i64),
            Value::Null,
            Value::Int(multi as i64),
            Value::ratio(multi, n),
            Value::Null,
            Value::Null,
            Value::Null,
        ]);
    }
    t.push(row);
    t
}

/// The multi-tool share per category (and `any`) in `periods` consecutive windows of
/// `w.active_days` days, the last ending at `as_of`, oldest first: is it consolidating?
pub fn sprawl_trend(
    uses: &[ToolUse],
    members: &[Member<'_>],
    as_of: Day,
    w: &Windows,
    periods: i32,
    families: &ToolFamilies,
) -> Table {
    let eligible: HashMap<&str, &Member> = members
        .iter()
        .map(|m| (m.person.person.as_str(), m))
        .collect();
    let mut t = Table::new(SPRAWL_TREND_COLUMNS);
    for k in (0..periods.max(1)).rev() {
        let to = as_of - k * w.active_days;
        let from = to - w.active_days + 1;
        let by_category = tools_by_category(uses, &eligible, from, to);
        let mut rows: Vec<(String, u64, u64)> = by_category
            .iter()
            .map(|(c, persons)| {
                let multi = persons.values().filter(|t| is_multi(t, families)).count() as u64;
                (c.to_string(), persons.len() as u64, multi)
            })
            .collect();
        let (n, multi) = multi_anywhere(&by_category, families);
        rows.push((ANY_CATEGORY.into(), n, multi));
        for (category, n, multi) in rows {
            let shown = n as usize >= w.min_group;
            let value = |v: Value| if shown { v } else { Value::Suppressed };
            t.push(vec![
                Value::Date(date_of(to)),
                Value::Text(category),
                value(Value::Int(n as i64)),
                value(Value::Int(multi as i64)),
                value(Value::ratio(multi, n)),
            ]);
        }
    }
    t
}

/// The first day [`sprawl_trend`] looks at.
pub fn sprawl_start(as_of: Day, w: &Windows, periods: i32) -> Day {
    as_of - periods.max(1) * w.active_days + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::day_of;
    use chrono::NaiveDate;
    use uptake_store::Person;

    fn person(key: &str) -> Person {
        Person {
            person: key.into(),
            registered_at: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            ..Person::default()
        }
    }

    fn t0() -> Day {
        day_of(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
    }

    /// Days 28-55 (the window ending at 55): p1 messages on Teams and Slack, p2 and p5 on
    /// Teams, p3 on Slack, p4 on Teams; p3 shares on SharePoint, p4 on SharePoint and
    /// Drive. Days 0-27: p1 on Teams and Slack, p6 on Teams. x is not on the roster.
    fn uses() -> Vec<ToolUse> {
        let u = |p: &str, d: i32, tool: &str, c: &str| ToolUse {
            person: p.into(),
            day: t0() + d,
            tool: tool.into(),
            category: c.into(),
        };
        vec![
            u("p1", 30, "teams", "messaging"),
            u("p1", 31, "slack", "messaging"),
            u("p2", 40, "teams", "messaging"),
            u("p3", 41, "slack", "messaging"),
            u("p3", 42, "sharepoint", "documents"),
            u("p4", 50, "teams", "messaging"),
            u("p4", 50, "sharepoint", "documents"),
            u("p4", 55, "drive", "documents"),
            u("p5", 28, "teams", "messaging"),
            u("p5", 29, "teams", "messaging"),
            u("p1", 5, "teams", "messaging"),
            u("p1", 6, "slack", "messaging"),
            u("p6", 10, "teams", "messaging"),
            u("x", 40, "slack", "messaging"),
        ]
    }

    fn members(people: &[Person]) -> Vec<Member<'_>> {
        people
            .iter()
            .map(|p| Member {
                person: p,
                registered: t0(),
                deactivated: None,
                days: &[],
                segment: "all".into(),
            })
            .collect()
    }

    fn windows(min_group: usize) -> Windows {
        Windows {
            min_group,
            ..Windows::default()
        }
    }

    #[test]
    fn tools_per_category_in_the_window() {
        let people: Vec<Person> = ["p1", "p2", "p3", "p4", "p5", "p6"]
            .iter()
            .map(|k| person(k))
            .collect();
        let t = sprawl(
            &uses(),
            &members(&people),
            t0() + 55,
            &windows(1),
            &ToolFamilies::default(),
        );
        let text = |s: &str| Value::Text(s.into());
        assert_eq!(
            t.rows,
            [
                vec![
                    text("documents"),
                    Value::Int(2),
                    Value::Int(2),
                    Value::Int(1),
                    Value::Float(0.5),
                    text("sharepoint"),
                    Value::Float(1.0),
                    text("sharepoint 2, drive 1"),
                ],
                vec![
                    text("messaging"),
                    Value::Int(5),
                    Value::Int(2),
                    Value::Int(1),
                    Value::Float(0.2),
                    text("teams"),
                    Value::Float(0.8),
                    text("teams 4, slack 2"),
                ],
                vec![
                    text("any"),
                    Value::Int(5),
                    Value::Null,
                    Value::Int(2),
                    Value::Float(0.4),
                    Value::Null,
                    Value::Null,
                    Value::Null,
                ],
            ]
        );
        // With k = 3 the two people of `documents` are withheld.
        let t = sprawl(
            &uses(),
            &members(&people),
            t0() + 55,
            &windows(3),
            &ToolFamilies::default(),
        );
        assert_eq!(t.rows[0][1], Value::Suppressed);
        assert_eq!(t.rows[1][1], Value::Int(5));
    }

    #[test]
    fn the_trend_has_one_window_per_period() {
        let people: Vec<Person> = ["p1", "p2", "p3", "p4", "p5", "p6"]
            .iter()
            .map(|k| person(k))
            .collect();
        let t = sprawl_trend(
            &uses(),
            &members(&people),
            t0() + 55,
            &windows(1),
            2,
            &ToolFamilies::default(),
        );
        let row = |r: &Vec<Value>| {
            (
                r[0].clone(),
                r[1].clone(),
                r[2].clone(),
                r[3].clone(),
                r[4].clone(),
            )
        };
        let d = |n: i32| Value::Date(date_of(t0() + n));
        let text = |s: &str| Value::Text(s.into());
        let f = Value::Float;
        let i = Value::Int;
        assert_eq!(
            t.rows.iter().map(row).collect::<Vec<_>>(),
            [
                (d(27), text("messaging"), i(2), i(1), f(0.5)),
                (d(27), text("any"), i(2), i(1), f(0.5)),
                (d(55), text("documents"), i(2), i(1), f(0.5)),
                (d(55), text("messaging"), i(5), i(1), f(0.2)),
                (d(55), text("any"), i(5), i(2), f(0.4)),
            ]
        );
        assert_eq!(sprawl_start(t0() + 55, &windows(1), 2), t0());
    }

    #[test]
    fn one_suite_is_not_sprawl_two_suites_are() {
        // In the 28 days to day 55: q1 shares documents on Teams and on SharePoint (both
        // Microsoft 365); q2 messages on Slack and on Teams; q3 on Teams only.
        let u = |p: &str, d: i32, tool: &str, c: &str| ToolUse {
            person: p.into(),
            day: t0() + d,
            tool: tool.into(),
            category: c.into(),
        };
        let uses = vec![
            u("q1", 40, "teams", "documents"),
            u("q1", 41, "sharepoint", "documents"),
            u("q2", 42, "slack", "messaging"),
            u("q2", 43, "teams", "messaging"),
            u("q3", 44, "teams", "messaging"),
        ];
        let people: Vec<Person> = ["q1", "q2", "q3"].iter().map(|k| person(k)).collect();
        let members = members(&people);
        let multi = |t: &Table| -> Vec<(Value, Value, Value, Value)> {
            t.rows
                .iter()
                .map(|r| (r[0].clone(), r[1].clone(), r[2].clone(), r[3].clone()))
                .collect()
        };
        let text = |s: &str| Value::Text(s.into());
        let i = Value::Int;
        // category, people, tools, multi_tool: documents has two tools but no sprawl;
        // messaging has q2; over any category, q2 alone of 3.
        let t = sprawl(
            &uses,
            &members,
            t0() + 55,
            &windows(1),
            &ToolFamilies::default(),
        );
        assert_eq!(
            multi(&t),
            [
                (text("documents"), i(1), i(2), i(0)),
                (text("messaging"), i(2), i(2), i(1)),
                (text("any"), i(3), Value::Null, i(1)),
            ]
        );
        assert_eq!(t.rows[0][4], Value::Float(0.0));
        // Without families every pair of tools counts, as before.
        let t = sprawl(
            &uses,
            &members,
            t0() + 55,
            &windows(1),
            &ToolFamilies::none(),
        );
        assert_eq!(t.rows[0][3], i(1));
        assert_eq!(t.rows[2][3], i(2));
        let trend = sprawl_trend(
            &uses,
            &members,
            t0() + 55,
            &windows(1),
            1,
            &ToolFamilies::default(),
        );
        assert_eq!(trend.rows[0][3], i(0));
    }
}
