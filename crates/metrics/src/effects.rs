//! Does a lever go with faster adoption? Pilot vs later waves, ambassadors, managers'
//! example, new hires, reach, and interventions (difference in differences), each as a
//! difference between two groups with a seeded bootstrap interval. These are
//! associations in observational data, not proofs of cause.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use uptake_store::Roster;

use crate::activation::{Observation, kaplan_meier, km_median};
use crate::activity::active_in;
use crate::calendar::{Day, day_of};
use crate::plan::Plan;
use crate::population::Member;
use crate::table::{Table, Value};
use crate::waves::first_active;

/// How effects are estimated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EffectOptions {
    /// Bootstrap resamples.
    pub resamples: usize,
    pub seed: u64,
    /// Two-sided interval level, e.g. 0.95.
    pub confidence: f64,
    /// Window of the active share and of interventions' before/after periods, in days.
    pub window: i32,
    /// A manager leads by example when first active within this many days of the wave's start.
    pub manager_days: i32,
    /// Smallest group reported (people).
    pub min_group: usize,
}

impl Default for EffectOptions {
    fn default() -> Self {
        EffectOptions {
            resamples: 1000,
            seed: 1,
            confidence: 0.95,
            window: 28,
            manager_days: 14,
            min_group: 5,
        }
    }
}

/// The caveat every effects output carries.
pub const CAVEAT: &str = "These are associations in observational data, not causal effects: groups differ in more than the lever compared (team, role, site, timing). Intervals are percentile bootstrap intervals over the units named in `resampled`.";

pub const EFFECT_COLUMNS: &[&str] = &[
    "effect",
    "measure",
    "group",
    "comparison",
    "group_people",
    "comparison_people",
    "group_value",
    "comparison_value",
    "difference",
    "ci_low",
    "ci_high",
    "resampled",
    "finding",
];

/// What metrics know of one roster person for effects.
#[derive(Debug, Clone)]
pub struct Subject<'a> {
    pub member: &'a Member<'a>,
    /// The start of the person's wave.
    pub wave_start: Day,
    pub first_active: Option<Day>,
}

impl Subject<'_> {
    fn eligible_on(&self, d: Day) -> bool {
        self.member.eligible_on(d)
    }
}

/// A group's value of a measure, or `None` when no one in it can be measured.
type Measure<'f> = dyn Fn(&[&Subject<'_>]) -> Option<f64> + Sync + 'f;

/// Shares are reported in percentage points, days as days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Share,
    Days,
}

/// One comparison: clusters (teams, or single people) of the group and of the comparison.
struct Comparison<'s, 'a> {
    effect: &'static str,
    group: String,
    comparison: String,
    group_units: Vec<Vec<&'s Subject<'a>>>,
    comparison_units: Vec<Vec<&'s Subject<'a>>>,
    resampled: &'static str,
}

/// Every effect at `as_of`, one row per comparison and measure.
pub fn effects(
    plan: &Plan,
    roster: &Roster,
    members: &[Member<'_>],
    as_of: Day,
    o: &EffectOptions,
) -> Table {
    let subjects: Vec<Subject> = members
        .iter()
        .map(|m| Subject {
            member: m,
            wave_start: day_of(plan.waves[plan.wave_of(m.person, roster)].start),
            first_active: first_active(m, as_of),
        })
        .collect();
    let mut t = Table::new(EFFECT_COLUMNS);
    let mut rng = ChaCha8Rng::seed_from_u64(o.seed);
    let checkpoints: Vec<i32> = plan.checkpoints.iter().map(|c| *c as i32).collect();

    if let Some(c) = pilot(plan, roster, &subjects) {
        by_checkpoints(&mut t, &c, &checkpoints, as_of, o, &mut rng);
    }
    let teams = teams(&subjects);
    for c in [
        ambassadors(&teams),
        managers(&teams, &subjects, o.manager_days),
    ]
    .into_iter()
    .flatten()
    {
        by_checkpoints(&mut t, &c, &checkpoints, as_of, o, &mut rng);
        let median = km_median_days(as_of, |s| s.wave_start);
        push(
            &mut t,
            &c,
            "median days to activation (Kaplan-Meier)",
            Unit::Days,
            &median,
            o,
            &mut rng,
        );
    }
    if let Some(c) = new_hires(plan, &subjects) {
        let from_registration = km_median_days(as_of, |s| s.member.registered);
        push(
            &mut t,
            &c,
            "median days from registration to activation (Kaplan-Meier)",
            Unit::Days,
            &from_registration,
            o,
            &mut rng,
        );
        push(
            &mut t,
            &c,
            "activated within 30 days of registration",
            Unit::Share,
            &activated_within_registration(30, as_of),
            o,
            &mut rng,
        );
    }
    for c in reach(&subjects, as_of) {
        push(
            &mut t,
            &c,
            "activated (share of eligible)",
            Unit::Share,
            &share_activated,
            o,
            &mut rng,
        );
        push(
            &mut t,
            &c,
            &format!("active in the last {} days", o.window),
            Unit::Share,
            &share_active(as_of, o.window),
            o,
            &mut rng,
        );
    }
    for x in &plan.interventions {
        let d = day_of(x.date);
        if d + o.window - 1 > as_of {
            continue;
        }
        let (inside, outside): (Vec<&Subject>, Vec<&Subject>) = subjects
            .iter()
            .partition(|s| x.audience.matches(s.member.person, roster));
        let c = Comparison {
            effect: "intervention",
            group: format!("audience of `{}` ({}, {})", x.name, x.kind.as_str(), x.date),
            comparison: "everyone else".into(),
            group_units: inside.into_iter().map(|s| vec![s]).collect(),
            comparison_units: outside.into_iter().map(|s| vec![s]).collect(),
            resampled: "people",
        };
        push(
            &mut t,
            &c,
            &format!("change in {}-day activation rate, after - before", o.window),
            Unit::Share,
            &did_activation(d, o.window),
            o,
            &mut rng,
        );
        push(
            &mut t,
            &c,
            &format!("change in {}-day active rate, after - before", o.window),
            Unit::Share,
            &did_active(d, o.window),
            o,
            &mut rng,
        );
    }
    t
}

/// One row per checkpoint: the share activated that many days after the wave start.
fn by_checkpoints(
    t: &mut Table,
    c: &Comparison<'_, '_>,
    checkpoints: &[i32],
    as_of: Day,
    o: &EffectOptions,
    rng: &mut ChaCha8Rng,
) {
    for &k in checkpoints {
        let measure = format!("activated by day {k}");
        push(t, c, &measure, Unit::Share, &activated_by(k, as_of), o, rng);
    }
}

fn singletons<'s, 'a>(s: impl IntoIterator<Item = &'s Subject<'a>>) -> Vec<Vec<&'s Subject<'a>>> {
    s.into_iter().map(|x| vec![x]).collect()
}

/// The pilot wave (the plan's earliest start) against the people of every later wave.
fn pilot<'s, 'a>(
    plan: &Plan,
    roster: &Roster,
    subjects: &'s [Subject<'a>],
) -> Option<Comparison<'s, 'a>> {
    let first = plan.waves.iter().map(|w| w.start).min()?;
    let pilot_wave = plan.waves.iter().position(|w| w.start == first)?;
    let (group, rest): (Vec<&Subject>, Vec<&Subject>) = subjects
        .iter()
        .partition(|s| plan.wave_of(s.member.person, roster) == pilot_wave);
    let later: Vec<&Subject> = rest
        .into_iter()
        .filter(|s| s.wave_start > day_of(first))
        .collect();
    Some(Comparison {
        effect: "pilot",
        group: format!("pilot wave `{}`", plan.waves[pilot_wave].name),
        comparison: "later waves".into(),
        group_units: singletons(group),
        comparison_units: singletons(later),
        resampled: "people",
    })
}

/// People sharing a manager; the manager is not part of the team.
struct Team<'s, 'a> {
    manager: String,
    members: Vec<&'s Subject<'a>>,
}

fn teams<'s, 'a>(subjects: &'s [Subject<'a>]) -> Vec<Team<'s, 'a>> {
    let mut by_manager: std::collections::BTreeMap<&str, Vec<&Subject>> = Default::default();
    for s in subjects {
        if let Some(m) = s.member.person.manager.as_deref().filter(|m| !m.is_empty()) {
            by_manager.entry(m).or_default().push(s);
        }
    }
    by_manager
        .into_iter()
        .map(|(manager, members)| Team {
            manager: manager.to_string(),
            members,
        })
        .collect()
}

/// Teams with at least one ambassador vs without; outcomes of the teams' other members.
fn ambassadors<'s, 'a>(teams: &[Team<'s, 'a>]) -> Option<Comparison<'s, 'a>> {
    let is_ambassador = |s: &Subject| s.member.person.ambassador == Some(true);
    let (mut with, mut without) = (Vec::new(), Vec::new());
    for team in teams {
        let others: Vec<&Subject> = team
            .members
            .iter()
            .copied()
            .filter(|s| !is_ambassador(s))
            .collect();
        if others.is_empty() {
            continue;
        }
        if team.members.iter().any(|s| is_ambassador(s)) {
            with.push(others);
        } else {
            without.push(others);
        }
    }
    Some(Comparison {
        effect: "ambassadors",
        group: "teams with an ambassador (ambassadors themselves left out)".into(),
        comparison: "teams without".into(),
        group_units: with,
        comparison_units: without,
        resampled: "teams",
    })
}

/// Teams whose manager was first active within `days` of the team member's wave start
/// vs managers later or never active (managers not on the roster are left out).
fn managers<'s, 'a>(
    teams: &[Team<'s, 'a>],
    subjects: &'s [Subject<'a>],
    days: i32,
) -> Option<Comparison<'s, 'a>> {
    let first_of = |person: &str| {
        subjects
            .iter()
            .find(|s| s.member.person.person == person)
            .map(|s| s.first_active)
    };
    let (mut early, mut late) = (Vec::new(), Vec::new());
    for team in teams {
        let Some(manager_first) = first_of(&team.manager) else {
            continue;
        };
        let (led, not_led): (Vec<&Subject>, Vec<&Subject>) = team
            .members
            .iter()
            .partition(|s| manager_first.is_some_and(|f| f < s.wave_start + days));
        if !led.is_empty() {
            early.push(led);
        }
        if !not_led.is_empty() {
            late.push(not_led);
        }
    }
    Some(Comparison {
        effect: "managers",
        group: format!("teams whose manager was active within {days} days of the wave start"),
        comparison: "manager later or never active".into(),
        group_units: early,
        comparison_units: late,
        resampled: "teams",
    })
}

/// Hired after t0 vs present at the roll-out (no hire date: present).
fn new_hires<'s, 'a>(plan: &Plan, subjects: &'s [Subject<'a>]) -> Option<Comparison<'s, 'a>> {
    let (hired, present): (Vec<&Subject>, Vec<&Subject>) = subjects
        .iter()
        .partition(|s| s.member.person.hired_at.is_some_and(|h| h > plan.t0));
    Some(Comparison {
        effect: "new hires",
        group: format!("hired after t0 ({})", plan.t0),
        comparison: "present at the roll-out".into(),
        group_units: singletons(hired),
        comparison_units: singletons(present),
        resampled: "people",
    })
}

/// Out of the initial scope vs in it, then each profile vs everyone else.
fn reach<'s, 'a>(subjects: &'s [Subject<'a>], as_of: Day) -> Vec<Comparison<'s, 'a>> {
    let eligible: Vec<&Subject> = subjects.iter().filter(|s| s.eligible_on(as_of)).collect();
    let mut out = Vec::new();
    let (out_of_scope, in_scope): (Vec<&Subject>, Vec<&Subject>) = eligible
        .iter()
        .copied()
        .partition(|s| s.member.person.in_scope == Some(false));
    out.push(Comparison {
        effect: "reach",
        group: "out of the initial scope (in_scope = false)".into(),
        comparison: "in scope".into(),
        group_units: singletons(out_of_scope),
        comparison_units: singletons(in_scope),
        resampled: "people",
    });
    let mut profiles: Vec<&str> = eligible
        .iter()
        .filter_map(|s| s.member.person.profile.as_deref())
        .collect();
    profiles.sort_unstable();
    profiles.dedup();
    if profiles.len() > 1 {
        for profile in profiles {
            let (inside, rest): (Vec<&Subject>, Vec<&Subject>) = eligible
                .iter()
                .copied()
                .partition(|s| s.member.person.profile.as_deref() == Some(profile));
            out.push(Comparison {
                effect: "reach",
                group: format!("profile `{profile}`"),
                comparison: "other profiles".into(),
                group_units: singletons(inside),
                comparison_units: singletons(rest),
                resampled: "people",
            });
        }
    }
    out
}

fn share(values: impl Iterator<Item = bool>) -> Option<f64> {
    let (mut n, mut yes) = (0u64, 0u64);
    for v in values {
        n += 1;
        yes += u64::from(v);
    }
    (n > 0).then(|| yes as f64 / n as f64)
}

/// Share activated by `k` days after their wave's start, over people whose checkpoint
/// has passed at `as_of` and who were eligible on it.
fn activated_by(k: i32, as_of: Day) -> impl Fn(&[&Subject<'_>]) -> Option<f64> + Sync {
    move |group| {
        share(
            group
                .iter()
                .filter(|s| s.wave_start + k <= as_of && s.eligible_on(s.wave_start + k))
                .map(|s| s.first_active.is_some_and(|f| f <= s.wave_start + k)),
        )
    }
}

fn activated_within_registration(
    k: i32,
    as_of: Day,
) -> impl Fn(&[&Subject<'_>]) -> Option<f64> + Sync {
    move |group| {
        share(
            group
                .iter()
                .filter(|s| s.member.registered + k <= as_of)
                .map(|s| s.first_active.is_some_and(|f| f <= s.member.registered + k)),
        )
    }
}

/// Kaplan-Meier median of days from `anchor` to activation, censored at `as_of` or
/// deactivation.
fn km_median_days<F>(as_of: Day, anchor: F) -> impl Fn(&[&Subject<'_>]) -> Option<f64> + Sync
where
    F: Fn(&Subject<'_>) -> Day + Sync,
{
    move |group| {
        let obs: Vec<Observation> = group
            .iter()
            .filter(|s| anchor(s) <= as_of && s.member.registered <= as_of)
            .map(|s| {
                let from = anchor(s);
                match s.first_active {
                    Some(f) if s.member.deactivated.is_none_or(|x| f < x) => Observation {
                        days: f - from,
                        activated: true,
                    },
                    _ => Observation {
                        days: s.member.deactivated.map_or(as_of, |x| x.min(as_of)) - from,
                        activated: false,
                    },
                }
            })
            .collect();
        km_median(&kaplan_meier(&obs)).map(f64::from)
    }
}

/// Share first active by as-of (`first_active` is taken at as-of).
fn share_activated(group: &[&Subject<'_>]) -> Option<f64> {
    share(group.iter().map(|s| s.first_active.is_some()))
}

fn share_active(as_of: Day, window: i32) -> impl Fn(&[&Subject<'_>]) -> Option<f64> + Sync {
    move |group| {
        share(
            group
                .iter()
                .map(|s| active_in(s.member.days, as_of - window + 1, as_of)),
        )
    }
}

/// Activation rate in a window: of the people eligible on its last day and not activated
/// before it, the share first active in it.
fn activation_rate(group: &[&Subject<'_>], from: Day, to: Day) -> Option<f64> {
    share(
        group
            .iter()
            .filter(|s| s.eligible_on(to))
            .filter(|s| s.first_active.is_none_or(|f| f >= from))
            .map(|s| s.first_active.is_some_and(|f| f <= to)),
    )
}

/// Active rate in a window: of the people eligible on its last day, the share active in it.
fn active_rate(group: &[&Subject<'_>], from: Day, to: Day) -> Option<f64> {
    share(
        group
            .iter()
            .filter(|s| s.eligible_on(to))
            .map(|s| active_in(s.member.days, from, to)),
    )
}

/// After - before, for the `window` days from `d` and the `window` days before it.
fn did_activation(d: Day, window: i32) -> impl Fn(&[&Subject<'_>]) -> Option<f64> + Sync {
    move |g| Some(activation_rate(g, d, d + window - 1)? - activation_rate(g, d - window, d - 1)?)
}

fn did_active(d: Day, window: i32) -> impl Fn(&[&Subject<'_>]) -> Option<f64> + Sync {
    move |g| Some(active_rate(g, d, d + window - 1)? - active_rate(g, d - window, d - 1)?)
}

/// The estimate and its interval for one comparison and measure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub group: f64,
    pub comparison: f64,
    pub difference: f64,
    pub low: f64,
    pub high: f64,
}

/// Group value - comparison value, with a percentile bootstrap interval: each resample
/// draws the group's units and the comparison's units with replacement (as many as each
/// has). Resamples where either side cannot be measured are skipped.
fn bootstrap(
    group: &[Vec<&Subject<'_>>],
    comparison: &[Vec<&Subject<'_>>],
    measure: &Measure<'_>,
    o: &EffectOptions,
    rng: &mut ChaCha8Rng,
) -> Option<Estimate> {
    fn flat<'s, 'a>(units: &[&Vec<&'s Subject<'a>>]) -> Vec<&'s Subject<'a>> {
        units.iter().flat_map(|u| u.iter().copied()).collect()
    }
    let all_g: Vec<&Vec<&Subject>> = group.iter().collect();
    let all_c: Vec<&Vec<&Subject>> = comparison.iter().collect();
    let vg = measure(&flat(&all_g))?;
    let vc = measure(&flat(&all_c))?;
    let mut diffs = Vec::with_capacity(o.resamples);
    for _ in 0..o.resamples {
        let rg: Vec<&Vec<&Subject>> = (0..group.len())
            .map(|_| &group[rng.random_range(0..group.len())])
            .collect();
        let rc: Vec<&Vec<&Subject>> = (0..comparison.len())
            .map(|_| &comparison[rng.random_range(0..comparison.len())])
            .collect();
        if let (Some(a), Some(b)) = (measure(&flat(&rg)), measure(&flat(&rc))) {
            diffs.push(a - b);
        }
    }
    if diffs.is_empty() {
        return None;
    }
    diffs.sort_by(f64::total_cmp);
    let alpha = (1.0 - o.confidence) / 2.0;
    let at = |p: f64| {
        let rank = ((p * diffs.len() as f64).ceil() as usize).clamp(1, diffs.len());
        diffs[rank - 1]
    };
    Some(Estimate {
        group: vg,
        comparison: vc,
        difference: vg - vc,
        low: at(alpha),
        high: at(1.0 - alpha),
    })
}

fn push(
    t: &mut Table,
    c: &Comparison<'_, '_>,
    measure: &str,
    unit: Unit,
    f: &Measure<'_>,
    o: &EffectOptions,
    rng: &mut ChaCha8Rng,
) {
    let people = |units: &[Vec<&Subject>]| units.iter().map(Vec::len).sum::<usize>();
    let (ng, nc) = (people(&c.group_units), people(&c.comparison_units));
    let mut row = vec![
        Value::Text(c.effect.into()),
        Value::Text(measure.into()),
        Value::Text(c.group.clone()),
        Value::Text(c.comparison.clone()),
        Value::Int(ng as i64),
        Value::Int(nc as i64),
    ];
    let estimate = if ng < o.min_group
        || nc < o.min_group
        || c.group_units.is_empty()
        || c.comparison_units.is_empty()
    {
        Err(format!(
            "not estimated: fewer than {} people on one side",
            o.min_group
        ))
    } else {
        bootstrap(&c.group_units, &c.comparison_units, f, o, rng)
            .ok_or_else(|| "not estimated: no one on one side can be measured yet".to_string())
    };
    match estimate {
        Ok(e) => {
            row.extend([
                Value::Float(e.group),
                Value::Float(e.comparison),
                Value::Float(e.difference),
                Value::Float(e.low),
                Value::Float(e.high),
                Value::Text(c.resampled.into()),
                Value::Text(finding(c, measure, unit, &e, o.confidence)),
            ]);
        }
        Err(why) => {
            row.extend(std::iter::repeat_n(Value::Null, 5));
            row.push(Value::Text(c.resampled.into()));
            row.push(Value::Text(why));
        }
    }
    t.push(row);
}

/// The row in plain language.
fn finding(
    c: &Comparison<'_, '_>,
    measure: &str,
    unit: Unit,
    e: &Estimate,
    confidence: f64,
) -> String {
    let value = |v: f64| match unit {
        Unit::Share => format!("{:.0} %", v * 100.0),
        Unit::Days => format!("{v:.0} days"),
    };
    let diff = |v: f64| match unit {
        Unit::Share => format!("{:+.1} points", v * 100.0),
        Unit::Days => format!("{v:+.1} days"),
    };
    let verdict = if e.low > 0.0 || e.high < 0.0 {
        "the interval excludes zero"
    } else {
        "the interval includes zero: no clear difference"
    };
    format!(
        "{}: {} {} vs {} for {} ({}, {:.0} % interval {} to {}: {verdict})",
        capitalised(measure),
        c.group,
        value(e.group),
        value(e.comparison),
        c.comparison,
        diff(e.difference),
        confidence * 100.0,
        diff(e.low),
        diff(e.high),
    )
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::ActiveDay;
    use uptake_store::Person;

    /// `n` people, each first active on day 10 with probability `rate` (day 500 otherwise:
    /// after as-of), drawn from `rng`.
    fn people(n: usize, rate: f64, rng: &mut ChaCha8Rng) -> (Vec<Person>, Vec<Vec<ActiveDay>>) {
        let persons = (0..n)
            .map(|i| Person {
                person: format!("p{i}"),
                ..Person::default()
            })
            .collect();
        let days = (0..n)
            .map(|_| {
                let day = if rng.random_bool(rate) { 10 } else { 500 };
                vec![ActiveDay {
                    day,
                    events: 1,
                    categories: 1,
                }]
            })
            .collect();
        (persons, days)
    }

    fn members<'a>(p: &'a [Person], d: &'a [Vec<ActiveDay>]) -> Vec<Member<'a>> {
        p.iter()
            .zip(d)
            .map(|(person, days)| Member {
                person,
                registered: 0,
                deactivated: None,
                days,
                segment: "all".into(),
            })
            .collect()
    }

    fn subjects<'a>(m: &'a [Member<'a>]) -> Vec<Subject<'a>> {
        m.iter()
            .map(|member| Subject {
                member,
                wave_start: 0,
                first_active: first_active(member, 100),
            })
            .collect()
    }

    #[test]
    fn bootstrap_intervals_cover_a_known_difference() {
        // Group activation 60 %, comparison 40 %: the true difference is 0.20. Over 200
        // independent populations of 300 + 300 people, a 95 % interval should cover it
        // about 190 times; the binomial 99.9 % range for 200 draws at 0.95 is 180..199.
        let o = EffectOptions {
            resamples: 400,
            ..EffectOptions::default()
        };
        let mut data_rng = ChaCha8Rng::seed_from_u64(42);
        let mut boot_rng = ChaCha8Rng::seed_from_u64(7);
        let mut covered = 0;
        for _ in 0..200 {
            let (gp, gd) = people(300, 0.6, &mut data_rng);
            let (cp, cd) = people(300, 0.4, &mut data_rng);
            let (gm, cm) = (members(&gp, &gd), members(&cp, &cd));
            let (gs, cs) = (subjects(&gm), subjects(&cm));
            let e = bootstrap(
                &singletons(&gs),
                &singletons(&cs),
                &share_activated,
                &o,
                &mut boot_rng,
            )
            .unwrap();
            assert!(e.low <= e.difference && e.difference <= e.high);
            if e.low <= 0.2 && 0.2 <= e.high {
                covered += 1;
            }
        }
        assert!((180..=199).contains(&covered), "covered {covered} of 200");
    }

    #[test]
    fn too_small_groups_are_not_estimated() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let (p, d) = people(4, 0.5, &mut rng);
        let m = members(&p, &d);
        let s = subjects(&m);
        let c = Comparison {
            effect: "test",
            group: "g".into(),
            comparison: "c".into(),
            group_units: singletons(&s[..2]),
            comparison_units: singletons(&s[2..]),
            resampled: "people",
        };
        let mut t = Table::new(EFFECT_COLUMNS);
        push(
            &mut t,
            &c,
            "share",
            Unit::Share,
            &share_activated,
            &EffectOptions::default(),
            &mut rng,
        );
        assert_eq!(t.rows[0][8], Value::Null);
        assert_eq!(
            t.rows[0][12],
            Value::Text("not estimated: fewer than 5 people on one side".into())
        );
    }
}
