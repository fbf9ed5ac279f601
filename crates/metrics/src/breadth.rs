//! `breadth`: how many use cases (categories) active people use, and how many use each.

use uptake_store::Category;

use crate::activity::days_in;
use crate::calendar::Day;
use crate::population::{Member, rows_by_segment};
use crate::status::Windows;
use crate::table::{Table, Value};

/// The columns of [`breadth`].
pub(crate) fn breadth_columns() -> Vec<String> {
    let mut c: Vec<String> = ["segment", "active", "mean_categories"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    c.extend((1..=Category::ALL.len()).map(|k| format!("categories_{k}")));
    c.extend(
        Category::ALL
            .iter()
            .map(|cat| format!("share_{}", cat.as_str())),
    );
    c
}

/// Categories used by a person in the window ending at `as_of`, as a bit set.
pub fn categories_used(m: &Member<'_>, as_of: Day, window: i32) -> u8 {
    days_in(m.days, as_of - window + 1, as_of)
        .iter()
        .fold(0, |acc, d| acc | d.categories)
}

/// Over eligible people active in the window: the mean number of categories, how many
/// people use 1, 2, ... categories, and the share using each category.
pub fn breadth(members: &[Member<'_>], as_of: Day, w: &Windows, segmented: bool) -> Table {
    let cols = breadth_columns();
    let mut t = Table {
        columns: cols.clone(),
        rows: Vec::new(),
    };
    let n_cat = Category::ALL.len();
    let row = |segment: &str, group: &[&Member]| {
        let mut active = 0u64;
        let mut total = 0u64;
        let mut by_count = vec![0u64; n_cat];
        let mut by_cat = vec![0u64; n_cat];
        let mut eligible = 0usize;
        for m in group.iter().filter(|m| m.eligible_on(as_of)) {
            eligible += 1;
            let bits = categories_used(m, as_of, w.active_days);
            let k = bits.count_ones() as usize;
            if k == 0 {
                continue;
            }
            active += 1;
            total += k as u64;
            by_count[k - 1] += 1;
            for (i, c) in by_cat.iter_mut().enumerate() {
                *c += u64::from(bits >> i & 1);
            }
        }
        let mut r = vec![Value::Text(segment.into())];
        if eligible < w.min_group {
            r.extend(std::iter::repeat_n(Value::Suppressed, cols.len() - 1));
            return r;
        }
        r.push(Value::Int(active as i64));
        r.push(Value::ratio(total, active));
        r.extend(by_count.iter().map(|&n| Value::Int(n as i64)));
        r.extend(by_cat.iter().map(|&n| Value::ratio(n, active)));
        r
    };
    t.rows = rows_by_segment(members, segmented, row);
    t
}
