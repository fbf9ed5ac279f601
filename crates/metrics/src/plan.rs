//! The deployment plan (docs/plan.md): roll-out start, waves with their members as
//! roster filters, checkpoints, targets, dated interventions and the initial objectives,
//! read from TOML.

use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;
use uptake_store::{Person, Roster};

use crate::families::ToolFamilies;
use crate::filter::Filter;
use crate::objectives::{Objectives, ObjectivesFile, parse_objectives};
use crate::{Error, Result};

/// Checkpoints, in days after a wave's start, when a plan names none.
pub const DEFAULT_CHECKPOINTS: &[u32] = &[30, 90, 180];
/// Activation shares forecast when a plan names none.
pub const DEFAULT_TARGETS: &[f64] = &[0.5, 0.8];
/// The wave of people no wave's filter matches; it starts at `t0`.
pub const ROLLOUT_WAVE: &str = "roll-out";

/// A wave: who is in it and when it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Wave {
    pub name: String,
    pub start: NaiveDate,
    pub members: Filter,
}

/// What an intervention is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InterventionKind {
    Training,
    Communication,
    Workshop,
    FeatureLaunch,
}

impl InterventionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InterventionKind::Training => "training",
            InterventionKind::Communication => "communication",
            InterventionKind::Workshop => "workshop",
            InterventionKind::FeatureLaunch => "feature launch",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s.trim().to_lowercase().replace(['_', '-'], " ").as_str() {
            "training" => Some(InterventionKind::Training),
            "communication" => Some(InterventionKind::Communication),
            "workshop" => Some(InterventionKind::Workshop),
            "feature launch" => Some(InterventionKind::FeatureLaunch),
            _ => None,
        }
    }
}

/// A dated event aimed at an audience.
#[derive(Debug, Clone, PartialEq)]
pub struct Intervention {
    pub name: String,
    pub kind: InterventionKind,
    pub date: NaiveDate,
    pub audience: Filter,
}

/// An outside organisation whose people take part (guests, shared channels), known by
/// the e-mail domains of its people.
#[derive(Debug, Clone, PartialEq)]
pub struct Partner {
    pub name: String,
    /// Lower-cased, without `@`.
    pub domains: Vec<String>,
    /// People expected to take part.
    pub expected: Option<u32>,
    /// Share of `expected` active in the window, to reach by `by` (or by as-of).
    pub target: Option<f64>,
    pub by: Option<NaiveDate>,
}

/// The deployment plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Roll-out start.
    pub t0: NaiveDate,
    /// Waves in file order; a person belongs to the first whose filter matches, else to
    /// [`ROLLOUT_WAVE`] (added last, starting at `t0`).
    pub waves: Vec<Wave>,
    /// Days after each wave's start.
    pub checkpoints: Vec<u32>,
    /// Activation shares (0..1] whose date is forecast.
    pub targets: Vec<f64>,
    pub interventions: Vec<Intervention>,
    /// The initial objectives (empty when the plan states none).
    pub objectives: Objectives,
    /// Outside organisations taking part (`[[partner]]`).
    pub partners: Vec<Partner>,
    /// Tools that work as one suite (`[tool_families]`, else [`ToolFamilies::default`]).
    pub tool_families: ToolFamilies,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanFile {
    t0: DateField,
    #[serde(default)]
    checkpoints: Option<Vec<u32>>,
    #[serde(default)]
    targets: Option<Vec<f64>>,
    #[serde(default, rename = "wave")]
    waves: Vec<WaveFile>,
    #[serde(default, rename = "intervention")]
    interventions: Vec<InterventionFile>,
    #[serde(default)]
    objectives: Option<ObjectivesFile>,
    #[serde(default, rename = "partner")]
    partners: Vec<PartnerFile>,
    /// Tools of one suite, which sprawl counts as one (absent: the defaults).
    #[serde(default)]
    tool_families: Option<std::collections::BTreeMap<String, Vec<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PartnerFile {
    name: String,
    domains: Vec<String>,
    #[serde(default)]
    expected: Option<u32>,
    #[serde(default)]
    target: Option<f64>,
    #[serde(default)]
    by: Option<DateField>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WaveFile {
    name: String,
    start: DateField,
    members: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InterventionFile {
    name: String,
    kind: String,
    date: DateField,
    #[serde(default)]
    audience: Option<String>,
}

/// A TOML date (`2026-02-02`) or the same as a string.
#[derive(Deserialize)]
#[serde(untagged)]
pub(crate) enum DateField {
    Toml(toml::value::Datetime),
    Text(String),
}

impl DateField {
    pub(crate) fn to_date(&self, what: &str) -> std::result::Result<NaiveDate, String> {
        let text = match self {
            DateField::Toml(d) => d.to_string(),
            DateField::Text(s) => s.clone(),
        };
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map_err(|_| format!("{what}: `{text}` is not a date (YYYY-MM-DD)"))
    }
}

fn parse_partners(files: &[PartnerFile]) -> std::result::Result<Vec<Partner>, String> {
    let mut partners: Vec<Partner> = Vec::new();
    for (i, p) in files.iter().enumerate() {
        let at = format!("partner {} (`{}`)", i + 1, p.name);
        if p.name.trim().is_empty() {
            return Err(format!("partner {}: empty name", i + 1));
        }
        if p.domains.is_empty() {
            return Err(format!("{at}: domains: name at least one e-mail domain"));
        }
        let mut domains = Vec::new();
        for d in &p.domains {
            let d = d.trim().trim_start_matches('@').to_ascii_lowercase();
            if d.is_empty() || d.contains('@') || !d.contains('.') {
                return Err(format!("{at}: domains: `{d}` is not an e-mail domain"));
            }
            if let Some(other) = partners.iter().find(|o| o.domains.contains(&d)) {
                return Err(format!(
                    "{at}: domains: `{d}` is already partner `{}`'s",
                    other.name
                ));
            }
            domains.push(d);
        }
        if let Some(t) = p.target {
            if !(t > 0.0 && t <= 1.0) {
                return Err(format!("{at}: target: {t} is not a share in (0, 1]"));
            }
            if p.expected.is_none_or(|e| e == 0) {
                return Err(format!(
                    "{at}: target is a share of `expected` people: give expected"
                ));
            }
        }
        partners.push(Partner {
            name: p.name.clone(),
            domains,
            expected: p.expected,
            target: p.target,
            by: match &p.by {
                Some(d) => Some(d.to_date(&format!("{at}: by"))?),
                None => None,
            },
        });
    }
    Ok(partners)
}

impl Plan {
    /// The earliest wave's start: when the roll-out (its pilot included) began.
    pub fn first_start(&self) -> Option<NaiveDate> {
        self.waves.iter().map(|w| w.start).min()
    }

    /// Reads and checks a plan file.
    pub fn read(path: &Path) -> Result<Plan> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Plan::parse(&text).map_err(|reason| Error::Plan {
            path: path.to_path_buf(),
            reason,
        })
    }

    /// Parses plan TOML; the error says which entry and field is wrong.
    pub fn parse(text: &str) -> std::result::Result<Plan, String> {
        let file: PlanFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let t0 = file.t0.to_date("t0")?;
        let mut waves = Vec::new();
        for (i, w) in file.waves.iter().enumerate() {
            let at = format!("wave {} (`{}`)", i + 1, w.name);
            if w.name.trim().is_empty() {
                return Err(format!("wave {}: empty name", i + 1));
            }
            if w.name == ROLLOUT_WAVE || waves.iter().any(|x: &Wave| x.name == w.name) {
                return Err(format!(
                    "{at}: the name is used twice (`{ROLLOUT_WAVE}` is reserved for people in no wave)"
                ));
            }
            waves.push(Wave {
                name: w.name.clone(),
                start: w.start.to_date(&format!("{at}: start"))?,
                members: Filter::parse(&w.members).map_err(|e| format!("{at}: members: {e}"))?,
            });
        }
        waves.push(Wave {
            name: ROLLOUT_WAVE.into(),
            start: t0,
            members: Filter::everyone(),
        });
        let checkpoints = file
            .checkpoints
            .unwrap_or_else(|| DEFAULT_CHECKPOINTS.to_vec());
        if checkpoints.is_empty() || checkpoints.contains(&0) {
            return Err("checkpoints: days after a wave's start, each at least 1".into());
        }
        let targets = file.targets.unwrap_or_else(|| DEFAULT_TARGETS.to_vec());
        if let Some(t) = targets.iter().find(|t| !(**t > 0.0 && **t <= 1.0)) {
            return Err(format!("targets: {t} is not a share in (0, 1]"));
        }
        let mut interventions = Vec::new();
        for (i, x) in file.interventions.iter().enumerate() {
            let at = format!("intervention {} (`{}`)", i + 1, x.name);
            interventions.push(Intervention {
                name: x.name.clone(),
                kind: InterventionKind::parse(&x.kind).ok_or_else(|| {
                    format!(
                        "{at}: kind `{}` is not one of training, communication, workshop, feature launch",
                        x.kind
                    )
                })?,
                date: x.date.to_date(&format!("{at}: date"))?,
                audience: match &x.audience {
                    Some(a) => Filter::parse(a).map_err(|e| format!("{at}: audience: {e}"))?,
                    None => Filter::everyone(),
                },
            });
        }
        let wave_names: Vec<String> = waves.iter().map(|w| w.name.clone()).collect();
        let objectives = match file.objectives {
            Some(o) => parse_objectives(o, &wave_names)?,
            None => Objectives::default(),
        };
        let partners = parse_partners(&file.partners)?;
        let tool_families = match file.tool_families {
            Some(table) => ToolFamilies::parse(table)?,
            None => ToolFamilies::default(),
        };
        Ok(Plan {
            t0,
            waves,
            checkpoints,
            targets,
            interventions,
            objectives,
            partners,
            tool_families,
        })
    }

    /// Checks every filter's columns against the roster.
    pub fn check_columns(&self, roster: &Roster) -> Result<()> {
        let filters = self
            .waves
            .iter()
            .map(|w| (format!("wave `{}`", w.name), &w.members))
            .chain(
                self.interventions
                    .iter()
                    .map(|x| (format!("intervention `{}`", x.name), &x.audience)),
            )
            .chain(
                self.objectives
                    .targets
                    .iter()
                    .map(|t| (format!("objective `{}`: segment", t.name), &t.segment)),
            );
        for (what, filter) in filters {
            filter
                .check_columns(roster)
                .map_err(|e| Error::Invalid(format!("plan: {what}: {e}")))?;
        }
        Ok(())
    }

    /// Index into [`Plan::waves`] of each roster person, in roster order.
    pub fn assign(&self, roster: &Roster) -> Vec<usize> {
        roster
            .people
            .iter()
            .map(|p| self.wave_of(p, roster))
            .collect()
    }

    /// Index into [`Plan::waves`] of one person's wave.
    pub fn wave_of(&self, person: &Person, roster: &Roster) -> usize {
        self.waves
            .iter()
            .position(|w| w.members.matches(person, roster))
            .unwrap_or(self.waves.len() - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = r#"
t0 = 2026-02-02
targets = [0.6]

[[wave]]
name = "pilot"
start = 2026-01-05
members = "pilot = true"

[[wave]]
name = "sales"
start = "2026-03-02"
members = 'department in ["Sales", "Finance"] and profile != "field"'

[[intervention]]
name = "Training"
kind = "feature-launch"
date = 2026-03-09
audience = 'wave = "w2"'
"#;

    #[test]
    fn reads_waves_defaults_and_interventions() {
        let plan = Plan::parse(PLAN).unwrap();
        assert_eq!(plan.t0.to_string(), "2026-02-02");
        let names: Vec<&str> = plan.waves.iter().map(|w| w.name.as_str()).collect();
        assert_eq!(names, ["pilot", "sales", ROLLOUT_WAVE]);
        assert_eq!(plan.waves[1].start.to_string(), "2026-03-02");
        assert_eq!(plan.waves[2].start, plan.t0);
        assert_eq!(plan.checkpoints, [30, 90, 180]);
        assert_eq!(plan.targets, [0.6]);
        assert_eq!(plan.interventions[0].kind, InterventionKind::FeatureLaunch);
    }

    #[test]
    fn errors_name_the_entry_and_field() {
        let bad_date = PLAN.replace("\"2026-03-02\"", "\"March\"");
        let e = Plan::parse(&bad_date).unwrap_err();
        assert!(e.contains("wave 2 (`sales`): start"), "{e}");
        let bad_kind = PLAN.replace("feature-launch", "party");
        let e = Plan::parse(&bad_kind).unwrap_err();
        assert!(
            e.contains("intervention 1 (`Training`): kind `party`"),
            "{e}"
        );
        let bad_filter = PLAN.replace("pilot = true", "pilot ~ true");
        let e = Plan::parse(&bad_filter).unwrap_err();
        assert!(e.contains("wave 1 (`pilot`): members"), "{e}");
        let e = Plan::parse("t0 = 2026-01-01\ntargets = [80]").unwrap_err();
        assert!(e.contains("targets: 80"), "{e}");
    }

    #[test]
    fn partners_and_their_mistakes() {
        let plan = Plan::parse(
            "t0 = 2026-01-01\n[[partner]]\nname = \"Durand\"\ndomains = [\"@Durand.example\", \"durand-conseil.example\"]\nexpected = 8\ntarget = 0.5\nby = 2026-06-30\n",
        )
        .unwrap();
        let p = &plan.partners[0];
        assert_eq!(p.domains, ["durand.example", "durand-conseil.example"]);
        assert_eq!((p.expected, p.target), (Some(8), Some(0.5)));
        assert_eq!(p.by.unwrap().to_string(), "2026-06-30");
        let e = Plan::parse(
            "t0 = 2026-01-01\n[[partner]]\nname = \"A\"\ndomains = [\"a.example\"]\n[[partner]]\nname = \"B\"\ndomains = [\"A.example\"]\n",
        )
        .unwrap_err();
        assert!(
            e.contains("partner 2 (`B`): domains: `a.example` is already partner `A`'s"),
            "{e}"
        );
        let e = Plan::parse(
            "t0 = 2026-01-01\n[[partner]]\nname = \"A\"\ndomains = [\"a.example\"]\ntarget = 0.5\n",
        )
        .unwrap_err();
        assert!(
            e.contains("partner 1 (`A`): target is a share of `expected` people"),
            "{e}"
        );
        let e = Plan::parse(
            "t0 = 2026-01-01\n[[partner]]\nname = \"A\"\ndomains = [\"someone@a.example\"]\n",
        )
        .unwrap_err();
        assert!(e.contains("is not an e-mail domain"), "{e}");
    }
}
