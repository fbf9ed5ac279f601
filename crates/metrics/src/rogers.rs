//! Rogers' adopter categories: a wave's eligible people ranked by time to activation
//! from the wave's start, cut at 2.5 %, 16 %, 50 % and 84 % of its eligible head-count.

use std::collections::HashMap;

use uptake_store::Roster;

use crate::calendar::{Day, date_of};
use crate::plan::Plan;
use crate::population::Member;
use crate::table::{Table, Value, withhold};
use crate::waves::{WaveGroup, first_active, wave_groups};

/// A person's adopter category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Adopter {
    Innovator,
    EarlyAdopter,
    EarlyMajority,
    LateMajority,
    Laggard,
    /// Eligible, not activated yet: still in the denominator.
    NotYet,
}

impl Adopter {
    pub const ALL: [Adopter; 6] = [
        Adopter::Innovator,
        Adopter::EarlyAdopter,
        Adopter::EarlyMajority,
        Adopter::LateMajority,
        Adopter::Laggard,
        Adopter::NotYet,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Adopter::Innovator => "innovator",
            Adopter::EarlyAdopter => "early adopter",
            Adopter::EarlyMajority => "early majority",
            Adopter::LateMajority => "late majority",
            Adopter::Laggard => "laggard",
            Adopter::NotYet => "not yet adopted",
        }
    }

    /// The category of the `rank`-th adopter (1-based) among `eligible` people.
    pub fn of_rank(rank: u64, eligible: u64) -> Adopter {
        // Integer comparisons: rank <= 2.5 % of eligible, and so on, without rounding.
        if rank * 1000 <= 25 * eligible {
            Adopter::Innovator
        } else if rank * 100 <= 16 * eligible {
            Adopter::EarlyAdopter
        } else if rank * 2 <= eligible {
            Adopter::EarlyMajority
        } else if rank * 100 <= 84 * eligible {
            Adopter::LateMajority
        } else {
            Adopter::Laggard
        }
    }
}

/// The category of each of `members` (in order) at `as_of`, `None` for people not
/// eligible then. People activated on the same day share the rank of the first of them
/// (so a tie never splits across categories); activation before the wave's start counts
/// as day 0.
pub fn adopter_categories(members: &[&Member<'_>], as_of: Day) -> Vec<Option<Adopter>> {
    let eligible = members.iter().filter(|m| m.eligible_on(as_of)).count() as u64;
    let mut firsts: Vec<Day> = members
        .iter()
        .filter(|m| m.eligible_on(as_of))
        .filter_map(|m| first_active(m, as_of))
        .collect();
    firsts.sort_unstable();
    members
        .iter()
        .map(|m| {
            if !m.eligible_on(as_of) {
                return None;
            }
            Some(match first_active(m, as_of) {
                None => Adopter::NotYet,
                Some(d) => {
                    let earlier = firsts.partition_point(|x| *x < d) as u64;
                    Adopter::of_rank(earlier + 1, eligible)
                }
            })
        })
        .collect()
}

pub const ROGERS_COLUMNS: &[&str] = &[
    "wave",
    "segment",
    "category",
    "people",
    "share",
    "cumulative_share",
    "first_day",
    "last_day",
];

pub const ROGERS_PEOPLE_COLUMNS: &[&str] = &[
    "person",
    "name",
    "department",
    "wave",
    "category",
    "first_active",
    "days_from_wave_start",
];

/// Per group and category: how many people, their share of the eligible head-count, and
/// the range of days from the wave's start to their activation; withheld for a group of
/// fewer than `min_group` people eligible at `as_of`.
pub fn rogers_table(groups: &[WaveGroup<'_, '_>], as_of: Day, min_group: usize) -> Table {
    let mut t = Table::new(ROGERS_COLUMNS);
    for g in groups {
        let small = g.eligible_at(as_of) < min_group;
        let categories = adopter_categories(&g.members, as_of);
        let eligible = categories.iter().flatten().count() as u64;
        let mut cumulative = 0;
        for c in Adopter::ALL {
            let days: Vec<i64> = g
                .members
                .iter()
                .zip(&categories)
                .filter(|(_, x)| **x == Some(c))
                .filter_map(|(m, _)| first_active(m, as_of))
                .map(|d| i64::from((d - g.start()).max(0)))
                .collect();
            let people = categories.iter().filter(|x| **x == Some(c)).count() as u64;
            cumulative += people;
            let mut row = vec![
                Value::Text(g.wave.name.clone()),
                Value::Text(g.segment.clone()),
                Value::Text(c.as_str().into()),
                Value::Int(people as i64),
                Value::ratio(people, eligible),
                Value::ratio(cumulative, eligible),
                Value::opt_int(days.iter().min().copied()),
                Value::opt_int(days.iter().max().copied()),
            ];
            if small {
                withhold(&mut row, 3);
            }
            t.push(row);
        }
    }
    t
}

/// One row per eligible person: wave, category, first active day.
pub fn rogers_people(groups: &[WaveGroup<'_, '_>], as_of: Day) -> Table {
    let mut t = Table::new(ROGERS_PEOPLE_COLUMNS);
    for g in groups.iter().filter(|g| g.segment == "all") {
        for (m, c) in g.members.iter().zip(adopter_categories(&g.members, as_of)) {
            let Some(c) = c else { continue };
            let first = first_active(m, as_of);
            let p = m.person;
            let text = |v: &Option<String>| v.clone().map_or(Value::Null, Value::Text);
            t.push(vec![
                Value::Text(p.person.clone()),
                text(&p.name),
                text(&p.department),
                Value::Text(g.wave.name.clone()),
                Value::Text(c.as_str().into()),
                first.map_or(Value::Null, |d| Value::Date(date_of(d))),
                Value::opt_int(first.map(|d| i64::from((d - g.start()).max(0)))),
            ]);
        }
    }
    t
}

/// Each eligible person's category in their wave at `as_of`, by person key: the
/// `rogers` column `--by` and the ghost list can use.
pub fn adopter_category_by_person(
    plan: &Plan,
    roster: &Roster,
    members: &[Member<'_>],
    as_of: Day,
) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for g in wave_groups(plan, roster, members, false) {
        for (m, c) in g.members.iter().zip(adopter_categories(&g.members, as_of)) {
            if let Some(c) = c {
                out.insert(m.person.person.clone(), c.as_str().to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::ActiveDay;
    use uptake_store::Person;

    /// Categories at day 200 of people first active on the given days (None: never);
    /// people marked `left` were deactivated on day 150.
    fn categories(firsts: &[(Option<Day>, bool)]) -> Vec<Option<Adopter>> {
        let people: Vec<Person> = (0..firsts.len())
            .map(|i| Person {
                person: format!("p{i:02}"),
                ..Person::default()
            })
            .collect();
        let days: Vec<Vec<ActiveDay>> = firsts
            .iter()
            .map(|(d, _)| {
                d.map(|day| ActiveDay {
                    day,
                    events: 1,
                    categories: 1,
                })
                .into_iter()
                .collect()
            })
            .collect();
        let members: Vec<Member> = people
            .iter()
            .zip(&days)
            .zip(firsts)
            .map(|((p, d), (_, left))| Member {
                person: p,
                registered: 0,
                deactivated: left.then_some(150),
                days: d,
                segment: "all".into(),
            })
            .collect();
        let refs: Vec<&Member> = members.iter().collect();
        adopter_categories(&refs, 200)
    }

    #[test]
    fn cut_points_on_a_hand_made_wave() {
        // 40 eligible: 2.5 % = 1, 16 % = 6.4, 50 % = 20, 84 % = 33.6 people.
        // 36 activate on days 100..135 (one a day), 4 never and fill "not yet"; two
        // more left before as-of: not eligible, not in the head-count.
        let mut firsts: Vec<(Option<Day>, bool)> =
            (0..36).map(|i| (Some(100 + i), false)).collect();
        firsts.extend([(None, false); 4]);
        firsts.extend([(Some(90), true), (None, true)]);
        let got = categories(&firsts);
        let count = |c: Adopter| got.iter().filter(|x| **x == Some(c)).count();
        assert_eq!(count(Adopter::Innovator), 1); // rank 1 <= 1
        assert_eq!(count(Adopter::EarlyAdopter), 5); // ranks 2..6 <= 6.4
        assert_eq!(count(Adopter::EarlyMajority), 14); // ranks 7..20
        assert_eq!(count(Adopter::LateMajority), 13); // ranks 21..33 <= 33.6
        assert_eq!(count(Adopter::Laggard), 3); // ranks 34..36
        assert_eq!(count(Adopter::NotYet), 4);
        assert_eq!(got[40], None);
        assert_eq!(got[41], None);
        assert_eq!(got[6], Some(Adopter::EarlyMajority));
    }

    #[test]
    fn ties_share_the_earlier_category() {
        // 10 eligible: 2.5 % = 0.25, 16 % = 1.6, 50 % = 5, 84 % = 8.4. Three tied on
        // day 100 all take rank 1 (early adopter); the next takes rank 4.
        let mut firsts = vec![(Some(100), false); 3];
        firsts.extend([(Some(101), false), (Some(102), false), (Some(103), false)]);
        firsts.extend([(Some(104), false), (Some(105), false), (Some(106), false)]);
        firsts.push((None, false));
        let got: Vec<Adopter> = categories(&firsts).into_iter().flatten().collect();
        use Adopter::*;
        assert_eq!(
            got,
            [
                EarlyAdopter,
                EarlyAdopter,
                EarlyAdopter,
                EarlyMajority,
                EarlyMajority,
                LateMajority,
                LateMajority,
                LateMajority,
                Laggard,
                NotYet
            ]
        );
    }
}
