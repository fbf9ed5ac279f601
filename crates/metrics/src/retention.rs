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
        let mut periods: Vec<i32> = days
            .iter()
            .map(|d| period.index(d.day))
            .filter(|&p| p <= last)
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
}
