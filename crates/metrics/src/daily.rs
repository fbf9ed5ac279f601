//! `daily`: DAU, WAU, MAU, eligible head-count and the 28-day active rate, per day.

use rayon::prelude::*;

use crate::activity::{ActiveDay, ActivityIndex};
use crate::calendar::{Day, date_of};
use crate::population::Member;
use crate::table::{Table, Value};

pub const DAILY_COLUMNS: &[&str] = &[
    "date",
    "dau",
    "wau",
    "mau",
    "eligible",
    "active_rate_28",
    "stickiness",
];

/// The windows a person counts in, merged: each active day `a` covers `[a, a + w - 1]`,
/// clipped to `[from, to]`. One pass over the sorted days, whatever the window.
pub fn covered(
    days: &[ActiveDay],
    w: i32,
    from: Day,
    to: Day,
) -> impl Iterator<Item = (Day, Day)> + '_ {
    let mut it = days
        .iter()
        .map(|d| d.day)
        .filter(move |&a| a <= to && a + w > from)
        .peekable();
    std::iter::from_fn(move || {
        let start = it.next()?;
        let mut end = start + w - 1;
        while let Some(&next) = it.peek() {
            if next > end + 1 {
                break;
            }
            end = next + w - 1;
            it.next();
        }
        Some((start.max(from), end.min(to)))
    })
}

/// Adds +1 over `[s, e]` (absolute days) to a difference array based at `from`.
fn add(diff: &mut [i64], from: Day, s: Day, e: Day) {
    if s > e {
        return;
    }
    diff[(s - from) as usize] += 1;
    diff[(e - from + 1) as usize] -= 1;
}

#[derive(Clone)]
struct Diffs {
    dau: Vec<i64>,
    wau: Vec<i64>,
    mau: Vec<i64>,
    eligible: Vec<i64>,
    active_eligible: Vec<i64>,
}

impl Diffs {
    fn new(len: usize) -> Diffs {
        Diffs {
            dau: vec![0; len + 1],
            wau: vec![0; len + 1],
            mau: vec![0; len + 1],
            eligible: vec![0; len + 1],
            active_eligible: vec![0; len + 1],
        }
    }

    fn merge(mut self, other: Diffs) -> Diffs {
        for (a, b) in [
            (&mut self.dau, &other.dau),
            (&mut self.wau, &other.wau),
            (&mut self.mau, &other.mau),
            (&mut self.eligible, &other.eligible),
            (&mut self.active_eligible, &other.active_eligible),
        ] {
            a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        }
        self
    }
}

/// One row per day from the first event day to `as_of`. DAU/WAU/MAU count everyone
/// active (on the roster or not); `eligible` and `active_rate_28` count roster people.
pub fn daily(
    activity: &ActivityIndex,
    members: &[Member<'_>],
    as_of: Day,
    month_days: i32,
) -> Table {
    let mut table = Table::new(DAILY_COLUMNS);
    let Some(from) = activity.first_day() else {
        return table;
    };
    if as_of < from {
        return table;
    }
    let len = (as_of - from + 1) as usize;
    let people = activity
        .days
        .par_iter()
        .fold(
            || Diffs::new(len),
            |mut acc, days| {
                for d in days.iter().filter(|d| d.day >= from && d.day <= as_of) {
                    add(&mut acc.dau, from, d.day, d.day);
                }
                for (s, e) in covered(days, 7, from, as_of) {
                    add(&mut acc.wau, from, s, e);
                }
                for (s, e) in covered(days, month_days, from, as_of) {
                    add(&mut acc.mau, from, s, e);
                }
                acc
            },
        )
        .reduce(|| Diffs::new(len), Diffs::merge);
    let roster = members
        .par_iter()
        .fold(
            || Diffs::new(len),
            |mut acc, m| {
                let es = m.registered.max(from);
                let ee = m.deactivated.map_or(as_of, |x| x - 1).min(as_of);
                add(&mut acc.eligible, from, es, ee);
                for (s, e) in covered(m.days, 28, es, ee) {
                    add(&mut acc.active_eligible, from, s, e);
                }
                acc
            },
        )
        .reduce(|| Diffs::new(len), Diffs::merge);
    let d = people.merge(roster);
    let (mut dau, mut wau, mut mau, mut eligible, mut active) = (0i64, 0i64, 0i64, 0i64, 0i64);
    for i in 0..len {
        dau += d.dau[i];
        wau += d.wau[i];
        mau += d.mau[i];
        eligible += d.eligible[i];
        active += d.active_eligible[i];
        table.push(vec![
            Value::Date(date_of(from + i as Day)),
            Value::Int(dau),
            Value::Int(wau),
            Value::Int(mau),
            Value::Int(eligible),
            Value::ratio(active as u64, eligible as u64),
            Value::ratio(dau as u64, mau as u64),
        ]);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::ActivityIndex;

    use crate::activity::days_at as days;

    #[test]
    fn covered_merges_overlapping_windows() {
        let d = days(&[10, 12, 30]);
        let got: Vec<_> = covered(&d, 7, 0, 100).collect();
        assert_eq!(got, vec![(10, 18), (30, 36)]);
        // Adjacent windows merge too: 10..16 and 17..23.
        let got: Vec<_> = covered(&days(&[10, 17]), 7, 0, 100).collect();
        assert_eq!(got, vec![(10, 23)]);
        // Clipping: a day before `from` still covers into the range.
        let got: Vec<_> = covered(&days(&[5]), 7, 8, 9).collect();
        assert_eq!(got, vec![(8, 9)]);
        assert_eq!(covered(&days(&[5]), 7, 12, 20).count(), 0);
    }

    #[test]
    fn hand_computed_series() {
        // a: active on days 0 and 3; b: active on day 2. No roster.
        let idx = ActivityIndex::from_rows([
            ("a", 0, 1, "messaging"),
            ("a", 3, 2, "messaging"),
            ("b", 2, 1, "messaging"),
        ]);
        let t = daily(&idx, &[], 8, 28);
        let ints = |c: &str| -> Vec<i64> {
            t.column(c)
                .unwrap()
                .iter()
                .map(|v| if let Value::Int(i) = v { *i } else { -1 })
                .collect()
        };
        assert_eq!(ints("dau"), vec![1, 0, 1, 1, 0, 0, 0, 0, 0]);
        // WAU on day 8 = active in [2, 8]: a (3) and b (2); day 9 would drop b.
        assert_eq!(ints("wau"), vec![1, 1, 2, 2, 2, 2, 2, 2, 2]);
        assert_eq!(ints("mau"), vec![1, 1, 2, 2, 2, 2, 2, 2, 2]);
        assert_eq!(t.rows[0][0], Value::Date(date_of(0)));
        assert_eq!(t.rows[3][6], Value::Float(0.5));
        assert_eq!(t.rows[0][5], Value::Null, "no eligible people: no rate");
    }
}
