//! `retention`: cohorts by activation period, and the share of each cohort active in the
//! k-th period after it.

use std::collections::BTreeMap;

use crate::activity::ActiveDay;
use crate::calendar::{Day, Period, date_of};
use crate::table::{Table, Value};

/// Cohort (first active period) -> (size, active people in periods k = 0..).
pub fn cohorts<'a>(
    people: impl IntoIterator<Item = &'a [ActiveDay]>,
    period: Period,
    as_of: Day,
    max_k: i32,
) -> BTreeMap<i32, (u64, Vec<u64>)> {
    let last = period.index(as_of);
    let mut out: BTreeMap<i32, (u64, Vec<u64>)> = BTreeMap::new();
    for days in people {
        // Days after as-of, even in the as-of period, are not known at as-of.
        let mut periods: Vec<i32> = days
            .iter()
            .filter(|d| d.day <= as_of)
            .map(|d| period.index(d.day))
            .collect();
        periods.dedup();
        let Some(&cohort) = periods.first() else {
            continue;
        };
        let horizon = (last - cohort).min(max_k);
        let entry = out
            .entry(cohort)
            .or_insert_with(|| (0, vec![0; horizon as usize + 1]));
        entry.0 += 1;
        for p in periods {
            let k = p - cohort;
            if k <= horizon {
                entry.1[k as usize] += 1;
            }
        }
    }
    out
}

/// `cohort,size,k,active,share`, long form: one row per cohort and period offset k.
pub fn retention_table(
    c: &BTreeMap<i32, (u64, Vec<u64>)>,
    period: Period,
    min_group: usize,
) -> Table {
    let mut t = Table::new(&["cohort", "size", "k", "active", "share"]);
    for (&cohort, (size, active)) in c {
        for (k, &n) in active.iter().enumerate() {
            let small = (*size as usize) < min_group;
            t.push(vec![
                Value::Date(date_of(period.start(cohort))),
                if small {
                    Value::Suppressed
                } else {
                    Value::Int(*size as i64)
                },
                Value::Int(k as i64),
                if small {
                    Value::Suppressed
                } else {
                    Value::Int(n as i64)
                },
                if small {
                    Value::Suppressed
                } else {
                    Value::ratio(n, *size)
                },
            ]);
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::activity::days_at as days;

    #[test]
    fn cohorts_by_hand() {
        let a = days(&[0, 1, 3]);
        let b = days(&[0, 2]);
        let c = days(&[2, 3]);
        let r = cohorts(
            [a.as_slice(), b.as_slice(), c.as_slice()],
            Period::Day,
            3,
            10,
        );
        assert_eq!(r[&0], (2, vec![2, 1, 1, 1]));
        assert_eq!(r[&2], (1, vec![1, 1]));
        let t = retention_table(&r, Period::Day, 1);
        assert_eq!(t.rows.len(), 6);
        assert_eq!(t.rows[1][4], Value::Float(0.5));
    }

    #[test]
    fn days_after_as_of_are_not_counted_in_the_as_of_week() {
        // Weeks of Monday 2026-02-23 (W) and 2026-03-02 (W+1); as-of Monday 2026-03-02.
        // a: active 02-23 and 03-04 (after as-of); b: 02-24 and 03-02; c: only 03-05.
        // At as-of: cohort W of a and b, one of them (b) active in W+1; c not seen yet.
        let d = |s: &str| crate::calendar::day_of(s.parse().unwrap());
        let a = days(&[d("2026-02-23"), d("2026-03-04")]);
        let b = days(&[d("2026-02-24"), d("2026-03-02")]);
        let c = days(&[d("2026-03-05")]);
        let r = cohorts(
            [a.as_slice(), b.as_slice(), c.as_slice()],
            Period::Week,
            d("2026-03-02"),
            10,
        );
        let w = Period::Week.index(d("2026-02-23"));
        assert_eq!(r.len(), 1);
        assert_eq!(r[&w], (2, vec![2, 1]));
    }
}
