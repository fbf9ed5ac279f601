//! `activation`: time from registration to first use, with a Kaplan-Meier estimate so
//! that people not yet activated count as censored rather than missing.

use crate::calendar::Day;
use crate::population::{Member, rows_by_segment};
use crate::status::{Windows, standing};
use crate::table::{Table, Value};

pub const ACTIVATION_COLUMNS: &[&str] = &[
    "segment",
    "people",
    "activated",
    "not_yet",
    "before_registration",
    "median_days",
    "q1_days",
    "q3_days",
    "p90_days",
    "within_7d",
    "within_30d",
    "within_90d",
    "km_median_days",
];

/// One observation: days from registration, and whether activation was seen (else censored).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Observation {
    pub days: i32,
    pub activated: bool,
}

/// A step of the Kaplan-Meier curve: S(t) just after `t`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KmStep {
    pub t: i32,
    pub at_risk: u64,
    pub events: u64,
    pub survival: f64,
}

/// Kaplan-Meier estimate of the share not yet activated after t days. Activation before
/// registration counts at day 0; at equal times, censoring comes after activation.
pub fn kaplan_meier(obs: &[Observation]) -> Vec<KmStep> {
    let mut o: Vec<(i32, bool)> = obs.iter().map(|x| (x.days.max(0), x.activated)).collect();
    o.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut at_risk = o.len() as u64;
    let mut s = 1.0;
    let mut steps = Vec::new();
    let mut i = 0;
    while i < o.len() {
        let t = o[i].0;
        let (mut events, mut censored) = (0u64, 0u64);
        while i < o.len() && o[i].0 == t {
            if o[i].1 {
                events += 1;
            } else {
                censored += 1;
            }
            i += 1;
        }
        if events > 0 {
            s *= 1.0 - events as f64 / at_risk as f64;
            steps.push(KmStep {
                t,
                at_risk,
                events,
                survival: s,
            });
        }
        at_risk -= events + censored;
    }
    steps
}

/// 1 - S(t): the estimated share activated within `t` days.
pub fn activated_within(steps: &[KmStep], t: i32) -> f64 {
    1.0 - steps
        .iter()
        .take_while(|s| s.t <= t)
        .last()
        .map_or(1.0, |s| s.survival)
}

/// The first t at which S(t) <= 0.5, if reached.
pub fn km_median(steps: &[KmStep]) -> Option<i32> {
    steps.iter().find(|s| s.survival <= 0.5).map(|s| s.t)
}

/// Nearest-rank percentile of a sorted slice (p in 0..=1).
pub fn percentile(sorted: &[i32], p: f64) -> Option<i32> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    Some(sorted[rank - 1])
}

/// The observations of a group: everyone registered by `as_of`. People deactivated
/// before activating are censored at deactivation.
pub fn observations(group: &[&Member<'_>], as_of: Day, w: &Windows) -> Vec<Observation> {
    group
        .iter()
        .filter(|m| m.registered <= as_of)
        .map(|m| {
            let s = standing(m, as_of, w);
            match s.first_active {
                Some(f) if m.deactivated.is_none_or(|x| f < x) => Observation {
                    days: f - m.registered,
                    activated: true,
                },
                _ => Observation {
                    days: m.deactivated.map_or(as_of, |x| x.min(as_of)) - m.registered,
                    activated: false,
                },
            }
        })
        .collect()
}

fn row(segment: &str, obs: &[Observation], w: &Windows) -> Vec<Value> {
    let mut r = vec![Value::Text(segment.into())];
    if obs.len() < w.min_group {
        r.extend(std::iter::repeat_n(
            Value::Suppressed,
            ACTIVATION_COLUMNS.len() - 1,
        ));
        return r;
    }
    let mut seen: Vec<i32> = obs.iter().filter(|o| o.activated).map(|o| o.days).collect();
    seen.sort_unstable();
    let km = kaplan_meier(obs);
    r.extend([
        Value::Int(obs.len() as i64),
        Value::Int(seen.len() as i64),
        Value::Int((obs.len() - seen.len()) as i64),
        Value::Int(seen.iter().filter(|&&d| d < 0).count() as i64),
        Value::opt_float(crate::summary::median(&seen)),
        Value::opt_int(percentile(&seen, 0.25).map(i64::from)),
        Value::opt_int(percentile(&seen, 0.75).map(i64::from)),
        Value::opt_int(percentile(&seen, 0.90).map(i64::from)),
        Value::Float(activated_within(&km, 7)),
        Value::Float(activated_within(&km, 30)),
        Value::Float(activated_within(&km, 90)),
        Value::opt_int(km_median(&km).map(i64::from)),
    ]);
    r
}

pub fn activation(members: &[Member<'_>], as_of: Day, w: &Windows, segmented: bool) -> Table {
    let mut t = Table::new(ACTIVATION_COLUMNS);
    t.rows = rows_by_segment(members, segmented, |segment, group| {
        row(segment, &observations(group, as_of, w), w)
    });
    t
}

/// `t,at_risk,activated,not_yet_share`: the Kaplan-Meier curve of everyone.
pub fn km_table(members: &[Member<'_>], as_of: Day, w: &Windows) -> Table {
    let everyone: Vec<&Member> = members.iter().collect();
    let mut t = Table::new(&["days", "at_risk", "activated", "not_yet_share"]);
    for s in kaplan_meier(&observations(&everyone, as_of, w)) {
        t.push(vec![
            Value::Int(i64::from(s.t)),
            Value::Int(s.at_risk as i64),
            Value::Int(s.events as i64),
            Value::Float(s.survival),
        ]);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(days: i32, activated: bool) -> Observation {
        Observation { days, activated }
    }

    #[test]
    fn kaplan_meier_by_hand() {
        // Times: 2 (act), 3 (censored), 3 (act), 5 (act), 8 (censored), -4 (act, before registration).
        // t=0: 6 at risk, 1 event -> S = 5/6; t=2: 5 at risk, 1 -> 5/6*4/5 = 2/3;
        // t=3: 4 at risk, 1 event (censoring after) -> 2/3*3/4 = 1/2; t=5: 2 at risk -> 1/4.
        let steps = kaplan_meier(&[
            o(2, true),
            o(3, false),
            o(3, true),
            o(5, true),
            o(8, false),
            o(-4, true),
        ]);
        let s: Vec<(i32, u64, f64)> = steps.iter().map(|s| (s.t, s.at_risk, s.survival)).collect();
        let want = [
            (0, 6, 5.0 / 6.0),
            (2, 5, 2.0 / 3.0),
            (3, 4, 0.5),
            (5, 2, 0.25),
        ];
        assert_eq!(s.len(), want.len());
        for (g, w) in s.iter().zip(want) {
            assert_eq!((g.0, g.1), (w.0, w.1));
            assert!((g.2 - w.2).abs() < 1e-12, "{g:?} vs {w:?}");
        }
        assert_eq!(km_median(&steps), Some(3));
        assert!((activated_within(&steps, 4) - 0.5).abs() < 1e-12);
        assert_eq!(activated_within(&steps, -1), 0.0);
    }

    #[test]
    fn percentiles_nearest_rank() {
        let v = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        assert_eq!(percentile(&v, 0.25), Some(3));
        assert_eq!(percentile(&v, 0.9), Some(9));
        assert_eq!(percentile(&[], 0.5), None);
    }
}
