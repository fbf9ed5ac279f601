//! `lifecycle`: new, returning, resurrecting and dormant people per period, and the
//! period-to-period transitions between those states.

use std::collections::BTreeMap;

use crate::activity::ActiveDay;
use crate::calendar::{Day, Period, date_of};
use crate::table::{Table, Value};

/// A person's state in one period (docs/metrics.md, "Lifecycle").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum State {
    /// First active period.
    New,
    /// Active this period and the previous one.
    Returning,
    /// Active this period, not the previous, active before.
    Resurrecting,
    /// Active the previous period, not this one.
    Dormant,
    /// Not active for two periods or more since last active.
    Gone,
}

impl State {
    pub const ALL: [State; 5] = [
        State::New,
        State::Returning,
        State::Resurrecting,
        State::Dormant,
        State::Gone,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            State::New => "new",
            State::Returning => "returning",
            State::Resurrecting => "resurrecting",
            State::Dormant => "dormant",
            State::Gone => "gone",
        }
    }
}

/// The sorted distinct periods a person was active in, counting days up to `as_of` only:
/// a day after as-of in the as-of period is not known yet at as-of.
fn active_periods(days: &[ActiveDay], period: Period, as_of: Day) -> Vec<i32> {
    let mut p: Vec<i32> = days
        .iter()
        .filter(|d| d.day <= as_of)
        .map(|d| period.index(d.day))
        .collect();
    p.dedup();
    p
}

/// The state of each period from the person's first active period to `last`.
fn states(periods: &[i32], last: i32) -> Vec<(i32, State)> {
    let Some(&first) = periods.first() else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity((last - first + 1) as usize);
    let mut next = 0;
    let mut last_active = first;
    for p in first..=last {
        let active = periods.get(next) == Some(&p);
        let state = if active {
            next += 1;
            let s = if p == first {
                State::New
            } else if last_active == p - 1 {
                State::Returning
            } else {
                State::Resurrecting
            };
            last_active = p;
            s
        } else if last_active == p - 1 {
            State::Dormant
        } else {
            State::Gone
        };
        out.push((p, state));
    }
    out
}

/// Counts per period and the transitions between consecutive periods.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lifecycle {
    /// Period index -> counts of new, returning, resurrecting, dormant.
    pub counts: BTreeMap<i32, [u64; 4]>,
    /// (state in period t-1, state in period t) -> people, summed over periods.
    pub transitions: BTreeMap<(State, State), u64>,
    /// The as-of period when as-of is not its last day: its counts cover only its
    /// first days (people not yet back that period count as dormant).
    pub partial: Option<i32>,
}

/// Lifecycle of everyone in `people` from the first active period to the as-of period.
pub fn lifecycle<'a>(
    people: impl IntoIterator<Item = &'a [ActiveDay]>,
    period: Period,
    as_of: Day,
) -> Lifecycle {
    let last = period.index(as_of);
    let mut out = Lifecycle {
        partial: (period.start(last + 1) - 1 > as_of).then_some(last),
        ..Lifecycle::default()
    };
    let mut first_period = i32::MAX;
    for days in people {
        let periods = active_periods(days, period, as_of);
        let st = states(&periods, last);
        if let Some(&(p, _)) = st.first() {
            first_period = first_period.min(p);
        }
        for (i, &(p, s)) in st.iter().enumerate() {
            let slot = match s {
                State::New => 0,
                State::Returning => 1,
                State::Resurrecting => 2,
                State::Dormant => 3,
                State::Gone => 4,
            };
            if slot < 4 {
                out.counts.entry(p).or_default()[slot] += 1;
            }
            if i > 0 {
                *out.transitions.entry((st[i - 1].1, s)).or_default() += 1;
            }
        }
    }
    if first_period != i32::MAX {
        for p in first_period..=last {
            out.counts.entry(p).or_default();
        }
    }
    out
}

/// `week,new,returning,resurrecting,dormant,partial` (first column named after the
/// period, holding the period's first day; `partial` true for an as-of period cut short).
pub fn lifecycle_table(l: &Lifecycle, period: Period) -> Table {
    let mut t = Table::new(&[
        period.name(),
        "new",
        "returning",
        "resurrecting",
        "dormant",
        "partial",
    ]);
    for (&p, c) in &l.counts {
        let mut row = vec![Value::Date(date_of(period.start(p)))];
        row.extend(c.iter().map(|&n| Value::Int(n as i64)));
        row.push(Value::Bool(l.partial == Some(p)));
        t.push(row);
    }
    t
}

/// `from,to,people`: the transition matrix in long form.
pub fn transitions_table(l: &Lifecycle) -> Table {
    let mut t = Table::new(&["from", "to", "people"]);
    for ((a, b), n) in &l.transitions {
        t.push(vec![
            Value::Text(a.as_str().into()),
            Value::Text(b.as_str().into()),
            Value::Int(*n as i64),
        ]);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::activity::days_at as days;

    #[test]
    fn golden_daily_case() {
        // Created on the 9th, active on 9, 11, 12, 13, 15, 17, 18, 19; daily periods 9..19.
        let d = days(&[9, 11, 12, 13, 15, 17, 18, 19]);
        let l = lifecycle([d.as_slice()], Period::Day, 19);
        let mut total = [0u64; 4];
        for c in l.counts.values() {
            for i in 0..4 {
                total[i] += c[i];
            }
        }
        assert_eq!(total, [1, 4, 3, 3], "new, returning, resurrecting, dormant");
        assert_eq!(
            l.counts.keys().copied().collect::<Vec<_>>(),
            (9..=19).collect::<Vec<_>>()
        );
        assert_eq!(l.counts[&10], [0, 0, 0, 1]);
        assert_eq!(l.counts[&11], [0, 0, 1, 0]);
        // 10 transitions between 11 periods.
        assert_eq!(l.transitions.values().sum::<u64>(), 10);
        assert_eq!(l.transitions[&(State::Dormant, State::Resurrecting)], 3);
        assert_eq!(l.transitions[&(State::Returning, State::Returning)], 2);
    }

    #[test]
    fn gone_after_two_inactive_periods() {
        let l = lifecycle([days(&[0]).as_slice()], Period::Day, 3);
        assert_eq!(l.counts[&1], [0, 0, 0, 1]);
        assert_eq!(l.counts[&2], [0, 0, 0, 0]);
        assert_eq!(l.transitions[&(State::Dormant, State::Gone)], 1);
        assert_eq!(l.transitions[&(State::Gone, State::Gone)], 1);
    }

    #[test]
    fn weeks_across_the_year_end() {
        // 2024-12-27 (Fri, week of 12-23), 2024-12-31 (Tue) and 2025-01-02 (Thu) are both in
        // the week of Monday 2024-12-30; then nothing in the week of 2025-01-06.
        let d = |s: &str| crate::calendar::day_of(s.parse().unwrap());
        let a = days(&[d("2024-12-27"), d("2024-12-31"), d("2025-01-02")]);
        let l = lifecycle([a.as_slice()], Period::Week, d("2025-01-08"));
        let t = lifecycle_table(&l, Period::Week);
        assert_eq!(t.columns[0], "week");
        assert_eq!(
            t.to_csv(),
            "week,new,returning,resurrecting,dormant,partial\n2024-12-23,1,0,0,0,false\n2024-12-30,0,1,0,0,false\n2025-01-06,0,0,0,1,true\n"
        );
    }

    #[test]
    fn days_after_as_of_are_not_counted_in_the_as_of_week() {
        // As-of Monday 2026-03-02. a: active on Mon 02-23 only (the week before); b: active
        // on the as-of Monday; c and d: first active on Tue 03-03 and Sun 03-08, after
        // as-of, in the as-of week; e: active on Mon 02-23 and Wed 03-04.
        // At as-of, the week of 03-02: b new; a and e dormant (their day of that week is
        // after as-of); c and d not yet seen at all.
        let d = |s: &str| crate::calendar::day_of(s.parse().unwrap());
        let a = days(&[d("2026-02-23")]);
        let b = days(&[d("2026-03-02")]);
        let c = days(&[d("2026-03-03")]);
        let dd = days(&[d("2026-03-08")]);
        let e = days(&[d("2026-02-23"), d("2026-03-04")]);
        let people = [&a, &b, &c, &dd, &e].map(|v| v.as_slice());
        let l = lifecycle(people, Period::Week, d("2026-03-02"));
        let week = Period::Week.index(d("2026-03-02"));
        assert_eq!(
            l.counts[&week],
            [1, 0, 0, 2],
            "new, returning, resurrecting, dormant"
        );
        assert_eq!(l.counts[&(week - 1)], [2, 0, 0, 0]);
        assert_eq!(l.partial, Some(week));
        let csv = lifecycle_table(&l, Period::Week).to_csv();
        assert_eq!(
            csv,
            "week,new,returning,resurrecting,dormant,partial\n2026-02-23,2,0,0,0,false\n2026-03-02,1,0,0,2,true\n"
        );
        // On the Sunday the week is whole: b, c and d new; e returning (active the week
        // before); a dormant.
        let l = lifecycle(people, Period::Week, d("2026-03-08"));
        assert_eq!(l.counts[&week], [3, 1, 0, 1]);
        assert_eq!(l.partial, None);
        // Months: as-of on the last day of February is whole, on the 27th partial.
        let l = lifecycle(people, Period::Month, d("2026-02-28"));
        assert_eq!(l.partial, None);
        let l = lifecycle(people, Period::Month, d("2026-02-27"));
        assert_eq!(l.partial, Some(Period::Month.index(d("2026-02-27"))));
    }
}
