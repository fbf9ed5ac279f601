//! `partners`: people outside the roster who appear in the exports (guests, shared
//! channels, partner organisations), grouped by e-mail domain and reported apart from
//! the employees; the plan's `[[partner]]` entries name them and set their targets.

use std::collections::{BTreeMap, HashSet};

use uptake_store::Roster;

use crate::activity::{ActiveDay, ActivityIndex, active_in, days_in, first_last};
use crate::calendar::{Day, date_of, day_of};
use crate::plan::Partner;
use crate::population::Member;
use crate::status::{Windows, standing};
use crate::table::{Table, Value};

pub const PARTNER_COLUMNS: &[&str] = &[
    "group",
    "kind",
    "domains",
    "people",
    "active",
    "active_share",
    "events",
    "first_seen",
    "expected",
    "active_of_expected",
    "target",
    "by",
    "status",
];

/// The domain of a person key: after the last `@`, or `(no domain)` (`slack:U123`).
pub fn domain_of(person: &str) -> &str {
    match person.rsplit_once('@') {
        Some((_, d)) if !d.is_empty() => d,
        _ => "(no domain)",
    }
}

/// One group of outside people and their active days.
struct Group<'a> {
    name: String,
    kind: &'static str,
    domains: Vec<String>,
    partner: Option<&'a Partner>,
    days: Vec<&'a [ActiveDay]>,
}

/// The employees first (roster people eligible at `as_of`), then each partner of the
/// plan, then the other domains of people not on the roster: the roster's own domains
/// first (`not on the roster`: people the roster misses), then the rest by people, most
/// first. `people` counts everyone seen up to `as_of`; `active` those active in the
/// window ending at `as_of`. A partner's `status` compares `active_of_expected` with its
/// target: at `by` when that date has passed (`met` or `missed`), else now (`met` or
/// `not yet`). Groups of fewer than `min_group` people are suppressed.
pub fn partners(
    members: &[Member<'_>],
    roster: &Roster,
    activity: &ActivityIndex,
    plan_partners: &[Partner],
    as_of: Day,
    w: &Windows,
) -> Table {
    let mut t = Table::new(PARTNER_COLUMNS);
    let from = as_of - w.active_days + 1;
    let events_in = |days: &[ActiveDay], from: Day, to: Day| -> i64 {
        days_in(days, from, to)
            .iter()
            .map(|d| i64::from(d.events))
            .sum()
    };

    // Employees.
    let eligible: Vec<&Member> = members.iter().filter(|m| m.eligible_on(as_of)).collect();
    let (mut active, mut events, mut first) = (0u64, 0i64, None::<Day>);
    for m in &eligible {
        let s = standing(m, as_of, w);
        active += u64::from(s.active);
        events += events_in(m.days, from, as_of);
        first = match (first, s.first_active) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
    let mut row = vec![
        Value::Text("employees".into()),
        Value::Text("roster".into()),
    ];
    row.push(Value::Null);
    if eligible.len() < w.min_group {
        row.extend(std::iter::repeat_n(
            Value::Suppressed,
            PARTNER_COLUMNS.len() - 3,
        ));
    } else {
        let n = eligible.len() as u64;
        row.extend([
            Value::Int(n as i64),
            Value::Int(active as i64),
            Value::ratio(active, n),
            Value::Int(events),
            first.map_or(Value::Null, |d| Value::Date(date_of(d))),
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
        ]);
    }
    t.push(row);

    // Everyone else, by domain.
    let on_roster: HashSet<&str> = roster.people.iter().map(|p| p.person.as_str()).collect();
    let roster_domains: HashSet<&str> =
        roster.people.iter().map(|p| domain_of(&p.person)).collect();
    let mut by_domain: BTreeMap<&str, Vec<&[ActiveDay]>> = BTreeMap::new();
    for (person, days) in activity.persons.iter().zip(&activity.days) {
        if on_roster.contains(person.as_str()) || first_last(days, as_of).is_none() {
            continue;
        }
        by_domain
            .entry(domain_of(person))
            .or_default()
            .push(days.as_slice());
    }
    let mut groups: Vec<Group> = plan_partners
        .iter()
        .map(|p| Group {
            name: p.name.clone(),
            kind: "partner",
            domains: p.domains.clone(),
            partner: Some(p),
            days: p
                .domains
                .iter()
                .flat_map(|d| by_domain.get(d.as_str()).into_iter().flatten().copied())
                .collect(),
        })
        .collect();
    let declared: HashSet<&str> = plan_partners
        .iter()
        .flat_map(|p| p.domains.iter().map(String::as_str))
        .collect();
    let mut others: Vec<Group> = by_domain
        .iter()
        .filter(|(d, _)| !declared.contains(*d))
        .map(|(d, days)| Group {
            name: d.to_string(),
            kind: if roster_domains.contains(d) {
                "not on the roster"
            } else {
                "other"
            },
            domains: vec![d.to_string()],
            partner: None,
            days: days.clone(),
        })
        .collect();
    others.sort_by(|a, b| {
        (a.kind != "not on the roster")
            .cmp(&(b.kind != "not on the roster"))
            .then(b.days.len().cmp(&a.days.len()))
            .then(a.name.cmp(&b.name))
    });
    groups.extend(others);

    for g in groups {
        let mut row = vec![
            Value::Text(g.name.clone()),
            Value::Text(g.kind.into()),
            Value::Text(g.domains.join(", ")),
        ];
        let n = g.days.len() as u64;
        let active_at = |day: Day| {
            g.days
                .iter()
                .filter(|d| active_in(d, day - w.active_days + 1, day))
                .count() as u64
        };
        let active = active_at(as_of);
        let expected = g.partner.and_then(|p| p.expected);
        let target = g.partner.and_then(|p| p.target);
        let by = g.partner.and_then(|p| p.by);
        let of_expected = |a: u64| expected.map(|e| a as f64 / f64::from(e));
        let status = target.map(|target| {
            let at = by.map(day_of).filter(|&b| b <= as_of);
            let value = of_expected(active_at(at.unwrap_or(as_of))).unwrap_or(0.0);
            match (value >= target, at.is_some()) {
                (true, _) => "met",
                (false, true) => "missed",
                (false, false) => "not yet",
            }
        });
        if (n as usize) < w.min_group {
            row.extend(std::iter::repeat_n(Value::Suppressed, 5));
        } else {
            let first = g.days.iter().filter_map(|d| d.first()).map(|d| d.day).min();
            row.extend([
                Value::Int(n as i64),
                Value::Int(active as i64),
                Value::ratio(active, n),
                Value::Int(g.days.iter().map(|d| events_in(d, from, as_of)).sum()),
                first.map_or(Value::Null, |d| Value::Date(date_of(d))),
            ]);
        }
        let shown = (n as usize) >= w.min_group;
        // What would tell about a few people is withheld; the plan's figures are not.
        let withheld = |v: Value| {
            if shown || v == Value::Null {
                v
            } else {
                Value::Suppressed
            }
        };
        row.extend([
            expected.map_or(Value::Null, |e| Value::Int(e.into())),
            withheld(Value::opt_float(of_expected(active))),
            Value::opt_float(target),
            by.map_or(Value::Null, Value::Date),
            withheld(status.map_or(Value::Null, |s| Value::Text(s.into()))),
        ]);
        t.push(row);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::day_of;
    use chrono::NaiveDate;
    use uptake_store::Person;

    fn t0() -> Day {
        day_of(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
    }

    fn person(key: &str) -> Person {
        Person {
            person: key.into(),
            registered_at: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            ..Person::default()
        }
    }

    /// Employees e1 (day 40, 2 events) and e2 (day 5); not on the roster: ghost at the
    /// employees' domain (day 50), Durand's a1 (days 10 and 45, 3 events that day), a2
    /// (day 20, other Durand domain), a3 (day 55) and a4 (day 70, after the date), a
    /// Gmail guest (day 58) and a Slack id without e-mail (day 30).
    fn table(min_group: usize) -> Table {
        let roster = Roster {
            people: vec![person("e1@acme.example"), person("e2@acme.example")],
            extra_columns: vec![],
        };
        let t = t0();
        let rows = [
            ("e1@acme.example", t + 40, 2),
            ("e2@acme.example", t + 5, 1),
            ("ghost@acme.example", t + 50, 1),
            ("a1@durand.example", t + 10, 1),
            ("a1@durand.example", t + 45, 3),
            ("a2@durand-conseil.example", t + 20, 1),
            ("a3@durand.example", t + 55, 1),
            ("a4@durand.example", t + 70, 1),
            ("g1@gmail.com", t + 58, 1),
            ("slack:u1", t + 30, 1),
        ];
        let activity =
            ActivityIndex::from_rows(rows.iter().map(|(p, d, n)| (*p, *d, *n, "messaging")));
        let members: Vec<Member> = roster
            .people
            .iter()
            .map(|p| Member {
                person: p,
                registered: t,
                deactivated: None,
                days: activity.get(&p.person).unwrap_or(&[]),
                segment: "all".into(),
            })
            .collect();
        let durand = Partner {
            name: "Durand".into(),
            domains: vec!["durand.example".into(), "durand-conseil.example".into()],
            expected: Some(4),
            target: Some(0.5),
            by: Some(date_of(t + 50)),
        };
        let w = Windows {
            min_group,
            ..Windows::default()
        };
        // Day 60: the window is days 33 to 60.
        partners(&members, &roster, &activity, &[durand], t + 60, &w)
    }

    #[test]
    fn employees_partners_and_other_domains() {
        let t = table(1);
        let d = |n: i32| Value::Date(date_of(t0() + n));
        let s = |x: &str| Value::Text(x.into());
        let (i, f, null) = (Value::Int, Value::Float, Value::Null);
        assert_eq!(
            t.rows,
            [
                vec![
                    s("employees"),
                    s("roster"),
                    null.clone(),
                    i(2),
                    i(1),
                    f(0.5),
                    i(2),
                    d(5),
                    null.clone(),
                    null.clone(),
                    null.clone(),
                    null.clone(),
                    null.clone()
                ],
                // 2 of 3 active (a1, a3), 2 of 4 expected; at day 50 only a1 was active
                // (window 23-50): 1 of 4 is under the half, so the target is missed.
                vec![
                    s("Durand"),
                    s("partner"),
                    s("durand.example, durand-conseil.example"),
                    i(3),
                    i(2),
                    f(2.0 / 3.0),
                    i(4),
                    d(10),
                    i(4),
                    f(0.5),
                    f(0.5),
                    d(50),
                    s("missed")
                ],
                vec![
                    s("acme.example"),
                    s("not on the roster"),
                    s("acme.example"),
                    i(1),
                    i(1),
                    f(1.0),
                    i(1),
                    d(50),
                    null.clone(),
                    null.clone(),
                    null.clone(),
                    null.clone(),
                    null.clone()
                ],
                vec![
                    s("(no domain)"),
                    s("other"),
                    s("(no domain)"),
                    i(1),
                    i(0),
                    f(0.0),
                    i(0),
                    d(30),
                    null.clone(),
                    null.clone(),
                    null.clone(),
                    null.clone(),
                    null.clone()
                ],
                vec![
                    s("gmail.com"),
                    s("other"),
                    s("gmail.com"),
                    i(1),
                    i(1),
                    f(1.0),
                    i(1),
                    d(58),
                    null.clone(),
                    null.clone(),
                    null.clone(),
                    null.clone(),
                    null
                ],
            ]
        );
    }

    #[test]
    fn few_people_are_withheld_but_the_plan_is_not() {
        let t = table(4);
        // Employees (2) and Durand (3) are below 4: their figures are withheld; the
        // plan's expected, target and date stay.
        assert_eq!(t.rows[0][3], Value::Suppressed);
        assert_eq!(
            t.rows[1][3..],
            [
                Value::Suppressed,
                Value::Suppressed,
                Value::Suppressed,
                Value::Suppressed,
                Value::Suppressed,
                Value::Int(4),
                Value::Suppressed,
                Value::Float(0.5),
                Value::Date(date_of(t0() + 50)),
                Value::Suppressed,
            ]
        );
        assert_eq!(t.rows[2][8], Value::Null);
    }

    #[test]
    fn domains() {
        assert_eq!(domain_of("a@b.example"), "b.example");
        assert_eq!(domain_of("slack:u1"), "(no domain)");
        assert_eq!(domain_of("odd@"), "(no domain)");
    }
}
