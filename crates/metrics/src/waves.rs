//! The plan's waves as groups of members, split by `--by` segment.

use std::collections::BTreeMap;

use uptake_store::Roster;

use crate::calendar::{Day, day_of};
use crate::plan::{Plan, Wave};
use crate::population::Member;

/// The members of one wave, or of one segment of it.
#[derive(Debug)]
pub struct WaveGroup<'m, 'a> {
    pub wave: &'m Wave,
    /// `all`, or the `--by` segment.
    pub segment: String,
    pub members: Vec<&'m Member<'a>>,
}

impl WaveGroup<'_, '_> {
    pub fn start(&self) -> Day {
        day_of(self.wave.start)
    }

    /// The group's people eligible at `as_of`: its size for k (`min_group`), under
    /// which its figures are withheld.
    pub fn eligible_at(&self, as_of: Day) -> usize {
        self.members.iter().filter(|m| m.eligible_on(as_of)).count()
    }
}

/// Each wave's members in plan order (waves nobody belongs to are left out); when
/// `segmented`, one group per segment of each wave, then the wave's `all`.
pub fn wave_groups<'m, 'a>(
    plan: &'m Plan,
    roster: &Roster,
    members: &'m [Member<'a>],
    segmented: bool,
) -> Vec<WaveGroup<'m, 'a>> {
    let mut per_wave: Vec<Vec<&'m Member<'a>>> = vec![Vec::new(); plan.waves.len()];
    for m in members {
        per_wave[plan.wave_of(m.person, roster)].push(m);
    }
    let mut groups = Vec::new();
    for (wave, people) in plan.waves.iter().zip(per_wave) {
        if people.is_empty() {
            continue;
        }
        if segmented {
            let mut segments: BTreeMap<&str, Vec<&'m Member<'a>>> = BTreeMap::new();
            for m in &people {
                segments.entry(m.segment.as_str()).or_default().push(m);
            }
            for (segment, members) in segments {
                groups.push(WaveGroup {
                    wave,
                    segment: segment.to_string(),
                    members,
                });
            }
        }
        groups.push(WaveGroup {
            wave,
            segment: "all".into(),
            members: people,
        });
    }
    groups
}

/// A member's first active day, if any by `as_of`.
pub fn first_active(m: &Member<'_>, as_of: Day) -> Option<Day> {
    m.days.first().map(|d| d.day).filter(|d| *d <= as_of)
}
