//! `people`: one row per roster person with what their activity says at the as-of
//! date. It is the person-level view the aggregates are computed from, for ad-hoc
//! queries (`uptake query`) and follow-up lists.

use std::collections::HashMap;

use crate::activity::days_in;
use crate::calendar::{Day, date_of};
use crate::population::Member;
use crate::segments::usage;
use crate::status::{Windows, standing};
use crate::table::{Table, Value};

/// The derived columns, after the roster's own.
pub const PEOPLE_COLUMNS: &[&str] = &[
    "person",
    "eligible",
    "active",
    "first_active",
    "last_active",
    "days_to_activation",
    "active_days",
    "events",
    "ghost",
    "usage",
    "rogers",
    "level",
];

/// Each member's standing at `as_of`, in the members' order. `active_days` and
/// `events` count the active window (`w.active_days` days ending at `as_of`); `usage`
/// is the 12-week usage segment and, like `ghost`, is null for someone not eligible;
/// `rogers` is the adopter category from `rogers` (null when absent); `level` the
/// management level from `levels` (0 = the top; null when unknown).
pub fn people(
    members: &[Member<'_>],
    as_of: Day,
    w: &Windows,
    rogers: &HashMap<String, String>,
    levels: &HashMap<String, Option<u32>>,
) -> Table {
    let mut t = Table::new(PEOPLE_COLUMNS);
    let from = as_of - w.active_days + 1;
    for m in members {
        let s = standing(m, as_of, w);
        let window = days_in(m.days, from, as_of);
        let active_days = window.len() as i64;
        let events: i64 = window.iter().map(|d| i64::from(d.events)).sum();
        let date = |d: Option<Day>| d.map_or(Value::Null, |d| Value::Date(date_of(d)));
        let text = |v: Option<&str>| v.map_or(Value::Null, |v| Value::Text(v.to_string()));
        t.push(vec![
            Value::Text(m.person.person.clone()),
            Value::Bool(s.eligible),
            Value::Bool(s.active),
            date(s.first_active),
            date(s.last_active),
            Value::opt_int(s.days_to_activation(m).map(i64::from)),
            Value::Int(active_days),
            Value::Int(events),
            text(s.ghost.map(|g| g.as_str())),
            text(s.eligible.then(|| usage(m, as_of).as_str())),
            text(rogers.get(&m.person.person).map(String::as_str)),
            Value::opt_int(
                levels
                    .get(&m.person.person)
                    .copied()
                    .flatten()
                    .map(i64::from),
            ),
        ]);
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

    fn person(key: &str, registered: NaiveDate) -> Person {
        Person {
            person: key.into(),
            registered_at: registered,
            ..Person::default()
        }
    }

    #[test]
    fn standing_of_each_person_at_the_date() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let people_ = [
            person("a", d("2026-01-01")),
            person("b", d("2026-01-01")),
            person("c", d("2026-04-10")),
        ];
        let t0 = day_of(d("2026-01-01"));
        // a: active on Jan 11 and on Mar 20 and 25; b: only on Jan 3; c: registered
        // after the date.
        let days = [
            days_at(&[t0 + 10, day_of(d("2026-03-20")), day_of(d("2026-03-25"))]),
            days_at(&[t0 + 2]),
            vec![],
        ];
        let members: Vec<Member> = people_
            .iter()
            .zip(&days)
            .map(|(p, days)| Member {
                person: p,
                registered: day_of(p.registered_at),
                deactivated: None,
                days,
                segment: "all".into(),
            })
            .collect();
        let rogers = HashMap::from([("a".to_string(), "innovator".to_string())]);
        let as_of = day_of(d("2026-03-31"));
        let levels = HashMap::from([("a".to_string(), Some(1)), ("b".to_string(), None)]);
        let t = people(&members, as_of, &Windows::default(), &rogers, &levels);
        let col = |name: &str| {
            t.column(name)
                .unwrap()
                .into_iter()
                .cloned()
                .collect::<Vec<_>>()
        };
        assert_eq!(
            col("eligible"),
            [Value::Bool(true), Value::Bool(true), Value::Bool(false)]
        );
        // The 28-day window is Mar 4 to Mar 31: a has two days in it, b none.
        assert_eq!(
            col("active"),
            [Value::Bool(true), Value::Bool(false), Value::Bool(false)]
        );
        assert_eq!(
            col("active_days"),
            [Value::Int(2), Value::Int(0), Value::Int(0)]
        );
        assert_eq!(
            col("first_active"),
            [
                Value::Date(d("2026-01-11")),
                Value::Date(d("2026-01-03")),
                Value::Null
            ]
        );
        assert_eq!(
            col("last_active"),
            [
                Value::Date(d("2026-03-25")),
                Value::Date(d("2026-01-03")),
                Value::Null
            ]
        );
        assert_eq!(
            col("days_to_activation"),
            [Value::Int(10), Value::Int(2), Value::Null]
        );
        assert_eq!(
            col("ghost"),
            [Value::Null, Value::Text("lapsed".into()), Value::Null]
        );
        // a is active in 2 of the last 12 weeks: occasional; b in none: ghost.
        assert_eq!(
            col("usage"),
            [
                Value::Text("occasional".into()),
                Value::Text("ghost".into()),
                Value::Null
            ]
        );
        assert_eq!(
            col("rogers"),
            [Value::Text("innovator".into()), Value::Null, Value::Null]
        );
        assert_eq!(col("level"), [Value::Int(1), Value::Null, Value::Null]);
    }
}
