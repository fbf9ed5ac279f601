//! Bass fits of each wave's activations and the dates its targets are (or will be)
//! reached.

use crate::calendar::{Day, date_of};
use crate::curves::adoption_curve;
use crate::diffusion::{
    BassFit, Estimator, MarketBound, MarketBounds, NOT_IDENTIFIED, Peak, fit_bass, fit_bass_within,
};
use crate::population::Member;
use crate::table::{Table, Value};
use crate::waves::{WaveGroup, first_active};

/// How a wave's curve is fitted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FitOptions {
    pub estimator: Estimator,
    /// Fix m to the wave's eligible head-count (non-linear estimators); otherwise m is
    /// estimated between the people activated so far and the eligible head-count, once
    /// the curve has turned.
    pub fixed_market: bool,
    /// Length of a period in days (7: weeks).
    pub period_days: u32,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions {
            estimator: Estimator::Nls,
            fixed_market: false,
            period_days: 7,
        }
    }
}

/// New adopters per complete period since `start` among the people eligible at
/// `as_of` (activation before the start counts in period 1), and that head-count.
pub fn wave_adopters(
    members: &[&Member<'_>],
    start: Day,
    as_of: Day,
    period_days: u32,
) -> (Vec<f64>, u64) {
    let period = period_days.max(1) as i32;
    let periods = ((as_of - start + 1).max(0) / period) as usize;
    let mut adopters = vec![0.0; periods];
    let mut eligible = 0;
    for m in members.iter().filter(|m| m.eligible_on(as_of)) {
        eligible += 1;
        if let Some(d) = first_active(m, as_of) {
            let k = ((d - start).max(0) / period) as usize;
            if let Some(slot) = adopters.get_mut(k) {
                *slot += 1.0;
            }
        }
    }
    (adopters, eligible)
}

/// The first day after `start` on which `period_days`-periods `t` have elapsed.
fn day_at(start: Day, t: f64, period_days: u32) -> Day {
    start + ((t * f64::from(period_days)).ceil() as Day - 1).max(0)
}

/// Column names of [`fit_table`] for these targets.
pub fn fit_columns(targets: &[f64]) -> Vec<String> {
    let mut c: Vec<String> = [
        "wave",
        "segment",
        "estimator",
        "period_days",
        "periods",
        "eligible",
        "activated",
        "m",
        "m_fixed",
        "p",
        "q",
        "r2",
        "rmse",
        "t_peak_days",
        "peak_date",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for t in targets {
        let pct = target_label(*t);
        c.push(format!("reach_{pct}"));
        c.push(format!("reach_{pct}_status"));
    }
    c.push("note".into());
    c
}

fn target_label(t: f64) -> String {
    let pct = t * 100.0;
    if (pct - pct.round()).abs() < 1e-9 {
        format!("{}", pct.round() as i64)
    } else {
        format!("{pct}")
    }
}

/// One row per group: the fit, its peak, and per target the date reached (`reached`),
/// forecast (`forecast`), or why there is none. A group of fewer than `min_group` people
/// eligible at `as_of` is not fitted: its figures are withheld.
pub fn fit_table(
    groups: &[WaveGroup<'_, '_>],
    as_of: Day,
    targets: &[f64],
    o: &FitOptions,
    min_group: usize,
) -> Table {
    let mut t = Table {
        columns: fit_columns(targets),
        rows: Vec::new(),
    };
    for g in groups {
        let start = g.start();
        if start > as_of {
            continue;
        }
        if g.eligible_at(as_of) < min_group {
            let mut row = vec![
                Value::Text(g.wave.name.clone()),
                Value::Text(g.segment.clone()),
                Value::Text(o.estimator.name().into()),
                Value::Int(i64::from(o.period_days)),
            ];
            row.resize(t.columns.len(), Value::Suppressed);
            t.push(row);
            continue;
        }
        let (adopters, eligible) = wave_adopters(&g.members, start, as_of, o.period_days);
        let activated: f64 = g
            .members
            .iter()
            .filter(|m| m.eligible_on(as_of) && first_active(m, as_of).is_some())
            .count() as f64;
        let fit = if o.fixed_market {
            fit_bass(&adopters, o.estimator, Some(eligible as f64))
        } else {
            // A market below the people activated already (the period under way
            // included) would promise less than what happened; above the eligible,
            // adopters who do not exist.
            let bounds = MarketBounds {
                floor: activated,
                ceiling: Some(eligible as f64),
            };
            fit_bass_within(&adopters, o.estimator, bounds)
        };
        let mut row = vec![
            Value::Text(g.wave.name.clone()),
            Value::Text(g.segment.clone()),
            Value::Text(o.estimator.name().into()),
            Value::Int(i64::from(o.period_days)),
            Value::Int(adopters.len() as i64),
            Value::Int(eligible as i64),
            Value::Int(activated as i64),
        ];
        let mut notes = Vec::new();
        match &fit {
            Ok(f) => {
                match f.m_bound {
                    Some(MarketBound::Floor) => notes.push(format!(
                        "m held at the {activated} people activated so far (the free fit was below)"
                    )),
                    Some(MarketBound::Ceiling) => notes.push(format!(
                        "m held at the {eligible} eligible (the free fit was above)"
                    )),
                    None => {}
                }
                row.extend([
                    Value::Float(f.m),
                    Value::Text(f.m_fixed.to_string()),
                    Value::Float(f.p),
                    Value::Float(f.q),
                    Value::Float(f.r2),
                    Value::Float(f.rmse),
                ]);
                match f.peak() {
                    Peak::At(tp) => row.extend([
                        Value::Float(tp * f64::from(o.period_days)),
                        Value::Date(date_of(day_at(start, tp, o.period_days))),
                    ]),
                    Peak::AtStart => {
                        notes.push(
                            "q <= p: new activations were highest at the start (no peak)"
                                .to_string(),
                        );
                        row.extend([Value::Null, Value::Null]);
                    }
                }
            }
            Err(e) => {
                notes.push(e.to_string());
                row.extend(std::iter::repeat_n(Value::Null, 8));
            }
        }
        let curve = adoption_curve(&g.members, start, as_of, 28);
        for target in targets {
            let reached = curve
                .iter()
                .find(|p| p.eligible > 0 && p.activated as f64 >= target * p.eligible as f64);
            let (date, status) = match (reached, &fit) {
                (Some(p), _) => (Value::Date(date_of(p.date)), "reached".to_string()),
                (None, Ok(f)) => forecast(f, target * eligible as f64, start, o.period_days),
                (None, Err(e)) if e.to_string().contains(NOT_IDENTIFIED) => {
                    (Value::Null, "not identified".to_string())
                }
                (None, Err(_)) => (Value::Null, "no fit".to_string()),
            };
            row.push(date);
            row.push(Value::Text(status));
        }
        row.push(Value::Text(notes.join("; ")));
        t.push(row);
    }
    t
}

fn forecast(fit: &BassFit, count: f64, start: Day, period_days: u32) -> (Value, String) {
    match fit.periods_to_reach(count) {
        Some(t) => (
            Value::Date(date_of(day_at(start, t, period_days))),
            "forecast".into(),
        ),
        None => (
            Value::Null,
            format!("not reachable: the fit's m = {:.1} < {count:.1}", fit.m),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forecast_days_count_from_the_start_day() {
        // Period 1 ends after 7 days (day 6): t = 1 period is day 6; t = 1.01 is day 7.
        assert_eq!(day_at(100, 1.0, 7), 106);
        assert_eq!(day_at(100, 1.01, 7), 107);
        assert_eq!(day_at(100, 0.0, 7), 100);
        assert_eq!(target_label(0.5), "50");
        assert_eq!(target_label(0.875), "87.5");
    }
}
