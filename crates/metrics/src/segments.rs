//! `segments`: power, habitual, occasional users and ghosts over the last 12 weeks.

use crate::activity::days_in;
use crate::calendar::Day;
use crate::population::{Member, rows_by_segment};
use crate::status::Windows;
use crate::table::{Table, Value};

pub const SEGMENT_COLUMNS: &[&str] = &[
    "segment",
    "eligible",
    "power",
    "habitual",
    "occasional",
    "ghost",
    "power_share",
    "habitual_share",
    "occasional_share",
    "ghost_share",
];

/// A person's usage segment over the 12 weeks ending at the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Usage {
    /// Active in >= 9 of 12 weeks and >= 15 counting events per week on average.
    Power,
    /// Active in >= 9 of 12 weeks.
    Habitual,
    /// Active in at least one week.
    Occasional,
    /// Not active in the 12 weeks.
    Ghost,
}

impl Usage {
    pub fn as_str(self) -> &'static str {
        match self {
            Usage::Power => "power",
            Usage::Habitual => "habitual",
            Usage::Occasional => "occasional",
            Usage::Ghost => "ghost",
        }
    }
}

/// Weeks are the 12 consecutive 7-day windows ending at `as_of` (week 0 = the last 7 days).
pub fn usage(m: &Member<'_>, as_of: Day) -> Usage {
    let from = as_of - 12 * 7 + 1;
    let mut weeks = [false; 12];
    let mut events: u64 = 0;
    for d in days_in(m.days, from, as_of) {
        weeks[((as_of - d.day) / 7) as usize] = true;
        events += u64::from(d.events);
    }
    let active = weeks.iter().filter(|&&w| w).count();
    match active {
        0 => Usage::Ghost,
        9.. if events as f64 / 12.0 >= 15.0 => Usage::Power,
        9.. => Usage::Habitual,
        _ => Usage::Occasional,
    }
}

pub fn segments(members: &[Member<'_>], as_of: Day, w: &Windows, segmented: bool) -> Table {
    let mut t = Table::new(SEGMENT_COLUMNS);
    let row = |segment: &str, group: &[&Member]| {
        let mut counts = [0u64; 4];
        let mut eligible = 0u64;
        for m in group.iter().filter(|m| m.eligible_on(as_of)) {
            eligible += 1;
            counts[usage(m, as_of) as usize] += 1;
        }
        let mut r = vec![Value::Text(segment.into())];
        if (eligible as usize) < w.min_group {
            r.extend(std::iter::repeat_n(
                Value::Suppressed,
                SEGMENT_COLUMNS.len() - 1,
            ));
            return r;
        }
        r.push(Value::Int(eligible as i64));
        r.extend(counts.iter().map(|&n| Value::Int(n as i64)));
        r.extend(counts.iter().map(|&n| Value::ratio(n, eligible)));
        r
    };
    t.rows = rows_by_segment(members, segmented, row);
    t
}
