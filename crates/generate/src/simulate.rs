//! Day-by-day simulation of adoption as a contagion, streaming events to a sink.

use std::fs;
use std::path::Path;

use chrono::{Days, NaiveDate, Offset, TimeZone};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Poisson};
use serde::Serialize;

use crate::contacts::{Contacts, PARTNERS};
use crate::native::{
    GoogleSink, M365AuditSink, M365UsageSink, MattermostSink, Router, SlackSink, TrelloSink,
};
use crate::org::{DEPARTMENTS, DOMAIN, FIELD_WAVE, Org, Profile, T0, WAVES};
use crate::sink::{CsvSink, EventSink, GenEvent, ParquetSink};
use uptake_store::ROSTER_COLUMNS;

use crate::{Error, GenerateOptions, OutputFormat, Result};

/// What was generated, also written to `truth.json` beside the files: the parameters a
/// test can compare measured effects against.
#[derive(Debug, Clone, Serialize)]
pub struct GenerateSummary {
    pub seed: u64,
    pub people: usize,
    pub days: u32,
    pub start: NaiveDate,
    pub t0: NaiveDate,
    pub waves: Vec<WaveInfo>,
    pub interventions: Vec<InterventionInfo>,
    pub manager_effect: f64,
    pub ambassador_effect: f64,
    pub team_effect: f64,
    pub ambassadors: usize,
    pub pilot: usize,
    pub never_adopters: usize,
    pub activated: usize,
    /// Person events, the partners' guests' included.
    pub events: u64,
    pub bot_events: u64,
    /// Partners' guests (not on the roster) by e-mail domain, and their events.
    pub guests: Vec<(String, usize)>,
    pub guest_events: u64,
    /// Events addressed to someone (a reply's or a comment's counterpart), and how many
    /// of those cross departments.
    pub interactions: u64,
    pub cross_department_interactions: u64,
    /// The files the events were written to, one per format.
    pub events_files: Vec<String>,
    pub roster_file: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct WaveInfo {
    pub name: String,
    pub start: NaiveDate,
    pub members: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct InterventionInfo {
    pub name: String,
    pub kind: String,
    pub date: NaiveDate,
    /// The wave whose members attend; `None` for everyone.
    pub wave: Option<String>,
    /// Days during which it raises the audience's chance to start or come back.
    pub effect_days: u32,
}

/// How strongly an active team pulls a person in: hazard x (1 + TEAM_EFFECT x share active).
const TEAM_EFFECT: f64 = 2.5;
const BASE_HAZARD: f64 = 0.012;
const TRAINING_BOOST: f64 = 1.0;

#[derive(Clone, Copy, PartialEq)]
enum Engagement {
    Power,
    Habitual,
    Occasional,
}

#[derive(Clone, Copy)]
struct State {
    activated: bool,
    lapsed: bool,
    engagement: Engagement,
    tool_mix: [f64; 3],
}

const TOOLS: [&str; 3] = ["teams", "sharepoint", "trello"];

/// (action, activity, category) of an event.
type ActionLabels = (&'static str, &'static str, &'static str);

/// (action, activity, category) of each tool, with the share of that tool's events.
type Action = (&'static str, &'static str, &'static str, f64);
const ACTIONS: [&[Action]; 3] = [
    &[
        ("message", "post", "messaging", 0.33),
        ("reply", "reply", "messaging", 0.25),
        ("reaction", "react", "messaging", 0.15),
        ("meeting_join", "meet", "meetings", 0.13),
        ("call", "call", "meetings", 0.06),
        ("file_share", "share", "documents", 0.08),
    ],
    &[
        ("FileAccessed", "view", "documents", 0.5),
        ("FileModified", "edit", "documents", 0.25),
        ("SharingSet", "share", "documents", 0.1),
        ("FileUploaded", "create", "documents", 0.15),
    ],
    &[
        ("updateCard", "edit", "tasks", 0.45),
        ("createCard", "create", "tasks", 0.25),
        ("commentCard", "reply", "tasks", 0.3),
    ],
];

fn pick<T: Copy>(rng: &mut ChaCha8Rng, items: &[(T, f64)]) -> T {
    let mut x: f64 = rng.random();
    for (item, w) in items {
        if x < *w {
            return *item;
        }
        x -= w;
    }
    items[items.len() - 1].0
}

/// Generates the organisation and its activity into `options.out`: `events.csv` (or
/// `.parquet`), `roster.csv` and `truth.json`.
pub fn generate(options: &GenerateOptions) -> Result<GenerateSummary> {
    if options.people == 0 {
        return Err(Error::Invalid("--people must be at least 1".into()));
    }
    fs::create_dir_all(&options.out).map_err(|source| Error::Io {
        path: options.out.clone(),
        source,
    })?;
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let days = i64::from(options.days);
    let org = Org::build(options.people, days, &mut rng);
    let date = |d: i64| options.start + Days::new(d.max(0) as u64);

    let roster_path = options.out.join("roster.csv");
    write_roster(&org, &roster_path, &date)?;
    let mut sink = open_sinks(options)?;

    let interventions: Vec<(InterventionInfo, Option<usize>, i64)> = [
        ("Training: wave 1", "training", T0 + 7, Some(1)),
        ("Training: wave 2", "training", WAVES[2].1 + 7, Some(2)),
        ("Training: wave 3", "training", WAVES[3].1 + 7, Some(3)),
        (
            "Company-wide communication",
            "communication",
            T0 + 120,
            None,
        ),
    ]
    .into_iter()
    .map(|(name, kind, day, wave)| {
        (
            InterventionInfo {
                name: name.into(),
                kind: kind.into(),
                date: date(day),
                wave: wave.map(|w| WAVES[w].0.to_string()),
                effect_days: 14,
            },
            wave,
            day,
        )
    })
    .collect();

    let n = org.people.len();
    let mut state = vec![
        State {
            activated: false,
            lapsed: false,
            engagement: Engagement::Occasional,
            tool_mix: [1.0, 0.0, 0.0],
        };
        n
    ];
    let channels: Vec<[String; 3]> = org
        .people
        .iter()
        .map(|p| {
            let team = &org.teams[p.team].name;
            [
                team.to_lowercase().replace(' ', "-"),
                format!(
                    "site-{}",
                    DEPARTMENTS[p.dept].name.to_lowercase().replace(' ', "-")
                ),
                format!("board-{}", team.to_lowercase().replace(' ', "-")),
            ]
        })
        .collect();
    let poisson = |mean: f64| Poisson::new(mean).map_err(|e| Error::Invalid(e.to_string()));
    let extra_events = [poisson(10.0)?, poisson(4.0)?, poisson(1.5)?];
    let bots = ["planner-bot", "jira-integration", "welcome-bot"];
    let partner_channels: Vec<String> = PARTNERS
        .iter()
        .map(|(domain, ..)| format!("ext-{}", domain.split('.').next().unwrap_or(domain)))
        .collect();
    let paris = chrono_tz::Europe::Paris;
    let mut event_id: u64 = 0;
    let (mut events, mut bot_events) = (0u64, 0u64);
    let mut contacts = Contacts::new(&org, options.seed);
    let guests = contacts.guests();
    let (mut guest_events, mut interactions, mut cross) = (0u64, 0u64, 0u64);
    let mut team_active = vec![0usize; org.teams.len()];
    let mut team_present = vec![0usize; org.teams.len()];
    let mut team_ambassador_active = vec![0usize; org.teams.len()];
    // With an effect switched off, its holders exert no pull of any kind: they are left
    // out of their team's active share, and managers do not feel their team's pull either
    // (else an active team would make its manager early, and early managers would seem to
    // lead). Any difference `uptake effects` then finds is confounding or chance.
    let has_reports = {
        let mut v = vec![false; org.people.len()];
        for p in &org.people {
            if let Some(m) = p.manager {
                v[m] = true;
            }
        }
        v
    };
    let pulls: Vec<bool> = org
        .people
        .iter()
        .zip(&has_reports)
        .map(|(p, &manager)| {
            !(p.ambassador && options.ambassador_effect == 0.0
                || manager && options.manager_effect == 0.0)
        })
        .collect();
    let pulled: Vec<bool> = has_reports
        .iter()
        .map(|&manager| !(manager && options.manager_effect == 0.0))
        .collect();

    // Each tool's (action, activity, category) choices with their weights, for `pick`.
    let action_weights: Vec<Vec<(ActionLabels, f64)>> = ACTIONS
        .iter()
        .map(|acts| acts.iter().map(|(a, b, c, w)| ((*a, *b, *c), *w)).collect())
        .collect();
    options
        .progress
        .begin("simulating", days.unsigned_abs(), uptake_store::Unit::Days);
    for d in 0..days {
        let day = date(d);
        let noon = day.and_hms_opt(12, 0, 0).unwrap_or_default();
        let offset = paris
            .offset_from_utc_datetime(&noon)
            .fix()
            .local_minus_utc() as i64;
        let day_start_utc = day
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default()
            .and_utc()
            .timestamp();
        let weekend = matches!(
            chrono::Datelike::weekday(&day),
            chrono::Weekday::Sat | chrono::Weekday::Sun
        );
        let present = |i: usize| {
            let p = &org.people[i];
            d >= p.hired_day && p.leave_day.is_none_or(|l| d < l)
        };

        team_active.iter_mut().for_each(|x| *x = 0);
        team_present.iter_mut().for_each(|x| *x = 0);
        team_ambassador_active.iter_mut().for_each(|x| *x = 0);
        for (i, s) in state.iter().enumerate() {
            if !present(i) {
                continue;
            }
            let t = org.people[i].team;
            if !pulls[i] {
                continue;
            }
            team_present[t] += 1;
            if s.activated && !s.lapsed {
                team_active[t] += 1;
                if org.people[i].ambassador {
                    team_ambassador_active[t] += 1;
                }
            }
        }
        let boost = |i: usize| {
            interventions.iter().any(|(info, wave, day0)| {
                (d >= *day0 && d < day0 + i64::from(info.effect_days))
                    && wave.is_none_or(|w| org.people[i].wave == w)
            })
        };

        for i in 0..n {
            let p = &org.people[i];
            if !present(i) || d < p.usable_day {
                continue;
            }
            let s = &mut state[i];
            let mut active_today = false;
            if !s.activated {
                if p.never {
                    continue;
                }
                let t = p.team;
                let others = team_present[t].saturating_sub(usize::from(pulls[i])).max(1);
                let share = if pulled[i] {
                    team_active[t] as f64 / others as f64
                } else {
                    0.0
                };
                let manager_active = p
                    .manager
                    .is_some_and(|m| state[m].activated && !state[m].lapsed);
                let s = &state[i];
                let own_amb = usize::from(p.ambassador && s.activated && !s.lapsed);
                let ambassador_active = team_ambassador_active[t] > own_amb;
                let profile = match p.profile {
                    Profile::Office => 1.0,
                    Profile::Field => 0.4,
                    Profile::Technical => 1.3,
                };
                let mut h = BASE_HAZARD
                    * DEPARTMENTS[p.dept].maturity
                    * profile
                    * if p.pilot { 5.0 } else { 1.0 }
                    * (1.0
                        + TEAM_EFFECT * share
                        + options.manager_effect * f64::from(u8::from(manager_active))
                        + options.ambassador_effect * f64::from(u8::from(ambassador_active)));
                if boost(i) {
                    h *= 1.0 + TRAINING_BOOST;
                }
                if weekend {
                    h *= 0.15;
                }
                if rng.random::<f64>() < 1.0 - (-h).exp() {
                    let s = &mut state[i];
                    s.activated = true;
                    let power = 0.12 * DEPARTMENTS[p.dept].maturity;
                    let x: f64 = rng.random();
                    s.engagement = if x < power {
                        Engagement::Power
                    } else if x < power + 0.45 {
                        Engagement::Habitual
                    } else {
                        Engagement::Occasional
                    };
                    s.tool_mix = match p.profile {
                        Profile::Field => [0.9, 0.1, 0.0],
                        Profile::Technical => [0.5, 0.2, 0.3],
                        Profile::Office if rng.random::<f64>() < 0.3 => [0.6, 0.25, 0.15],
                        Profile::Office => [0.7, 0.3, 0.0],
                    };
                    active_today = true;
                } else {
                    continue;
                }
            }
            let s = &mut state[i];
            if s.lapsed {
                let back = if boost(i) { 0.012 } else { 0.004 };
                if rng.random::<f64>() < back {
                    s.lapsed = false;
                    active_today = true;
                } else {
                    continue;
                }
            }
            if !active_today {
                let lapse = match s.engagement {
                    Engagement::Power => 0.0008,
                    Engagement::Habitual => 0.002,
                    Engagement::Occasional => 0.006,
                } * if p.profile == Profile::Field {
                    1.5
                } else {
                    1.0
                };
                if rng.random::<f64>() < lapse {
                    s.lapsed = true;
                    continue;
                }
                let mut p_active = match s.engagement {
                    Engagement::Power => 0.9,
                    Engagement::Habitual => 0.6,
                    Engagement::Occasional => 0.15,
                };
                if weekend {
                    p_active *= 0.06;
                }
                active_today = rng.random::<f64>() < p_active;
            }
            if !active_today {
                continue;
            }
            let (base, extra) = match s.engagement {
                Engagement::Power => (4, &extra_events[0]),
                Engagement::Habitual => (1, &extra_events[1]),
                Engagement::Occasional => (1, &extra_events[2]),
            };
            let count = base + extra.sample(&mut rng) as u64;
            let mix = s.tool_mix;
            let clients: &[(&str, f64)] = match p.profile {
                Profile::Field => &[("mobile", 0.85), ("web", 0.1), ("desktop", 0.05)],
                Profile::Technical => &[("desktop", 0.6), ("web", 0.35), ("mobile", 0.05)],
                Profile::Office => &[("desktop", 0.7), ("web", 0.2), ("mobile", 0.1)],
            };
            for _ in 0..count {
                let tool = pick(&mut rng, &[(0usize, mix[0]), (1, mix[1]), (2, mix[2])]);
                let (action, activity, category) = pick(&mut rng, &action_weights[tool]);
                let tool_name = if tool == 0 && category == "messaging" {
                    contacts.messaging_tool(i)
                } else {
                    TOOLS[tool]
                };
                // Replies and card comments are addressed to someone using the tools.
                let counterpart = (activity == "reply")
                    .then(|| {
                        contacts.counterpart(&org, i, d, |j| {
                            present(j) && state[j].activated && !state[j].lapsed
                        })
                    })
                    .flatten();
                if let Some(j) = counterpart {
                    interactions += 1;
                    cross += u64::from(org.people[j].dept != p.dept);
                }
                // Working hours in Paris, with a tail into the evening.
                let local_s: i64 = if rng.random::<f64>() < 0.9 {
                    rng.random_range(8 * 3600..18 * 3600)
                } else {
                    rng.random_range(18 * 3600..23 * 3600)
                };
                event_id += 1;
                events += 1;
                sink.write(&GenEvent {
                    ts: day_start_utc + local_s - offset,
                    person: &p.email,
                    tool: tool_name,
                    action,
                    activity,
                    category,
                    client: pick(&mut rng, clients),
                    channel: &channels[i][tool],
                    event_id,
                    is_bot: false,
                    counterpart: counterpart.map(|j| org.people[j].email.as_str()),
                })?;
            }
        }

        // Integrations post on working days: counted by ingest, never as people.
        if !weekend && d >= T0 {
            for bot in bots {
                let bot_email = format!("{bot}@{DOMAIN}");
                for _ in 0..rng.random_range(1..=4) {
                    event_id += 1;
                    bot_events += 1;
                    sink.write(&GenEvent {
                        ts: day_start_utc + rng.random_range(6 * 3600..20 * 3600),
                        person: &bot_email,
                        tool: "teams",
                        action: "message",
                        activity: "post",
                        category: "messaging",
                        client: "unknown",
                        channel: "general",
                        event_id,
                        is_bot: true,
                        counterpart: None,
                    })?;
                }
            }
            // The partners' guests, in the channels shared with them on Slack.
            for g in guests.iter().filter(|g| d >= g.start) {
                let day_events =
                    contacts.guest_day(g, |j| present(j) && state[j].activated && !state[j].lapsed);
                for to in day_events {
                    event_id += 1;
                    events += 1;
                    guest_events += 1;
                    interactions += u64::from(to.is_some());
                    let (action, activity) = if to.is_some() {
                        ("reply", "reply")
                    } else {
                        ("message", "post")
                    };
                    sink.write(&GenEvent {
                        ts: day_start_utc + contacts.working_second() - offset,
                        person: &g.email,
                        tool: "slack",
                        action,
                        activity,
                        category: "messaging",
                        client: "web",
                        channel: partner_channels[g.partner].as_str(),
                        event_id,
                        is_bot: false,
                        counterpart: to.map(|j| org.people[j].email.as_str()),
                    })?;
                }
            }
        }
        options.progress.advance(1);
    }
    options.progress.end();
    sink.finish()?;

    let summary = GenerateSummary {
        seed: options.seed,
        people: n,
        days: options.days,
        start: options.start,
        t0: date(T0),
        waves: WAVES
            .iter()
            .enumerate()
            .map(|(w, (name, day))| WaveInfo {
                name: name.to_string(),
                start: date(*day),
                members: org.people.iter().filter(|p| p.wave == w).count(),
            })
            .collect(),
        interventions: interventions.into_iter().map(|(info, _, _)| info).collect(),
        manager_effect: options.manager_effect,
        ambassador_effect: options.ambassador_effect,
        team_effect: TEAM_EFFECT,
        ambassadors: org.people.iter().filter(|p| p.ambassador).count(),
        pilot: org.people.iter().filter(|p| p.pilot).count(),
        never_adopters: org.people.iter().filter(|p| p.never).count(),
        activated: state.iter().filter(|s| s.activated).count(),
        events,
        bot_events,
        guests: PARTNERS
            .iter()
            .map(|(domain, _, n, _)| (domain.to_string(), *n))
            .collect(),
        guest_events,
        interactions,
        cross_department_interactions: cross,
        events_files: options
            .formats
            .iter()
            .map(|f| f.file_name().to_string())
            .collect(),
        roster_file: "roster.csv".into(),
    };
    let plan = options.out.join("plan.toml");
    fs::write(&plan, plan_toml(&summary)).map_err(|source| Error::Io { path: plan, source })?;
    let truth = options.out.join("truth.json");
    let json = serde_json::to_vec_pretty(&summary).map_err(|e| Error::Invalid(e.to_string()))?;
    fs::write(&truth, json).map_err(|source| Error::Io {
        path: truth,
        source,
    })?;
    Ok(summary)
}

/// The deployment plan of the generated organisation (docs/plan.md): its waves (pilot by
/// the roster's `pilot` flag, the others by its `wave` column) and interventions.
fn plan_toml(s: &GenerateSummary) -> String {
    let mut out = format!(
        "# Deployment plan of the generated organisation (seed {}); see docs/plan.md.\n\
         t0 = {}\ncheckpoints = [30, 90, 180]\ntargets = [0.5, 0.8]\n",
        s.seed, s.t0
    );
    for w in &s.waves {
        let members = if w.name == WAVES[0].0 {
            "pilot = true".to_string()
        } else {
            format!("wave = \"{}\"", w.name)
        };
        out.push_str(&format!(
            "\n[[wave]]\nname = \"{}\"\nstart = {}\nmembers = '{members}'\n",
            w.name, w.start
        ));
    }
    for x in &s.interventions {
        let audience = x
            .wave
            .as_ref()
            .map_or("*".to_string(), |w| format!("wave = \"{w}\""));
        out.push_str(&format!(
            "\n[[intervention]]\nname = \"{}\"\nkind = \"{}\"\ndate = {}\naudience = '{audience}'\n",
            x.name, x.kind, x.date
        ));
    }
    // The consultancy helping with the roll-out is declared; the carrier is not, so
    // that the partners table shows a declared partner and an unknown domain.
    if let Some((domain, n)) = s.guests.first() {
        out.push_str(&format!(
            "\n# The consultancy helping with the roll-out: its people join as guests.\n\
             [[partner]]\nname = \"Conseil Agile\"\ndomains = [\"{domain}\"]\n\
             expected = {n}\ntarget = 0.8\nby = {}\n",
            s.t0 + chrono::Days::new(90)
        ));
    }
    out.push_str(OBJECTIVES);
    out
}

/// The initial objectives of the generated roll-out (docs/plan.md): a mix that the
/// simulation meets, misses and has yet to reach, so a report shows every status.
const OBJECTIVES: &str = r#"
[objectives]
problems = [
    "information lost in e-mail threads",
    "no follow-up of tasks",
    "field teams out of the loop",
]
profiles = ["office", "technical", "field"]

[[objectives.use_case]]
name = "Team discussions in channels instead of e-mail threads"
category = "messaging"
problem = "information lost in e-mail threads"

[[objectives.use_case]]
name = "Team meetings and calls from the team space"
category = "meetings"

[[objectives.use_case]]
name = "Documents shared and edited together"
category = "documents"
problem = "information lost in e-mail threads"

[[objectives.use_case]]
name = "Task boards for follow-up"
category = "tasks"
problem = "no follow-up of tasks"

[[objectives.target]]
name = "Half of wave 1 activated at 1 month"
metric = "activation_rate"
value = 0.5
days = 30
wave = "wave-1"
segment = 'wave = "wave-1"'

[[objectives.target]]
name = "70 % of Sales active (28 days) at 3 months"
metric = "active_rate"
value = 0.7
days = 90
segment = 'department = "Sales"'

[[objectives.target]]
name = "Field teams: a third activated at 3 months"
metric = "activation_rate"
value = 0.33
days = 90
segment = 'profile = "field"'

[[objectives.target]]
name = "Field teams: half activated at 6 months"
metric = "activation_rate"
value = 0.5
days = 180
segment = 'profile = "field"'

[[objectives.target]]
name = "Ghosts under 25 % at 6 months"
metric = "ghost_rate"
value = 0.25
days = 180

[[objectives.target]]
name = "Ghosts under 30 % after a year"
metric = "ghost_rate"
value = 0.3
days = 365

[[objectives.target]]
name = "Task boards used by 20 % of active people at 6 months"
metric = "share_tasks"
value = 0.2
days = 180
"#;

fn write_roster(org: &Org, path: &Path, date: &dyn Fn(i64) -> NaiveDate) -> Result<()> {
    let err = |source| Error::Csv {
        path: path.into(),
        source,
    };
    let mut w = csv::Writer::from_path(path).map_err(err)?;
    w.write_record(ROSTER_COLUMNS).map_err(err)?;
    for p in &org.people {
        let hired = if p.hired_day < 0 {
            date(0) - Days::new((-p.hired_day) as u64)
        } else {
            date(p.hired_day)
        };
        // In ROSTER_COLUMNS order.
        w.write_record([
            p.email.as_str(),
            &date(p.registered_day).to_string(),
            &p.leave_day.map(|d| date(d).to_string()).unwrap_or_default(),
            &p.name,
            DEPARTMENTS[p.dept].name,
            &org.teams[p.team].name,
            org.teams[p.team].site,
            p.role,
            p.profile.as_str(),
            p.manager
                .map(|m| org.people[m].email.as_str())
                .unwrap_or(""),
            WAVES[p.wave].0,
            if p.ambassador { "true" } else { "false" },
            if p.pilot { "true" } else { "false" },
            &hired.to_string(),
            if p.wave == FIELD_WAVE {
                "false"
            } else {
                "true"
            },
        ])
        .map_err(err)?;
    }
    w.flush().map_err(|source| Error::Io {
        path: path.into(),
        source,
    })
}

/// One sink per requested format, behind a router that sends each event where it belongs.
fn open_sinks(options: &GenerateOptions) -> Result<Box<dyn EventSink>> {
    if options.formats.is_empty() {
        return Err(Error::Invalid("no output format".into()));
    }
    let mut router = Router {
        canonical: Vec::new(),
        by_tool: Vec::new(),
        native: None,
    };
    // Trello and Slack take their own tool's events beside another native format; the
    // main one takes the rest (or everything, alone).
    let natives: Vec<OutputFormat> = options
        .formats
        .iter()
        .copied()
        .filter(|f| !f.is_canonical())
        .collect();
    let main = natives
        .iter()
        .copied()
        .find(|f| !matches!(f, OutputFormat::Trello | OutputFormat::Slack))
        .or_else(|| natives.iter().copied().find(|f| *f == OutputFormat::Slack))
        .or_else(|| natives.first().copied());
    for &f in &options.formats {
        let path = options.out.join(f.file_name());
        let sink: Box<dyn EventSink> = match f {
            OutputFormat::Csv => Box::new(CsvSink::create(&path)?),
            OutputFormat::Parquet => Box::new(ParquetSink::create(&path)?),
            OutputFormat::Slack => Box::new(SlackSink::create(&path)?),
            OutputFormat::M365Audit => Box::new(M365AuditSink::create(&path)?),
            OutputFormat::M365Usage => Box::new(M365UsageSink::create(&path)?),
            OutputFormat::Google => Box::new(GoogleSink::create(&path)?),
            OutputFormat::Mattermost => Box::new(MattermostSink::create(&path)?),
            OutputFormat::Trello => Box::new(TrelloSink::create(
                &path,
                &options.out.join("identities.csv"),
            )?),
        };
        if f.is_canonical() {
            router.canonical.push(sink);
        } else if Some(f) == main {
            router.native = Some(sink);
        } else if f == OutputFormat::Trello {
            router.by_tool.push(("trello", sink));
        } else if f == OutputFormat::Slack {
            router.by_tool.push(("slack", sink));
        } else {
            return Err(Error::Invalid(
                "at most one native format besides trello and slack: each event is written once"
                    .into(),
            ));
        }
    }
    Ok(Box::new(router))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(people: usize, manager: f64, ambassador: f64, seed: u64) -> GenerateSummary {
        let dir = tempfile::tempdir().unwrap();
        let mut o = GenerateOptions::new(dir.path());
        o.people = people;
        o.days = 120;
        o.seed = seed;
        o.manager_effect = manager;
        o.ambassador_effect = ambassador;
        generate(&o).unwrap()
    }

    #[test]
    fn switching_influence_off_slows_adoption() {
        // Same organisation (the seed fixes it before any draw depends on the effects);
        // without managers' and ambassadors' pull, fewer people start within 120 days.
        for seed in [1, 2] {
            let with = run(1_500, 1.5, 1.5, seed);
            let without = run(1_500, 0.0, 0.0, seed);
            assert_eq!(with.never_adopters, without.never_adopters);
            assert_eq!(with.ambassadors, without.ambassadors);
            assert!(
                with.activated as f64 > 1.1 * without.activated as f64,
                "seed {seed}: {} activated with effects, {} without",
                with.activated,
                without.activated
            );
        }
    }

    #[test]
    fn never_adopters_are_ten_to_twenty_five_percent() {
        let s = run(3_000, 1.5, 1.5, 9);
        let share = s.never_adopters as f64 / s.people as f64;
        assert!((0.10..=0.25).contains(&share), "{share}");
    }
}
