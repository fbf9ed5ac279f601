//! `leadership`: adoption by management level, from the roster's manager chain. Did
//! the top adopt first and visibly, and did each level go before the levels below it?

use std::collections::{BTreeMap, HashMap};

use uptake_store::Roster;

use crate::calendar::{Day, date_of};
use crate::population::{Member, by_segment};
use crate::status::{Standing, Windows, standing};
use crate::summary::median;
use crate::table::{Table, Value};
use crate::{Error, Result};

pub const LEADERSHIP_COLUMNS: &[&str] = &[
    "segment",
    "level",
    "eligible",
    "managers",
    "median_span",
    "activated",
    "activation_rate",
    "active_rate",
    "median_days_to_activation",
    "median_first_active",
    "ahead_of_levels_below",
];

/// Each person's place in the manager chain.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Hierarchy {
    /// 0 for someone without a manager, 1 for their direct reports, and so on; `None`
    /// when the chain reaches a manager who is not in the roster.
    pub level: HashMap<String, Option<u32>>,
    /// Direct reports of each person who has any (their span of control).
    pub reports: HashMap<String, u32>,
    /// Managers named in the roster but missing from it, with how many people report
    /// to each directly.
    pub missing_managers: BTreeMap<String, usize>,
}

impl Hierarchy {
    /// The chain of `roster`; a loop in it is an error that names the people in it.
    pub fn of(roster: &Roster) -> Result<Hierarchy> {
        if let Some(cycle) = roster.manager_cycle() {
            return Err(Error::Invalid(format!(
                "the roster's field `manager` loops: {}; each chain of managers must end at someone without one (re-import a corrected roster)",
                cycle.join(" -> ")
            )));
        }
        let manager: HashMap<&str, Option<&str>> = roster
            .people
            .iter()
            .map(|p| (p.person.as_str(), p.manager.as_deref()))
            .collect();
        let mut h = Hierarchy::default();
        for p in &roster.people {
            if let Some(m) = p.manager.as_deref() {
                *h.reports.entry(m.to_string()).or_default() += 1;
                if !manager.contains_key(m) {
                    *h.missing_managers.entry(m.to_string()).or_default() += 1;
                }
            }
        }
        // Without a loop every chain ends, so each walk is at most the roster's length.
        for p in &roster.people {
            let mut depth = 0u32;
            let mut at = p.person.as_str();
            let level = loop {
                match manager.get(at) {
                    None => break None,
                    Some(None) => break Some(depth),
                    Some(Some(m)) => {
                        depth += 1;
                        at = m;
                    }
                }
            };
            h.level.insert(p.person.clone(), level);
        }
        Ok(h)
    }
}

/// Per segment (sorted, then `all`), one row per level from the top, then the people
/// whose level is unknown (a manager missing from the roster). Counts are over people
/// eligible at `as_of`; a group with fewer than `min_group` of them is suppressed.
/// `ahead_of_levels_below` says whether the level's median first-active day is no later
/// than that of everyone below it in the segment (null when either side has no one
/// activated, or is suppressed).
pub fn leadership(
    members: &[Member<'_>],
    hierarchy: &Hierarchy,
    as_of: Day,
    w: &Windows,
    segmented: bool,
) -> Table {
    let mut t = Table::new(LEADERSHIP_COLUMNS);
    let mut segments: Vec<(&str, Vec<&Member>)> = if segmented {
        by_segment(members).into_iter().collect()
    } else {
        vec![]
    };
    segments.push(("all", members.iter().collect()));
    for (segment, group) in segments {
        // Each eligible person with their standing, computed once, by level.
        let mut levels: BTreeMap<Option<u32>, Vec<(&Member, Standing)>> = BTreeMap::new();
        for m in group {
            if m.eligible_on(as_of) {
                let level = hierarchy.level.get(&m.person.person).copied().flatten();
                levels
                    .entry(level)
                    .or_default()
                    .push((m, standing(m, as_of, w)));
            }
        }
        // Known levels from the top; `None` (unknown) sorts first in a BTreeMap: last here.
        let mut order: Vec<Option<u32>> = levels.keys().copied().filter(Option::is_some).collect();
        if levels.contains_key(&None) {
            order.push(None);
        }
        let first_days = |ms: &mut dyn Iterator<Item = &(&Member, Standing)>| -> Vec<i32> {
            let mut days: Vec<i32> = ms.filter_map(|(_, s)| s.first_active).collect();
            days.sort_unstable();
            days
        };
        for level in order {
            let ms = &levels[&level];
            let shown = ms.len() >= w.min_group;
            let mut row = vec![
                Value::Text(segment.to_string()),
                Value::opt_int(level.map(i64::from)),
            ];
            if !shown {
                row.extend(std::iter::repeat_n(
                    Value::Suppressed,
                    LEADERSHIP_COLUMNS.len() - 2,
                ));
                t.push(row);
                continue;
            }
            let mut spans: Vec<i32> = ms
                .iter()
                .filter_map(|(m, _)| hierarchy.reports.get(&m.person.person))
                .map(|&n| n as i32)
                .collect();
            spans.sort_unstable();
            let (mut activated, mut active) = (0u64, 0u64);
            let mut delays = Vec::new();
            for (m, s) in ms {
                active += u64::from(s.active);
                if let Some(d) = s.days_to_activation(m) {
                    activated += 1;
                    delays.push(d);
                }
            }
            delays.sort_unstable();
            let firsts = first_days(&mut ms.iter());
            let median_first = median(&firsts).map(|d| d.floor() as Day);
            // Everyone below: known levels deeper than this one, shown or not, since
            // the comparison is about the whole of them.
            let ahead = level.and_then(|l| {
                let below = || {
                    levels
                        .iter()
                        .filter(move |(k, _)| k.is_some_and(|k| k > l))
                        .flat_map(|(_, ms)| ms.iter())
                };
                if below().count() < w.min_group {
                    return None;
                }
                let below_first = median(&first_days(&mut below()))?;
                Some(f64::from(median_first?) <= below_first.floor())
            });
            let n = ms.len() as u64;
            row.extend([
                Value::Int(n as i64),
                Value::Int(spans.len() as i64),
                Value::opt_float(median(&spans)),
                Value::Int(activated as i64),
                Value::ratio(activated, n),
                Value::ratio(active, n),
                Value::opt_float(median(&delays)),
                median_first.map_or(Value::Null, |d| Value::Date(date_of(d))),
                ahead.map_or(Value::Null, Value::Bool),
            ]);
            t.push(row);
        }
    }
    t
}

pub const LEADERSHIP_CURVE_COLUMNS: &[&str] =
    &["level", "date", "eligible", "activated", "activated_share"];

/// For each known level with at least `min_group` people eligible at `as_of`: on each
/// day from the first activation among those levels to `as_of`, how many of the level's
/// people (eligible at `as_of`) had activated. One line per level, for the report's
/// chart: the top's line should rise first.
pub fn leadership_curve(
    members: &[Member<'_>],
    hierarchy: &Hierarchy,
    as_of: Day,
    w: &Windows,
) -> Table {
    let mut levels: BTreeMap<u32, Vec<Day>> = BTreeMap::new();
    let mut sizes: BTreeMap<u32, usize> = BTreeMap::new();
    for m in members.iter().filter(|m| m.eligible_on(as_of)) {
        let Some(level) = hierarchy.level.get(&m.person.person).copied().flatten() else {
            continue;
        };
        *sizes.entry(level).or_default() += 1;
        let firsts = levels.entry(level).or_default();
        if let Some(d) = standing(m, as_of, w).first_active {
            firsts.push(d);
        }
    }
    levels.retain(|l, _| sizes[l] >= w.min_group);
    let mut t = Table::new(LEADERSHIP_CURVE_COLUMNS);
    let Some(start) = levels.values().flatten().min().copied() else {
        return t;
    };
    for (level, firsts) in &mut levels {
        firsts.sort_unstable();
        let n = sizes[level] as u64;
        for d in start..=as_of {
            let activated = firsts.partition_point(|&f| f <= d) as u64;
            t.push(vec![
                Value::Int(i64::from(*level)),
                Value::Date(date_of(d)),
                Value::Int(n as i64),
                Value::Int(activated as i64),
                Value::ratio(activated, n),
            ]);
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::days_at;
    use crate::calendar::day_of;
    use chrono::NaiveDate;
    use uptake_store::Person;

    fn person(key: &str, manager: Option<&str>) -> Person {
        Person {
            person: key.into(),
            registered_at: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            manager: manager.map(str::to_string),
            ..Person::default()
        }
    }

    /// ceo; vp1 (4 reports) and vp2 (2) under the ceo; s1..s6 under them; x under a
    /// manager missing from the roster. Each person is active on one day only.
    fn org() -> (Roster, Vec<Option<i32>>) {
        let people = [
            ("ceo", None, Some(1)),
            ("vp1", Some("ceo"), Some(25)),
            ("vp2", Some("ceo"), Some(35)),
            ("s1", Some("vp1"), Some(3)),
            ("s2", Some("vp1"), Some(20)),
            ("s3", Some("vp1"), Some(30)),
            ("s4", Some("vp1"), None),
            ("s5", Some("vp2"), Some(12)),
            ("s6", Some("vp2"), None),
            ("x", Some("gone"), Some(2)),
        ];
        let roster = Roster {
            people: people.iter().map(|(k, m, _)| person(k, *m)).collect(),
            extra_columns: vec![],
        };
        (roster, people.iter().map(|(_, _, d)| *d).collect())
    }

    /// Each person's single active day, for [`members`].
    fn active_days(firsts: &[Option<i32>]) -> Vec<Vec<crate::ActiveDay>> {
        firsts
            .iter()
            .map(|d| d.map_or(vec![], |d| days_at(&[t0() + d])))
            .collect()
    }

    fn t0() -> Day {
        day_of(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
    }

    /// Everyone registered on day 0; staff (`s*`) in one segment, the others in another.
    fn members<'a>(roster: &'a Roster, days: &'a [Vec<crate::ActiveDay>]) -> Vec<Member<'a>> {
        roster
            .people
            .iter()
            .zip(days)
            .map(|(p, days)| Member {
                person: p,
                registered: t0(),
                deactivated: None,
                days,
                segment: if p.person.starts_with('s') {
                    "staff"
                } else {
                    "other"
                }
                .into(),
            })
            .collect()
    }

    fn table(min_group: usize, segmented: bool) -> (Table, Hierarchy) {
        let (roster, firsts) = org();
        let t0 = t0();
        let days = active_days(&firsts);
        let members = members(&roster, &days);
        let h = Hierarchy::of(&roster).unwrap();
        let w = Windows {
            min_group,
            ..Windows::default()
        };
        // Day 40: the 28-day window is days 13 to 40.
        (leadership(&members, &h, t0 + 40, &w, segmented), h)
    }

    #[test]
    fn levels_spans_and_missing_managers() {
        let (_, h) = table(1, false);
        let level = |k: &str| h.level[k];
        assert_eq!(level("ceo"), Some(0));
        assert_eq!(level("vp2"), Some(1));
        assert_eq!(level("s6"), Some(2));
        assert_eq!(level("x"), None);
        assert_eq!(h.reports["ceo"], 2);
        assert_eq!(h.reports["vp1"], 4);
        assert_eq!(h.reports.get("s1"), None);
        assert_eq!(
            h.missing_managers,
            BTreeMap::from([("gone".to_string(), 1)])
        );
    }

    #[test]
    fn adoption_by_level_computed_by_hand() {
        let (t, _) = table(1, false);
        let d = |m: u32, day: u32| Value::Date(NaiveDate::from_ymd_opt(2026, m, day).unwrap());
        let f = Value::Float;
        let rows: Vec<&[Value]> = t.rows.iter().map(|r| &r[1..]).collect();
        assert_eq!(
            rows,
            [
                // The ceo, first active on day 1; everyone below: days 3 12 20 25 30 35,
                // median 22.5.
                &[
                    Value::Int(0),
                    Value::Int(1),
                    Value::Int(1),
                    f(2.0),
                    Value::Int(1),
                    f(1.0),
                    f(0.0),
                    f(1.0),
                    d(1, 2),
                    Value::Bool(true),
                ][..],
                // vp1 and vp2 (spans 4 and 2): days 25 and 35, both in the window; the
                // median 30 is later than their staff's 16.
                &[
                    Value::Int(1),
                    Value::Int(2),
                    Value::Int(2),
                    f(3.0),
                    Value::Int(2),
                    f(1.0),
                    f(1.0),
                    f(30.0),
                    d(1, 31),
                    Value::Bool(false),
                ][..],
                // s1..s6: 4 of 6 activated (days 3 12 20 30), 2 active (20, 30).
                &[
                    Value::Int(2),
                    Value::Int(6),
                    Value::Int(0),
                    Value::Null,
                    Value::Int(4),
                    f(4.0 / 6.0),
                    f(2.0 / 6.0),
                    f(16.0),
                    d(1, 17),
                    Value::Null,
                ][..],
                // x, under a manager missing from the roster.
                &[
                    Value::Null,
                    Value::Int(1),
                    Value::Int(0),
                    Value::Null,
                    Value::Int(1),
                    f(1.0),
                    f(0.0),
                    f(2.0),
                    d(1, 3),
                    Value::Null,
                ][..],
            ]
        );
        assert!(t.rows.iter().all(|r| r[0] == Value::Text("all".into())));
    }

    #[test]
    fn small_levels_are_suppressed_per_segment() {
        let (t, _) = table(5, true);
        let summary: Vec<(String, Value, bool)> = t
            .rows
            .iter()
            .map(|r| match &r[0] {
                Value::Text(s) => (s.clone(), r[1].clone(), r[2] == Value::Suppressed),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("other".to_string(), Value::Int(0), true),
                ("other".to_string(), Value::Int(1), true),
                ("other".to_string(), Value::Null, true),
                ("staff".to_string(), Value::Int(2), false),
                ("all".to_string(), Value::Int(0), true),
                ("all".to_string(), Value::Int(1), true),
                ("all".to_string(), Value::Int(2), false),
                ("all".to_string(), Value::Null, true),
            ]
        );
    }

    #[test]
    fn a_loop_in_the_manager_chain_is_named() {
        let roster = Roster {
            people: vec![
                person("a", Some("b")),
                person("b", Some("c")),
                person("c", Some("a")),
                person("d", Some("a")),
                person("top", None),
            ],
            extra_columns: vec![],
        };
        let err = Hierarchy::of(&roster).unwrap_err().to_string();
        assert!(err.contains("`manager` loops: a -> b -> c -> a"), "{err}");
    }

    #[test]
    fn the_curve_counts_each_levels_activations_by_day() {
        let (roster, firsts) = org();
        let t0 = t0();
        let days = active_days(&firsts);
        let members = members(&roster, &days);
        let h = Hierarchy::of(&roster).unwrap();
        // k = 2 leaves out the top (1 person); the first activation among levels 1 and
        // 2 is day 3 (s1), so each line runs from day 3 to day 40: 38 rows.
        let w = Windows {
            min_group: 2,
            ..Windows::default()
        };
        let t = leadership_curve(&members, &h, t0 + 40, &w);
        assert_eq!(t.rows.len(), 2 * 38);
        let at = |level: i64, day: i32| {
            let date = Value::Date(date_of(t0 + day));
            t.rows
                .iter()
                .find(|r| r[0] == Value::Int(level) && r[1] == date)
                .map(|r| (r[3].clone(), r[4].clone()))
                .unwrap()
        };
        assert_eq!(at(1, 3), (Value::Int(0), Value::Float(0.0)));
        assert_eq!(at(1, 25), (Value::Int(1), Value::Float(0.5)));
        assert_eq!(at(1, 40), (Value::Int(2), Value::Float(1.0)));
        assert_eq!(at(2, 3), (Value::Int(1), Value::Float(1.0 / 6.0)));
        assert_eq!(at(2, 19), (Value::Int(2), Value::Float(2.0 / 6.0)));
        assert_eq!(at(2, 40), (Value::Int(4), Value::Float(4.0 / 6.0)));
    }
}
