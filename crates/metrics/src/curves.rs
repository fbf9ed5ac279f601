//! Adoption curves: per wave, for each day since the wave's start, the share of its
//! eligible people who have activated and the share active in the last 28 days.

use crate::activity::active_in;
use crate::calendar::{Day, date_of};
use crate::population::Member;
use crate::table::{Table, Value};
use crate::waves::{WaveGroup, first_active};

/// One day of a curve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CurvePoint {
    /// Days since the wave's start (0 on the start day).
    pub day: i32,
    pub date: Day,
    /// Members eligible on `date`.
    pub eligible: u64,
    /// Of those, first active on or before `date`.
    pub activated: u64,
    /// Of those, active in the `window` days ending on `date`.
    pub active: u64,
}

/// The curve of `members` from `start` to `until`, one point a day.
pub fn adoption_curve(
    members: &[&Member<'_>],
    start: Day,
    until: Day,
    window: i32,
) -> Vec<CurvePoint> {
    (start..=until)
        .map(|date| curve_point(members, start, date, window))
        .collect()
}

/// The curve's value on one date.
pub fn curve_point(members: &[&Member<'_>], start: Day, date: Day, window: i32) -> CurvePoint {
    let mut p = CurvePoint {
        day: date - start,
        date,
        eligible: 0,
        activated: 0,
        active: 0,
    };
    for m in members.iter().filter(|m| m.eligible_on(date)) {
        p.eligible += 1;
        if first_active(m, date).is_some() {
            p.activated += 1;
        }
        if active_in(m.days, date - window + 1, date) {
            p.active += 1;
        }
    }
    p
}

pub const CURVE_COLUMNS: &[&str] = &[
    "wave",
    "segment",
    "day",
    "date",
    "eligible",
    "activated",
    "activation_share",
    "active_28d",
    "active_share_28d",
];

pub const CHECKPOINT_COLUMNS: &[&str] = &[
    "wave",
    "segment",
    "wave_start",
    "point",
    "day",
    "date",
    "eligible",
    "activated",
    "activation_share",
    "active_28d",
    "active_share_28d",
];

/// A point's figures; withheld when fewer than `min_group` people were eligible that day.
fn point_values(p: &CurvePoint, min_group: usize) -> [Value; 5] {
    if (p.eligible as usize) < min_group {
        return std::array::from_fn(|_| Value::Suppressed);
    }
    [
        Value::Int(p.eligible as i64),
        Value::Int(p.activated as i64),
        Value::ratio(p.activated, p.eligible),
        Value::Int(p.active as i64),
        Value::ratio(p.active, p.eligible),
    ]
}

/// Every day of every group's curve, from its wave's start to `as_of` (a wave not started
/// by then has none). A group of fewer
/// than `min_group` people eligible at `as_of` is one row, withheld; so is a day of
/// fewer than `min_group` eligible.
pub fn curve_table(
    groups: &[WaveGroup<'_, '_>],
    as_of: Day,
    window: i32,
    min_group: usize,
) -> Table {
    let mut t = Table::new(CURVE_COLUMNS);
    for g in groups {
        if g.start() > as_of {
            continue;
        }
        if g.eligible_at(as_of) < min_group {
            let mut row = vec![
                Value::Text(g.wave.name.clone()),
                Value::Text(g.segment.clone()),
            ];
            row.resize(CURVE_COLUMNS.len(), Value::Suppressed);
            t.push(row);
            continue;
        }
        for p in adoption_curve(&g.members, g.start(), as_of, window) {
            let mut row = vec![
                Value::Text(g.wave.name.clone()),
                Value::Text(g.segment.clone()),
                Value::Int(i64::from(p.day)),
                Value::Date(date_of(p.date)),
            ];
            row.extend(point_values(&p, min_group));
            t.push(row);
        }
    }
    t
}

/// Each group's curve at its checkpoints (days after its wave's start) and at `as_of`;
/// a checkpoint still ahead is listed with its date and no values. The figures of a
/// group of fewer than `min_group` people eligible at `as_of`, and of a checkpoint with
/// fewer eligible, are withheld.
pub fn checkpoint_table(
    groups: &[WaveGroup<'_, '_>],
    checkpoints: &[u32],
    as_of: Day,
    window: i32,
    min_group: usize,
) -> Table {
    let mut t = Table::new(CHECKPOINT_COLUMNS);
    for g in groups {
        let start = g.start();
        if start > as_of {
            continue;
        }
        let small = g.eligible_at(as_of) < min_group;
        let points = checkpoints
            .iter()
            .map(|c| (format!("day {c}"), start + *c as i32))
            .chain(std::iter::once(("as of".to_string(), as_of)));
        for (name, date) in points {
            let mut row = vec![
                Value::Text(g.wave.name.clone()),
                Value::Text(g.segment.clone()),
                Value::Date(g.wave.start),
                Value::Text(name),
                Value::Int(i64::from(date - start)),
                Value::Date(date_of(date)),
            ];
            if small {
                row.extend(std::iter::repeat_n(Value::Suppressed, 5));
            } else if date <= as_of {
                row.extend(point_values(
                    &curve_point(&g.members, start, date, window),
                    min_group,
                ));
            } else {
                row.extend(std::iter::repeat_n(Value::Null, 5));
            }
            t.push(row);
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::ActiveDay;
    use crate::calendar::day_of;
    use crate::filter::Filter;
    use crate::plan::Wave;
    use uptake_store::Person;

    #[test]
    fn days_and_groups_under_k_are_withheld() {
        // A wave starting on day 0 of 2026-01-05: two people registered on day 0, three
        // more on day 10, everyone first active on day 12; as-of day 20, k = 5.
        let start: chrono::NaiveDate = "2026-01-05".parse().unwrap();
        let d0 = day_of(start);
        let wave = Wave {
            name: "w".into(),
            start,
            members: Filter::default(),
        };
        let people: Vec<Person> = (0..5)
            .map(|i| Person {
                person: format!("p{i}"),
                ..Person::default()
            })
            .collect();
        let days = vec![ActiveDay {
            day: d0 + 12,
            events: 1,
            categories: 1,
        }];
        let members: Vec<Member> = people
            .iter()
            .enumerate()
            .map(|(i, p)| Member {
                person: p,
                registered: if i < 2 { d0 } else { d0 + 10 },
                deactivated: None,
                days: &days,
                segment: "all".into(),
            })
            .collect();
        let group = |n: usize| WaveGroup {
            wave: &wave,
            segment: "all".into(),
            members: members.iter().take(n).collect(),
        };
        let t = checkpoint_table(&[group(5)], &[5], d0 + 20, 28, 5);
        let eligible = t.column("eligible").unwrap();
        // Day 5: 2 eligible, withheld; as-of: 5 eligible, all activated.
        assert_eq!(*eligible[0], Value::Suppressed);
        assert_eq!(*eligible[1], Value::Int(5));
        assert_eq!(*t.column("activation_share").unwrap()[1], Value::Float(1.0));
        assert_eq!(t.withheld_groups(&["wave", "segment"]), 1);
        // A group of 4 at as-of: every figure of every row withheld, and the daily
        // curve is one row of `suppressed`.
        let t = checkpoint_table(&[group(4)], &[5], d0 + 20, 28, 5);
        assert!(
            t.rows
                .iter()
                .all(|r| r[6..].iter().all(|v| *v == Value::Suppressed))
        );
        let t = curve_table(&[group(4)], d0 + 20, 28, 5);
        assert_eq!(t.rows.len(), 1);
        assert!(t.rows[0][2..].iter().all(|v| *v == Value::Suppressed));
        // With k = 1 the same group is shown, day by day from day 0 to 20.
        assert_eq!(curve_table(&[group(4)], d0 + 20, 28, 1).rows.len(), 21);
    }
}
