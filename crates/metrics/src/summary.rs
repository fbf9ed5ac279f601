//! `summary`: per segment, who is eligible, active, activated, or a ghost at the as-of date.

use crate::calendar::Day;
use crate::population::{Member, rows_by_segment};
use crate::status::{GhostKind, Windows, standing};
use crate::table::{Table, Value};

pub const SUMMARY_COLUMNS: &[&str] = &[
    "segment",
    "eligible",
    "active_28d",
    "activated",
    "ghosts_never",
    "ghosts_lapsed",
    "active_rate",
    "activation_rate",
    "ghost_rate",
    "median_days_to_activation",
];

/// The median of a sorted slice (mean of the two middle values for an even count).
pub fn median(sorted: &[i32]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(f64::from(sorted[n / 2])),
        _ => Some((f64::from(sorted[n / 2 - 1]) + f64::from(sorted[n / 2])) / 2.0),
    }
}

fn summary_row(segment: &str, group: &[&Member<'_>], as_of: Day, w: &Windows) -> Vec<Value> {
    let (mut eligible, mut active, mut activated, mut never, mut lapsed) =
        (0u64, 0u64, 0u64, 0u64, 0u64);
    let mut delays = Vec::new();
    for m in group {
        let s = standing(m, as_of, w);
        if !s.eligible {
            continue;
        }
        eligible += 1;
        active += u64::from(s.active);
        if let Some(d) = s.days_to_activation(m) {
            activated += 1;
            delays.push(d);
        }
        match s.ghost {
            Some(GhostKind::Never) => never += 1,
            Some(GhostKind::Lapsed) => lapsed += 1,
            None => {}
        }
    }
    let mut row = vec![Value::Text(segment.to_string())];
    if (eligible as usize) < w.min_group {
        row.extend(std::iter::repeat_n(
            Value::Suppressed,
            SUMMARY_COLUMNS.len() - 1,
        ));
        return row;
    }
    delays.sort_unstable();
    row.extend([
        Value::Int(eligible as i64),
        Value::Int(active as i64),
        Value::Int(activated as i64),
        Value::Int(never as i64),
        Value::Int(lapsed as i64),
        Value::ratio(active, eligible),
        Value::ratio(activated, eligible),
        Value::ratio(never + lapsed, eligible),
        Value::opt_float(median(&delays)),
    ]);
    row
}

/// One row per segment (sorted), then a total row `all` when there are segments.
/// Counts are over people eligible at `as_of`.
pub fn summary(members: &[Member<'_>], as_of: Day, w: &Windows, segmented: bool) -> Table {
    let mut t = Table::new(SUMMARY_COLUMNS);
    t.rows = rows_by_segment(members, segmented, |segment, group| {
        summary_row(segment, group, as_of, w)
    });
    t
}
