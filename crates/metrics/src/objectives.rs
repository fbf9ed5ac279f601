//! The roll-out's initial objectives (the plan's `[objectives]`: problems, use cases,
//! profiles, measurable targets) and each target's status at the as-of date: met,
//! missed, on track, at risk, or no data.

use chrono::NaiveDate;
use serde::Deserialize;
use uptake_store::{Category, Roster};

use crate::breadth::{breadth, breadth_columns};
use crate::calendar::{Day, date_of, day_of};
use crate::coverage::Coverage;
use crate::diffusion::{Estimator, MarketBounds, fit_bass_within};
use crate::filter::Filter;
use crate::forecast::wave_adopters;
use crate::plan::{DateField, Plan};
use crate::population::Member;
use crate::segments::{SEGMENT_COLUMNS, segments};
use crate::status::Windows;
use crate::summary::{SUMMARY_COLUMNS, summary};
use crate::table::{Table, Value};
use crate::waves::first_active;

/// Metrics where a lower value is better: their targets default to `<=`.
const LOWER_IS_BETTER: &[&str] = &[
    "ghost_rate",
    "ghosts_never",
    "ghosts_lapsed",
    "ghost_share",
    "ghost",
    "median_days_to_activation",
];

/// What the roll-out set out to do, written before it started.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Objectives {
    /// Problems the tools should solve, in the plan's words.
    pub problems: Vec<String>,
    pub use_cases: Vec<UseCase>,
    /// User profiles the roll-out addresses (values of the roster's `profile`).
    pub profiles: Vec<String>,
    pub targets: Vec<Target>,
}

/// A use case to encourage, mapped to a use-case category.
#[derive(Debug, Clone, PartialEq)]
pub struct UseCase {
    pub name: String,
    pub category: String,
    /// The problem it answers, when the plan says.
    pub problem: Option<String>,
}

/// `>=` or `<=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    AtLeast,
    AtMost,
}

impl Comparison {
    pub fn as_str(self) -> &'static str {
        match self {
            Comparison::AtLeast => ">=",
            Comparison::AtMost => "<=",
        }
    }

    pub fn holds(self, value: f64, target: f64) -> bool {
        match self {
            Comparison::AtLeast => value >= target - 1e-12,
            Comparison::AtMost => value <= target + 1e-12,
        }
    }
}

/// When a target is due.
#[derive(Debug, Clone, PartialEq)]
pub enum Checkpoint {
    /// Days after the start of a wave: the one named, else the wave more than half of
    /// the segment's people belong to, else t0.
    Days {
        days: u32,
        wave: Option<String>,
    },
    Date(NaiveDate),
}

/// A measurable target: `metric` `comparison` `value` for `segment` at `checkpoint`.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub name: String,
    /// A column of `uptake metrics summary`, `segments` or `breadth`.
    pub metric: String,
    pub comparison: Comparison,
    pub value: f64,
    pub checkpoint: Checkpoint,
    pub segment: Filter,
    /// The segment as written (`*` for everyone).
    pub segment_text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ObjectivesFile {
    #[serde(default)]
    problems: Vec<String>,
    #[serde(default)]
    profiles: Vec<String>,
    #[serde(default, rename = "use_case")]
    use_cases: Vec<UseCaseFile>,
    #[serde(default, rename = "target")]
    targets: Vec<TargetFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UseCaseFile {
    name: String,
    category: String,
    #[serde(default)]
    problem: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetFile {
    name: String,
    metric: String,
    #[serde(default)]
    comparison: Option<String>,
    value: f64,
    #[serde(default)]
    days: Option<u32>,
    #[serde(default)]
    wave: Option<String>,
    #[serde(default)]
    date: Option<DateField>,
    #[serde(default)]
    segment: Option<String>,
}

/// Every metric a target may name: the columns of summary, segments and breadth.
pub fn target_metrics() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let columns = SUMMARY_COLUMNS
        .iter()
        .chain(SEGMENT_COLUMNS)
        .map(|c| c.to_string())
        .chain(breadth_columns());
    for c in columns.filter(|c| c != "segment") {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// Whether a metric is a share (0..1).
fn is_share(metric: &str) -> bool {
    metric.ends_with("_rate") || metric.ends_with("_share") || metric.starts_with("share_")
}

pub(crate) fn parse_objectives(
    file: ObjectivesFile,
    wave_names: &[String],
) -> Result<Objectives, String> {
    let mut use_cases = Vec::new();
    for (i, u) in file.use_cases.into_iter().enumerate() {
        let at = format!("objectives.use_case {} (`{}`)", i + 1, u.name);
        let category = u.category.trim().to_lowercase();
        if !Category::ALL.iter().any(|c| c.as_str() == category) {
            let names: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
            return Err(format!(
                "{at}: category `{}` is not one of {}",
                u.category,
                names.join(", ")
            ));
        }
        use_cases.push(UseCase {
            name: u.name,
            category,
            problem: u.problem,
        });
    }
    let metrics = target_metrics();
    let mut targets = Vec::new();
    for (i, t) in file.targets.into_iter().enumerate() {
        let at = format!("objectives.target {} (`{}`)", i + 1, t.name);
        let metric = t.metric.trim().to_string();
        if !metrics.contains(&metric) {
            return Err(format!(
                "{at}: metric `{metric}` is not a column of `uptake metrics summary`, `segments` or `breadth`; metrics are: {}",
                metrics.join(", ")
            ));
        }
        let comparison = match t.comparison.as_deref().map(str::trim) {
            None if LOWER_IS_BETTER.contains(&metric.as_str()) => Comparison::AtMost,
            None => Comparison::AtLeast,
            Some(">=") => Comparison::AtLeast,
            Some("<=") => Comparison::AtMost,
            Some(other) => {
                return Err(format!("{at}: comparison `{other}` is not `>=` or `<=`"));
            }
        };
        if !t.value.is_finite() || t.value < 0.0 || (is_share(&metric) && t.value > 1.0) {
            return Err(format!(
                "{at}: value {} is not a valid {}",
                t.value,
                if is_share(&metric) {
                    "share: shares are written from 0 to 1 (70 % is 0.7)"
                } else {
                    "value (a number, 0 or more)"
                }
            ));
        }
        let checkpoint = match (t.days, &t.date) {
            (Some(days), None) if days > 0 => Checkpoint::Days {
                days,
                wave: t.wave.clone(),
            },
            (None, Some(d)) if t.wave.is_none() => {
                Checkpoint::Date(d.to_date(&format!("{at}: date"))?)
            }
            _ => {
                return Err(format!(
                    "{at}: give either `days` (1 or more, after a wave start; `wave` optional) or `date`"
                ));
            }
        };
        if let Some(w) = &t.wave
            && !wave_names.contains(w)
        {
            return Err(format!(
                "{at}: wave `{w}` is not in the plan; waves are: {}",
                wave_names.join(", ")
            ));
        }
        let segment_text = t.segment.unwrap_or_else(|| "*".into());
        let segment = Filter::parse(&segment_text).map_err(|e| format!("{at}: segment: {e}"))?;
        targets.push(Target {
            name: t.name,
            metric,
            comparison,
            value: t.value,
            checkpoint,
            segment,
            segment_text,
        });
    }
    Ok(Objectives {
        problems: file.problems,
        use_cases,
        profiles: file.profiles,
        targets,
    })
}

/// A target's status at the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Checkpoint passed, target reached on it.
    Met,
    /// Checkpoint passed, target not reached on it.
    Missed,
    /// Checkpoint ahead: reached already, or forecast to be reached by it.
    OnTrack,
    /// Checkpoint ahead: forecast to be reached after it, or not at all.
    AtRisk,
    /// No one to measure, a group too small to report, or a date the exports do not
    /// cover.
    NoData,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Missed => "missed",
            Status::OnTrack => "on track",
            Status::AtRisk => "at risk",
            Status::NoData => "no data",
        }
    }

    /// Met or on track: nothing to act on.
    pub fn is_good(self) -> bool {
        matches!(self, Status::Met | Status::OnTrack)
    }
}

/// How a status was reached (the `note` says it in English).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Method {
    /// No one in the segment is eligible.
    NoPeople,
    /// Fewer people than the minimum group size.
    TooFew,
    NoValue,
    /// The date measured lies outside the days the exports cover (before the first or
    /// after the last): its window would count missing days as inactivity.
    NotCovered {
        first: NaiveDate,
        last: NaiveDate,
    },
    /// Measured on the checkpoint date.
    Checkpoint,
    /// The checkpoint is ahead and the value holds already.
    AlreadyMet,
    /// A Bass fit (m estimated between the people activated and the eligible, once the
    /// curve has turned); `reached`: it reaches the target.
    Bass {
        p: f64,
        q: f64,
        m: f64,
        reached: bool,
    },
    /// The straight line of the last [`TREND_DAYS`]; `bass_failed`: an activation target
    /// whose Bass fit failed; `toward`: the line moves toward the target; `history`: a
    /// value existed [`TREND_DAYS`] ago.
    Trend {
        bass_failed: bool,
        toward: bool,
        history: bool,
    },
}

/// One target evaluated.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub target: Target,
    /// The wave whose start anchors a `days` checkpoint.
    pub wave: Option<String>,
    pub checkpoint_date: NaiveDate,
    /// The segment's eligible people at the date measured.
    pub people: usize,
    /// The value at the checkpoint when it has passed, else at as-of.
    pub value: Option<f64>,
    pub value_date: NaiveDate,
    /// When the target is (forecast to be) reached, for a checkpoint ahead.
    pub forecast_date: Option<NaiveDate>,
    pub status: Status,
    /// How the status was reached, in words.
    pub note: String,
    pub method: Method,
}

pub const OBJECTIVE_COLUMNS: &[&str] = &[
    "objective",
    "metric",
    "segment",
    "comparison",
    "target",
    "wave",
    "checkpoint_date",
    "people",
    "value",
    "value_date",
    "forecast_date",
    "status",
    "note",
];

/// Days of the trend a metric without a diffusion model is extrapolated from.
pub const TREND_DAYS: i32 = 28;

/// The value of `metric` over `members` at `d`, with the eligible head-count; `None`
/// when the group is empty or suppressed.
pub fn metric_value(
    members: &[Member<'_>],
    metric: &str,
    d: Day,
    w: &Windows,
) -> (Option<f64>, usize) {
    let eligible = members.iter().filter(|m| m.eligible_on(d)).count();
    // Only the table that has the column is computed.
    let t = if SUMMARY_COLUMNS.contains(&metric) {
        summary(members, d, w, false)
    } else if SEGMENT_COLUMNS.contains(&metric) {
        segments(members, d, w, false)
    } else {
        breadth(members, d, w, false)
    };
    let value = t.columns.iter().position(|c| c == metric).and_then(|i| {
        t.rows.first().and_then(|r| match &r[i] {
            Value::Float(f) => Some(*f),
            Value::Int(n) => Some(*n as f64),
            _ => None,
        })
    });
    (value, eligible)
}

/// Every target of the plan at `as_of`, in plan order.
pub fn assess_objectives(
    plan: &Plan,
    roster: &Roster,
    members: &[Member<'_>],
    as_of: Day,
    w: &Windows,
) -> Vec<Assessment> {
    plan.objectives
        .targets
        .iter()
        .map(|t| assess(plan, roster, members, t, as_of, w))
        .collect()
}

fn assess(
    plan: &Plan,
    roster: &Roster,
    members: &[Member<'_>],
    target: &Target,
    as_of: Day,
    w: &Windows,
) -> Assessment {
    let segment: Vec<Member> = members
        .iter()
        .filter(|m| target.segment.matches(m.person, roster))
        .cloned()
        .collect();
    let wave = match &target.checkpoint {
        Checkpoint::Date(_) => None,
        Checkpoint::Days { wave: Some(w), .. } => plan.waves.iter().position(|x| &x.name == w),
        Checkpoint::Days { wave: None, .. } => main_wave(plan, roster, &segment),
    };
    let start = wave.map(|i| day_of(plan.waves[i].start));
    let checkpoint = match &target.checkpoint {
        Checkpoint::Date(d) => day_of(*d),
        Checkpoint::Days { days, .. } => start.unwrap_or(day_of(plan.t0)) + *days as Day,
    };
    let passed = checkpoint <= as_of;
    let at = if passed { checkpoint } else { as_of };
    let (value, people) = metric_value(&segment, &target.metric, at, w);
    let mut a = Assessment {
        target: target.clone(),
        wave: wave.map(|i| plan.waves[i].name.clone()),
        checkpoint_date: date_of(checkpoint),
        people,
        value,
        value_date: date_of(at),
        forecast_date: None,
        status: Status::NoData,
        note: String::new(),
        method: Method::NoValue,
    };
    let Some(v) = value else {
        (a.method, a.note) = if people == 0 {
            (Method::NoPeople, "no one in the segment is eligible".into())
        } else if people < w.min_group {
            (
                Method::TooFew,
                format!("fewer than {} people: not reported", w.min_group),
            )
        } else {
            (Method::NoValue, "no value yet".into())
        };
        return a;
    };
    let holds = target.comparison.holds(v, target.value);
    if passed {
        a.status = if holds { Status::Met } else { Status::Missed };
        a.note = format!("measured on the checkpoint, {}", date_of(checkpoint));
        a.method = Method::Checkpoint;
        return a;
    }
    if holds {
        a.status = Status::OnTrack;
        a.forecast_date = Some(date_of(as_of));
        a.note = "reached already; to be confirmed on the checkpoint".into();
        a.method = Method::AlreadyMet;
        return a;
    }
    let forecast = if target.metric == "activation_rate" {
        bass_forecast(
            &segment,
            start.unwrap_or(day_of(plan.t0)),
            as_of,
            target.value,
        )
    } else {
        Err("no diffusion model for this metric".to_string())
    };
    let (reach, how, method) = match forecast {
        Ok(f) => f,
        Err(why) => trend_forecast(&segment, target, as_of, v, w, &why),
    };
    a.forecast_date = reach.map(date_of);
    a.status = match reach {
        Some(d) if d <= checkpoint => Status::OnTrack,
        _ => Status::AtRisk,
    };
    a.note = how;
    a.method = method;
    a
}

/// Marks `no data` every assessment whose measured day the exports do not cover (an
/// as-of after their last day, or before their first), instead of reading missing days
/// as inactivity. `--allow-stale` skips this.
pub fn mark_uncovered(assessments: &mut [Assessment], coverage: &Coverage) {
    let (Some(first), Some(last)) = (coverage.first_day(), coverage.last_day()) else {
        return;
    };
    for a in assessments
        .iter_mut()
        .filter(|a| !coverage.covers(day_of(a.value_date)))
    {
        let (first, last) = (date_of(first), date_of(last));
        a.status = Status::NoData;
        a.value = None;
        a.forecast_date = None;
        a.method = Method::NotCovered { first, last };
        a.note = format!(
            "no data on {}: the exports cover {first} to {last} (--allow-stale measures it anyway)",
            a.value_date
        );
    }
}

/// The wave more than half of the segment's people belong to; `None` (the checkpoint
/// then counts from t0) when no wave holds a majority.
fn main_wave(plan: &Plan, roster: &Roster, segment: &[Member<'_>]) -> Option<usize> {
    let mut counts = vec![0usize; plan.waves.len()];
    for m in segment {
        counts[plan.wave_of(m.person, roster)] += 1;
    }
    (0..plan.waves.len()).find(|&i| 2 * counts[i] > segment.len())
}

type Forecast = (Option<Day>, String, Method);

/// The day the activation share reaches `share`, by a Bass fit (non-linear least
/// squares) of weekly new adopters since `start`, its market m estimated as `uptake
/// fit` does: only once the curve has turned, between the people activated so far and
/// the eligible head-count. Assuming everyone eligible adopts would forecast about
/// 100 % for waves that level off below it.
fn bass_forecast(
    segment: &[Member<'_>],
    start: Day,
    as_of: Day,
    share: f64,
) -> Result<Forecast, String> {
    let refs: Vec<&Member> = segment.iter().collect();
    let (adopters, eligible) = wave_adopters(&refs, start, as_of, 7);
    let activated = refs
        .iter()
        .filter(|m| m.eligible_on(as_of) && first_active(m, as_of).is_some())
        .count();
    let bounds = MarketBounds {
        floor: activated as f64,
        ceiling: Some(eligible as f64),
    };
    let fit = fit_bass_within(&adopters, Estimator::Nls, bounds).map_err(|e| e.to_string())?;
    let how = format!(
        "Bass forecast (nls, m estimated at {:.1} of {eligible} eligible, p {:.4}, q {:.4}, weekly)",
        fit.m, fit.p, fit.q
    );
    let method = |reached| Method::Bass {
        p: fit.p,
        q: fit.q,
        m: fit.m,
        reached,
    };
    Ok(match fit.periods_to_reach(share * eligible as f64) {
        Some(t) => (
            Some(start + ((t * 7.0).ceil() as Day - 1).max(0)),
            how,
            method(true),
        ),
        None => (None, format!("{how}: not reached"), method(false)),
    })
}

/// The day the metric reaches the target at its pace over the last [`TREND_DAYS`].
fn trend_forecast(
    segment: &[Member<'_>],
    target: &Target,
    as_of: Day,
    now: f64,
    w: &Windows,
    why_not_bass: &str,
) -> Forecast {
    let before = metric_value(segment, &target.metric, as_of - TREND_DAYS, w).0;
    let trend = format!("linear trend over the last {TREND_DAYS} days");
    let bass_failed = why_not_bass != "no diffusion model for this metric";
    let method = |toward, history| Method::Trend {
        bass_failed,
        toward,
        history,
    };
    let prefix = if !bass_failed {
        trend.clone()
    } else {
        format!("{trend} (no Bass fit: {why_not_bass})")
    };
    let Some(before) = before else {
        return (
            None,
            format!("{prefix}: no value {TREND_DAYS} days ago"),
            method(false, false),
        );
    };
    let slope = (now - before) / f64::from(TREND_DAYS);
    let gap = target.value - now;
    let toward = match target.comparison {
        Comparison::AtLeast => slope > 0.0,
        Comparison::AtMost => slope < 0.0,
    };
    if !toward {
        return (
            None,
            format!("{prefix}: not moving toward the target"),
            method(false, true),
        );
    }
    let days = (gap / slope).ceil() as Day;
    (Some(as_of + days), prefix, method(true, true))
}

/// The assessments as a table ([`OBJECTIVE_COLUMNS`]).
pub fn objectives_table(assessments: &[Assessment]) -> Table {
    let mut t = Table::new(OBJECTIVE_COLUMNS);
    for a in assessments {
        t.push(vec![
            Value::Text(a.target.name.clone()),
            Value::Text(a.target.metric.clone()),
            Value::Text(a.target.segment_text.clone()),
            Value::Text(a.target.comparison.as_str().into()),
            Value::Float(a.target.value),
            a.wave.clone().map_or(Value::Null, Value::Text),
            Value::Date(a.checkpoint_date),
            Value::Int(a.people as i64),
            Value::opt_float(a.value),
            Value::Date(a.value_date),
            a.forecast_date.map_or(Value::Null, Value::Date),
            Value::Text(a.status.as_str().into()),
            Value::Text(a.note.clone()),
        ]);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::ActiveDay;
    use uptake_store::Person;

    const T0: &str = "2026-01-05";

    fn plan(targets: &str) -> Result<Plan, String> {
        Plan::parse(&format!(
            "t0 = {T0}\n\n[objectives]\nproblems = [\"no follow-up of tasks\"]\n\n\
             [[objectives.use_case]]\nname = \"Task boards\"\ncategory = \"Tasks\"\n\n{targets}"
        ))
    }

    fn target(name: &str, rest: &str) -> String {
        format!("[[objectives.target]]\nname = \"{name}\"\n{rest}\n\n")
    }

    /// Ten Sales people registered at t0; person i < 6 first active on day 10 i and then
    /// every day; persons 6..9 never active.
    /// Everyone of `roster` in one segment, with their active days.
    fn everyone<'a>(roster: &'a Roster, days: &'a [Vec<ActiveDay>]) -> Vec<Member<'a>> {
        roster
            .people
            .iter()
            .zip(days)
            .map(|(person, days)| Member {
                person,
                registered: day_of(person.registered_at),
                deactivated: None,
                days,
                segment: "all".into(),
            })
            .collect()
    }

    fn sales() -> (Roster, Vec<Vec<ActiveDay>>) {
        let t0 = day_of(NaiveDate::parse_from_str(T0, "%Y-%m-%d").unwrap());
        let people = (0..10)
            .map(|i| Person {
                person: format!("p{i}"),
                registered_at: date_of(t0),
                department: Some("Sales".into()),
                ..Person::default()
            })
            .collect();
        let days = (0..10)
            .map(|i| {
                if i >= 6 {
                    return vec![];
                }
                (t0 + 10 * i..t0 + 200)
                    .map(|day| ActiveDay {
                        day,
                        events: 1,
                        categories: 1,
                    })
                    .collect()
            })
            .collect();
        (
            Roster {
                people,
                extra_columns: vec![],
            },
            days,
        )
    }

    #[test]
    fn statuses_follow_the_checkpoint_and_the_trend() {
        let text = [
            target("half activated by day 45", "metric = \"activation_rate\"\nvalue = 0.5\ndays = 45"),
            target("half activated by day 30", "metric = \"activation_rate\"\nvalue = 0.5\ndays = 30"),
            target("ghosts", "metric = \"ghost_rate\"\nvalue = 0.5\ndate = 2026-02-04"),
            target("active soon", "metric = \"active_rate\"\nvalue = 0.72\ndays = 90\nsegment = 'department = \"Sales\"'"),
            target("active later", "metric = \"active_rate\"\nvalue = 0.93\ndays = 70"),
            target("finance", "metric = \"active_rate\"\nvalue = 0.5\ndays = 90\nsegment = 'department = \"Finance\"'"),
        ]
        .concat();
        let plan = plan(&text).unwrap();
        assert_eq!(plan.objectives.use_cases[0].category, "tasks");
        assert_eq!(plan.objectives.targets[2].comparison, Comparison::AtMost);
        let (roster, days) = sales();
        let members = everyone(&roster, &days);
        let t0 = day_of(plan.t0);
        let a = assess_objectives(&plan, &roster, &members, t0 + 60, &Windows::default());
        let status: Vec<&str> = a.iter().map(|x| x.status.as_str()).collect();
        assert_eq!(
            status,
            ["met", "missed", "missed", "on track", "at risk", "no data"]
        );
        // Day 45: persons 0..4 activated, 5 of 10. Day 30: 4 of 10.
        assert_eq!(a[0].value, Some(0.5));
        assert_eq!(a[1].value, Some(0.4));
        assert_eq!(a[1].checkpoint_date.to_string(), "2026-02-04");
        assert_eq!(a[1].wave.as_deref(), Some("roll-out"));
        // 2026-02-04 is day 30: persons 4..9 are never-active ghosts past the 14-day grace.
        assert_eq!(a[2].value, Some(0.6));
        // Active in the 28 days to day 60: persons 0..5 (0.6); to day 32: persons 0..3
        // (0.4). Slope 0.2 / 28 a day: 0.72 is 16.8 days away (day 77, before day 90);
        // 0.93 is 46.2 days away (day 107, after day 70).
        assert_eq!(a[3].value, Some(0.6));
        assert_eq!(a[3].forecast_date, Some(date_of(t0 + 77)));
        assert_eq!(a[4].forecast_date, Some(date_of(t0 + 107)));
        assert!(a[4].note.starts_with("linear trend over the last 28 days"));
        assert_eq!(a[5].people, 0);
        assert_eq!(a[5].note, "no one in the segment is eligible");
        let t = objectives_table(&a);
        assert_eq!(t.columns.len(), OBJECTIVE_COLUMNS.len());
        assert_eq!(t.rows[3][11], Value::Text("on track".into()));
    }

    #[test]
    fn dates_the_exports_do_not_cover_have_no_data() {
        // The statuses of `statuses_follow_the_checkpoint_and_the_trend` at day 60, with
        // exports covering days 0 to 40 only: the checkpoints of days 45 and 90 and the
        // as-of (day 60) lie after day 40; the day-30 checkpoint and 2026-02-04 (day 30)
        // are covered and keep their status.
        let text = [
            target(
                "day 45",
                "metric = \"activation_rate\"\nvalue = 0.5\ndays = 45",
            ),
            target(
                "day 30",
                "metric = \"activation_rate\"\nvalue = 0.5\ndays = 30",
            ),
            target(
                "ghosts",
                "metric = \"ghost_rate\"\nvalue = 0.5\ndate = 2026-02-04",
            ),
            target(
                "active soon",
                "metric = \"active_rate\"\nvalue = 0.72\ndays = 90",
            ),
        ]
        .concat();
        let plan = plan(&text).unwrap();
        let (roster, days) = sales();
        let members = everyone(&roster, &days);
        let t0 = day_of(plan.t0);
        let mut a = assess_objectives(&plan, &roster, &members, t0 + 60, &Windows::default());
        let before: Vec<&str> = a.iter().map(|x| x.status.as_str()).collect();
        assert_eq!(before, ["met", "missed", "missed", "on track"]);
        let coverage = Coverage {
            tools: vec![crate::coverage::ToolSpan {
                tool: "slack".into(),
                first: t0,
                last: t0 + 40,
            }],
        };
        mark_uncovered(&mut a, &coverage);
        let after: Vec<&str> = a.iter().map(|x| x.status.as_str()).collect();
        assert_eq!(after, ["no data", "missed", "missed", "no data"]);
        assert_eq!(a[0].value, None);
        assert_eq!(
            a[0].note,
            "no data on 2026-02-19: the exports cover 2026-01-05 to 2026-02-14 (--allow-stale measures it anyway)"
        );
        assert_eq!(a[1].value, Some(0.4));
        // An as-of before any data: every status is `no data`.
        let coverage = Coverage {
            tools: vec![crate::coverage::ToolSpan {
                tool: "slack".into(),
                first: t0 + 100,
                last: t0 + 200,
            }],
        };
        let mut a = assess_objectives(&plan, &roster, &members, t0 + 60, &Windows::default());
        mark_uncovered(&mut a, &coverage);
        assert!(a.iter().all(|x| x.status == Status::NoData));
    }

    #[test]
    fn plan_errors_name_the_target_and_field() {
        let e = plan(&target("x", "metric = \"happiness\"\nvalue = 1\ndays = 30")).unwrap_err();
        assert!(
            e.contains("objectives.target 1 (`x`): metric `happiness`"),
            "{e}"
        );
        assert!(e.contains("active_rate"), "{e}");
        let e = plan(&target(
            "x",
            "metric = \"active_rate\"\nvalue = 70\ndays = 30",
        ))
        .unwrap_err();
        assert!(e.contains("70 % is 0.7"), "{e}");
        let e = plan(&target(
            "x",
            "metric = \"active_rate\"\nvalue = 0.7\ndays = 30\ndate = 2026-03-01",
        ))
        .unwrap_err();
        assert!(e.contains("either `days`"), "{e}");
        let e = plan(&target(
            "x",
            "metric = \"active_rate\"\nvalue = 0.7\ndays = 30\nwave = \"w9\"",
        ))
        .unwrap_err();
        assert!(e.contains("wave `w9` is not in the plan"), "{e}");
        let e = Plan::parse(&format!(
            "t0 = {T0}\n[[objectives.use_case]]\nname = \"Chat\"\ncategory = \"email\""
        ))
        .unwrap_err();
        assert!(e.contains("category `email`"), "{e}");
        let ok = plan(&target(
            "x",
            "metric = \"median_days_to_activation\"\nvalue = 20\ndays = 30",
        ))
        .unwrap();
        assert_eq!(ok.objectives.targets[0].comparison, Comparison::AtMost);
    }
}
