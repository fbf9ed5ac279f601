//! Does a lever go with faster adoption? Pilot vs later waves, ambassadors, managers'
//! example, new hires, reach, and interventions (difference in differences), each as a
//! difference between two groups with a seeded bootstrap interval. These are
//! associations in observational data, not proofs of cause.

use std::collections::BTreeMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use uptake_store::Roster;

use crate::activation::{Observation, kaplan_meier, km_median};
use crate::activity::active_in;
use crate::calendar::{Day, date_of, day_of};
use crate::plan::Plan;
use crate::population::{Member, value_of};
use crate::table::{Table, Value};
use crate::waves::first_active;

/// How effects are estimated.
#[derive(Debug, Clone, PartialEq)]
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
    /// What team comparisons (ambassadors, managers) are adjusted for: `wave` (the plan's)
    /// or roster columns. Each side is compared within strata of equal values, and the
    /// stratum differences are averaged with the group's head-counts as weights.
    pub adjust_for: Vec<String>,
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
            adjust_for: vec!["wave".into(), "department".into(), "profile".into()],
        }
    }
}

/// The caveat every effects output carries.
pub const CAVEAT: &str = "These are associations in observational data, not causal effects: groups differ in more than the lever compared (team, role, site, timing). Team comparisons are compared within strata (`adjusted_for`), which removes differences in those columns only. Intervals are percentile bootstrap intervals over the units named in `resampled`.";

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
    "adjusted_for",
    "finding",
];

/// What metrics know of one roster person for effects.
#[derive(Debug, Clone)]
pub struct Subject<'a> {
    pub member: &'a Member<'a>,
    /// The start of the person's wave.
    pub wave_start: Day,
    pub first_active: Option<Day>,
    /// The values of the adjustment columns, joined: people are compared within strata.
    pub stratum: String,
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
    /// Compared within strata (`Subject::stratum`) rather than as two whole groups.
    stratified: bool,
    /// Why a side is too small to estimate, when the comparison knows better than "fewer
    /// than k people" (people left out, an audience of everyone); set only then.
    short_because: Option<String>,
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
        .map(|m| {
            let wave = plan.wave_of(m.person, roster);
            let stratum = o
                .adjust_for
                .iter()
                .map(|c| match c.as_str() {
                    "wave" => plan.waves[wave].name.clone(),
                    column => value_of(m.person, roster, column).unwrap_or_default(),
                })
                .collect::<Vec<_>>()
                .join("\u{1f}");
            Subject {
                member: m,
                wave_start: day_of(plan.waves[wave].start),
                first_active: first_active(m, as_of),
                stratum,
            }
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
        // Both windows must lie inside each person's roll-out: a training in the first
        // weeks of its wave would otherwise be credited with the wave's own start.
        let (inside, outside): (Vec<&Subject>, Vec<&Subject>) = subjects
            .iter()
            .partition(|s| x.audience.matches(s.member.person, roster));
        let started = |s: &&Subject| s.wave_start <= d - o.window;
        let audience = inside.len();
        let gaps: Vec<i32> = inside
            .iter()
            .filter(|s| !started(s))
            .map(|s| d - s.wave_start)
            .collect();
        let inside: Vec<&Subject> = inside.into_iter().filter(started).collect();
        let outside: Vec<&Subject> = outside.into_iter().filter(started).collect();
        let late = if inside.len() < audience {
            format!(
                "; {} of {audience} left out: their wave started less than {} days before",
                audience - inside.len(),
                o.window
            )
        } else {
            String::new()
        };
        let short_because = if d + o.window - 1 > as_of {
            Some(format!(
                "the {} days after the date end after as-of, on {}",
                o.window,
                date_of(d + o.window - 1)
            ))
        } else if inside.len() < o.min_group {
            left_out_because(&gaps, audience, o.window)
        } else if outside.len() < o.min_group {
            Some(if audience == subjects.len() {
                "the audience is everyone: no one is left to compare it with".to_string()
            } else {
                format!(
                    "only {} people outside the audience, whose wave started {} days or more before the date",
                    outside.len(),
                    o.window
                )
            })
        } else {
            None
        };
        let c = Comparison {
            effect: "intervention",
            group: format!(
                "audience of `{}` ({}, {}){late}",
                x.name,
                x.kind.as_str(),
                x.date
            ),
            comparison: "everyone else".into(),
            group_units: inside.into_iter().map(|s| vec![s]).collect(),
            comparison_units: outside.into_iter().map(|s| vec![s]).collect(),
            resampled: "people",
            stratified: false,
            short_because,
        };
        if d + o.window - 1 > as_of {
            // Not over yet: say so rather than leave the intervention out.
            for measure in ["activation", "active"] {
                let measure = format!("change in {}-day {measure} rate, after - before", o.window);
                not_estimated(&mut t, &c, &measure, o);
            }
            continue;
        }
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
    let first = plan.first_start()?;
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
        stratified: false,
        short_because: None,
    })
}

/// People sharing a manager; the manager is not part of the team.
struct Team<'s, 'a> {
    manager: String,
    members: Vec<&'s Subject<'a>>,
}

fn teams<'s, 'a>(subjects: &'s [Subject<'a>]) -> Vec<Team<'s, 'a>> {
    let mut by_manager: BTreeMap<&str, Vec<&Subject>> = BTreeMap::new();
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
        stratified: true,
        short_because: None,
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
        stratified: true,
        short_because: None,
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
        stratified: false,
        short_because: None,
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
        stratified: false,
        short_because: None,
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
                stratified: false,
                short_because: None,
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
    /// Resamples left out because a stratum could not be measured in them.
    pub skipped: usize,
}

type Units<'s, 'a> = Vec<Vec<&'s Subject<'a>>>;

/// The units of both sides that share one stratum, weighted by the group's head-count.
struct Stratum<'s, 'a> {
    group: Units<'s, 'a>,
    comparison: Units<'s, 'a>,
    weight: f64,
}

/// A comparison's strata, and the people (group, comparison) of strata that cannot be
/// compared: a stratified stratum needs two units on each side, else its own bootstrap
/// would have no spread.
struct Strata<'s, 'a> {
    strata: Vec<Stratum<'s, 'a>>,
    left_out: (usize, usize),
}

fn head_count(units: &[Vec<&Subject<'_>>]) -> usize {
    units.iter().map(Vec::len).sum()
}

fn strata<'s, 'a>(c: &Comparison<'s, 'a>) -> Strata<'s, 'a> {
    if !c.stratified {
        return Strata {
            strata: vec![Stratum {
                group: c.group_units.clone(),
                comparison: c.comparison_units.clone(),
                weight: 1.0,
            }],
            left_out: (0, 0),
        };
    }
    // A team spanning strata (a pilot member in another wave) splits into one unit each.
    fn split<'s, 'a>(units: &[Vec<&'s Subject<'a>>]) -> BTreeMap<&'s str, Units<'s, 'a>> {
        let mut out: BTreeMap<&str, Units> = BTreeMap::new();
        for unit in units {
            let mut parts: BTreeMap<&str, Vec<&Subject>> = BTreeMap::new();
            for s in unit {
                parts.entry(s.stratum.as_str()).or_default().push(s);
            }
            for (key, part) in parts {
                out.entry(key).or_default().push(part);
            }
        }
        out
    }
    let (group, mut comparison) = (split(&c.group_units), split(&c.comparison_units));
    let mut out = Strata {
        strata: Vec::new(),
        left_out: (0, 0),
    };
    for (key, g) in group {
        match comparison.remove(key) {
            Some(cmp) if g.len() >= 2 && cmp.len() >= 2 => out.strata.push(Stratum {
                weight: head_count(&g) as f64,
                group: g,
                comparison: cmp,
            }),
            cmp => {
                out.left_out.0 += head_count(&g);
                out.left_out.1 += cmp.as_deref().map_or(0, head_count);
            }
        }
    }
    out.left_out.1 += comparison.values().map(|u| head_count(u)).sum::<usize>();
    out
}

/// The head-count-weighted mean over the `counted` strata of (group value, comparison
/// value), or `None` when any of them cannot be measured on either side. Every stratum is
/// drawn, counted or not, so that the draws of the other comparisons stay the same.
fn weighted<'s, 'a>(
    strata: &[Stratum<'s, 'a>],
    counted: &[bool],
    measure: &Measure<'_>,
    mut draw: impl FnMut(&Units<'s, 'a>) -> Vec<&'s Subject<'a>>,
) -> Option<(f64, f64)> {
    let drawn: Vec<_> = strata
        .iter()
        .map(|st| (draw(&st.group), draw(&st.comparison)))
        .collect();
    let (mut w, mut a, mut b) = (0.0, 0.0, 0.0);
    for ((st, (g, c)), _) in strata
        .iter()
        .zip(&drawn)
        .zip(counted)
        .filter(|(_, counted)| **counted)
    {
        let (x, y) = (measure(g)?, measure(c)?);
        w += st.weight;
        a += st.weight * x;
        b += st.weight * y;
    }
    (w > 0.0).then(|| (a / w, b / w))
}

/// Group value - comparison value, with a percentile bootstrap interval: each resample
/// draws, within each stratum, the group's units and the comparison's units with
/// replacement, one fewer than each side has (the rescaled bootstrap of Rao and Wu, with
/// McCarthy and Snowden's choice of n - 1: drawing all n understates the variance of a
/// mean by (n - 1) / n, a third too little in a stratum of three teams). The strata are those measured on both sides in the
/// data, and every resample must measure all of them: a resample where one cannot be
/// measured (no one in it past a checkpoint, a median not reached) is skipped and counted,
/// for averaging over fewer strata would estimate another quantity, and such resamples
/// would spread the interval away from the estimate.
fn bootstrap<'s, 'a>(
    strata: &[Stratum<'s, 'a>],
    measure: &Measure<'_>,
    o: &EffectOptions,
    rng: &mut ChaCha8Rng,
) -> Option<Estimate> {
    let all = |units: &Units<'s, 'a>| -> Vec<&'s Subject<'a>> {
        units.iter().flatten().copied().collect()
    };
    let measured: Vec<bool> = strata
        .iter()
        .map(|st| measure(&all(&st.group)).is_some() && measure(&all(&st.comparison)).is_some())
        .collect();
    let (vg, vc) = weighted(strata, &measured, measure, all)?;
    let mut diffs = Vec::with_capacity(o.resamples);
    for _ in 0..o.resamples {
        let resample = |units: &Units<'s, 'a>| -> Vec<&'s Subject<'a>> {
            (0..units.len().saturating_sub(1).max(1))
                .flat_map(|_| units[rng.random_range(0..units.len())].iter().copied())
                .collect()
        };
        if let Some((a, b)) = weighted(strata, &measured, measure, resample) {
            diffs.push(a - b);
        }
    }
    if diffs.is_empty() {
        return None;
    }
    let skipped = o.resamples - diffs.len();
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
        skipped,
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
    let strata = strata(c);
    let side = |pick: fn(&Stratum) -> usize| strata.strata.iter().map(pick).sum::<usize>();
    let ng = side(|s| head_count(&s.group));
    let nc = side(|s| head_count(&s.comparison));
    let adjusted_for = if c.stratified && !o.adjust_for.is_empty() {
        format!(
            "{} ({} strata; {} + {} people in strata without two units on each side left out)",
            o.adjust_for.join(", "),
            strata.strata.len(),
            strata.left_out.0,
            strata.left_out.1
        )
    } else {
        "none".to_string()
    };
    let mut row = vec![
        Value::Text(c.effect.into()),
        Value::Text(measure.into()),
        Value::Text(c.group.clone()),
        Value::Text(c.comparison.clone()),
        Value::Int(ng as i64),
        Value::Int(nc as i64),
    ];
    let estimate = if ng < o.min_group || nc < o.min_group {
        Err(too_few(c, o))
    } else {
        bootstrap(&strata.strata, f, o, rng)
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
                Value::Text(adjusted_for),
                Value::Text(finding(c, measure, unit, &e, o)),
            ]);
        }
        Err(why) => {
            row.extend(std::iter::repeat_n(Value::Null, 5));
            row.push(Value::Text(c.resampled.into()));
            row.push(Value::Text(adjusted_for));
            row.push(Value::Text(why));
        }
    }
    t.push(row);
}

/// Why a comparison with a side under `o.min_group` people is not estimated.
fn too_few(c: &Comparison<'_, '_>, o: &EffectOptions) -> String {
    match &c.short_because {
        Some(why) => format!("not estimated: {why}"),
        None => format!(
            "not estimated: fewer than {} people on one side",
            o.min_group
        ),
    }
}

/// Why an intervention's audience is left out, when no one or too few remain: the date
/// is `gaps` days after their wave's start, less than the window before it.
fn left_out_because(gaps: &[i32], audience: usize, window: i32) -> Option<String> {
    let (lo, hi) = (gaps.iter().min()?, gaps.iter().max()?);
    let days = if lo == hi {
        format!("{lo}")
    } else {
        format!("{lo} to {hi}")
    };
    Some(format!(
        "{} of {audience} in the audience left out: the date is {days} days after their wave's start, and the {window} days before it must lie inside their roll-out",
        gaps.len()
    ))
}

/// A row saying why `measure` is not estimated, without trying.
fn not_estimated(t: &mut Table, c: &Comparison<'_, '_>, measure: &str, o: &EffectOptions) {
    let mut row = vec![
        Value::Text(c.effect.into()),
        Value::Text(measure.into()),
        Value::Text(c.group.clone()),
        Value::Text(c.comparison.clone()),
        Value::Int(head_count(&c.group_units) as i64),
        Value::Int(head_count(&c.comparison_units) as i64),
    ];
    row.extend(std::iter::repeat_n(Value::Null, 5));
    row.push(Value::Text(c.resampled.into()));
    row.push(Value::Text("none".into()));
    row.push(Value::Text(too_few(c, o)));
    t.push(row);
}

/// The row in plain language.
fn finding(
    c: &Comparison<'_, '_>,
    measure: &str,
    unit: Unit,
    e: &Estimate,
    o: &EffectOptions,
) -> String {
    let value = |v: f64| match unit {
        Unit::Share => format!("{:.0} %", v * 100.0),
        Unit::Days => format!("{v:.0} days"),
    };
    let diff = |v: f64| match unit {
        Unit::Share => format!("{:+.1} points", v * 100.0),
        Unit::Days => format!("{v:+.1} days"),
    };
    let verdict = verdict(e, o);
    let within = if c.stratified && !o.adjust_for.is_empty() {
        format!(", within the same {}", o.adjust_for.join(", "))
    } else {
        String::new()
    };
    format!(
        "{}: {} {} vs {} for {}{within} ({}, {:.0} % interval {} to {}: {verdict})",
        capitalised(measure),
        c.group,
        value(e.group),
        value(e.comparison),
        c.comparison,
        diff(e.difference),
        o.confidence * 100.0,
        diff(e.low),
        diff(e.high),
    )
}

/// What the interval says. When more than [`UNRELIABLE_SKIPPED`] of the resamples could
/// not be measured, what is left is a selection of them (the strata with two or three
/// teams a side, the medians reached), and the percentile interval no longer holds its
/// level: on the bundled sample the managers' interval put the estimate at its own edge.
fn verdict(e: &Estimate, o: &EffectOptions) -> String {
    if e.skipped as f64 > UNRELIABLE_SKIPPED * o.resamples as f64 {
        return format!(
            "not reliable, no conclusion: {} of {} resamples could not be measured (a stratum with too few teams, or a median not reached)",
            e.skipped, o.resamples
        );
    }
    let verdict = if e.low > 0.0 || e.high < 0.0 {
        "the interval excludes zero"
    } else {
        "the interval includes zero: no clear difference"
    };
    if e.skipped > 0 {
        format!(
            "{verdict}; {} of {} resamples skipped: a stratum could not be measured in them",
            e.skipped, o.resamples
        )
    } else {
        verdict.to_string()
    }
}

/// The share of resamples skipped past which an interval is said not to be reliable.
const UNRELIABLE_SKIPPED: f64 = 0.1;

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
                stratum: String::new(),
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
            let one = Stratum {
                group: singletons(&gs),
                comparison: singletons(&cs),
                weight: 1.0,
            };
            let e = bootstrap(&[one], &share_activated, &o, &mut boot_rng).unwrap();
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
            stratified: false,
            short_because: None,
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
            t.rows[0][13],
            Value::Text("not estimated: fewer than 5 people on one side".into())
        );
    }

    /// `teams` teams of five in `stratum`, `active` of each first active on day 10.
    fn teams_of_five(
        teams: usize,
        active: usize,
        stratum: &str,
    ) -> Vec<(Person, Vec<ActiveDay>, String)> {
        (0..teams * 5)
            .map(|i| {
                let person = Person {
                    person: format!("{stratum}-{i}"),
                    manager: Some(format!("{stratum}-manager-{}", i / 5)),
                    ..Person::default()
                };
                let day = if i % 5 < active { 10 } else { 500 };
                let days = vec![ActiveDay {
                    day,
                    events: 1,
                    categories: 1,
                }];
                (person, days, stratum.to_string())
            })
            .collect()
    }

    #[test]
    fn strata_remove_a_difference_in_composition() {
        // Stratum a: 4 of 5 active in every team on both sides; stratum b: 1 of 5. The group
        // has 6 teams in a and 2 in b, the comparison 2 and 6: crude shares 26/40 = 0.65 vs
        // 14/40 = 0.35, but within each stratum no difference. Stratum c has one group team
        // only, so its 5 + 15 people are left out. Every resample gives 0 exactly.
        let build = |spec: &[(usize, usize, &str)]| {
            spec.iter()
                .flat_map(|&(n, a, s)| teams_of_five(n, a, s))
                .collect::<Vec<_>>()
        };
        let group = build(&[(6, 4, "a"), (2, 1, "b"), (1, 5, "c")]);
        let comparison = build(&[(2, 4, "a"), (6, 1, "b"), (3, 0, "c")]);
        let members: Vec<Member> = group
            .iter()
            .chain(&comparison)
            .map(|(person, days, _)| Member {
                person,
                registered: 0,
                deactivated: None,
                days,
                segment: "all".into(),
            })
            .collect();
        let subjects: Vec<Subject> = members
            .iter()
            .zip(group.iter().chain(&comparison))
            .map(|(member, (_, _, stratum))| Subject {
                member,
                wave_start: 0,
                first_active: first_active(member, 100),
                stratum: stratum.clone(),
            })
            .collect();
        let (g, c) = subjects.split_at(group.len());
        fn units<'s, 'a>(s: &'s [Subject<'a>]) -> Vec<Vec<&'s Subject<'a>>> {
            teams(s).into_iter().map(|t| t.members).collect()
        }
        let mut comparison_rows = Comparison {
            effect: "test",
            group: "g".into(),
            comparison: "c".into(),
            group_units: units(g),
            comparison_units: units(c),
            resampled: "teams",
            stratified: true,
            short_because: None,
        };
        let o = EffectOptions {
            resamples: 200,
            adjust_for: vec!["department".into()],
            ..EffectOptions::default()
        };
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let mut t = Table::new(EFFECT_COLUMNS);
        push(
            &mut t,
            &comparison_rows,
            "share",
            Unit::Share,
            &share_activated,
            &o,
            &mut rng,
        );
        comparison_rows.stratified = false;
        push(
            &mut t,
            &comparison_rows,
            "share",
            Unit::Share,
            &share_activated,
            &o,
            &mut rng,
        );
        let row = |i: usize| &t.rows[i];
        let close = |v: &Value, want: f64| match v {
            Value::Float(x) => assert!((x - want).abs() < 1e-12, "{x} vs {want}"),
            other => panic!("{other:?} is not a number"),
        };
        assert_eq!(row(0)[4], Value::Int(40));
        assert_eq!(row(0)[5], Value::Int(40));
        close(&row(0)[6], 0.65);
        close(&row(0)[7], 0.65);
        close(&row(0)[8], 0.0);
        close(&row(0)[9], 0.0);
        close(&row(0)[10], 0.0);
        assert_eq!(
            row(0)[12],
            Value::Text(
                "department (2 strata; 5 + 15 people in strata without two units on each side left out)"
                    .into()
            )
        );
        // Crude: (26 + 5) / 45 vs 14 / 55.
        assert_eq!(row(1)[4], Value::Int(45));
        close(&row(1)[6], 31.0 / 45.0);
        close(&row(1)[7], 14.0 / 55.0);
        assert_eq!(row(1)[12], Value::Text("none".into()));
    }

    #[test]
    fn resamples_that_lose_a_stratum_are_skipped_not_averaged_over_fewer_strata() {
        // Stratum a: 2 group people active by day 30, 2 comparison people not: 1 - 0.
        // Stratum b: 2 group people active; in the comparison one active person whose
        // day-30 checkpoint has passed and one whose wave starts on day 90 (not measurable
        // at as-of 100). Measured on the data: b gives 1 - 1, so the difference is
        // (2 x 1 + 2 x 0) / 4 = 0.5 in every resample that measures both strata. A
        // resample drawing only the late person (one draw of two: probability 1/2) cannot
        // measure b;
        // averaging over a alone would give 1 and pull the interval's top to 1.
        let spec: [(&str, bool, Day); 8] = [
            ("a", true, 0),
            ("a", true, 0),
            ("a", false, 0),
            ("a", false, 0),
            ("b", true, 0),
            ("b", true, 0),
            ("b", true, 0),
            ("b", true, 90),
        ];
        let persons: Vec<Person> = (0..spec.len())
            .map(|i| Person {
                person: format!("p{i}"),
                ..Person::default()
            })
            .collect();
        let days: Vec<Vec<ActiveDay>> = spec
            .iter()
            .map(|&(_, active, start)| {
                vec![ActiveDay {
                    day: if active { start + 10 } else { 500 },
                    events: 1,
                    categories: 1,
                }]
            })
            .collect();
        let m = members(&persons, &days);
        let s: Vec<Subject> = m
            .iter()
            .zip(&spec)
            .map(|(member, &(stratum, _, start))| Subject {
                member,
                wave_start: start,
                first_active: first_active(member, 100),
                stratum: stratum.into(),
            })
            .collect();
        let units = |range: &[usize]| range.iter().map(|&i| vec![&s[i]]).collect::<Vec<_>>();
        let strata = [
            Stratum {
                group: units(&[0, 1]),
                comparison: units(&[2, 3]),
                weight: 2.0,
            },
            Stratum {
                group: units(&[4, 5]),
                comparison: units(&[6, 7]),
                weight: 2.0,
            },
        ];
        let o = EffectOptions::default();
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let e = bootstrap(&strata, &activated_by(30, 100), &o, &mut rng).unwrap();
        assert_eq!((e.group, e.comparison, e.difference), (1.0, 0.5, 0.5));
        assert_eq!((e.low, e.high), (0.5, 0.5));
        // 1000 resamples at 1/2: 500 expected, 440..560 is beyond 3.5 standard deviations.
        assert!((440..=560).contains(&e.skipped), "{} skipped", e.skipped);
    }

    #[test]
    fn an_interval_most_resamples_could_not_measure_is_not_reliable() {
        let o = EffectOptions::default();
        let e = |skipped: usize, low: f64, high: f64| Estimate {
            group: 0.6,
            comparison: 0.4,
            difference: 0.2,
            low,
            high,
            skipped,
        };
        assert_eq!(verdict(&e(0, 0.1, 0.3), &o), "the interval excludes zero");
        assert_eq!(
            verdict(&e(0, -0.1, 0.3), &o),
            "the interval includes zero: no clear difference"
        );
        // 100 of 1000 is the limit itself: still a verdict, with the count.
        assert_eq!(
            verdict(&e(100, 0.1, 0.3), &o),
            "the interval excludes zero; 100 of 1000 resamples skipped: a stratum could not be measured in them"
        );
        assert_eq!(
            verdict(&e(513, 0.1, 0.3), &o),
            "not reliable, no conclusion: 513 of 1000 resamples could not be measured (a stratum with too few teams, or a median not reached)"
        );
    }

    #[test]
    fn resamples_draw_one_unit_fewer_than_a_side_has() {
        // Group: two people, one active by day 30; comparison: two active people. Drawing
        // one of the two group units, the difference is -1 or 0, each half the time, so
        // the 40th and 60th percentiles (a 20 % interval) are -1 and 0. Drawing two, it is
        // -1, -0.5 or 0 a quarter, a half and a quarter of the time: both would be -0.5.
        let (persons, days): (Vec<Person>, Vec<Vec<ActiveDay>>) = [true, false, true, true]
            .iter()
            .enumerate()
            .map(|(i, &active)| {
                let person = Person {
                    person: format!("p{i}"),
                    ..Person::default()
                };
                let day = if active { 10 } else { 500 };
                let days = vec![ActiveDay {
                    day,
                    events: 1,
                    categories: 1,
                }];
                (person, days)
            })
            .unzip();
        let m = members(&persons, &days);
        let s = subjects(&m);
        let one = Stratum {
            group: singletons(&s[..2]),
            comparison: singletons(&s[2..]),
            weight: 2.0,
        };
        let o = EffectOptions {
            confidence: 0.2,
            ..EffectOptions::default()
        };
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let e = bootstrap(&[one], &activated_by(30, 100), &o, &mut rng).unwrap();
        assert_eq!(e.difference, -0.5);
        assert_eq!((e.low, e.high), (-1.0, 0.0));
    }
}
