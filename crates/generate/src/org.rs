//! The organisation: who works where, under whom, and when each wave starts.

use std::collections::HashSet;

use rand::Rng;
use rand::seq::IndexedRandom;
use rand_chacha::ChaCha8Rng;

use crate::names::{GIVEN, SURNAMES, email_local};

pub const DOMAIN: &str = "acme.example";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Office,
    Field,
    Technical,
}

impl Profile {
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Office => "office",
            Profile::Field => "field",
            Profile::Technical => "technical",
        }
    }
}

/// A department: its share of the head-count, how digitally at ease it is, and its wave.
pub struct Department {
    pub name: &'static str,
    weight: f64,
    pub maturity: f64,
    field_share: f64,
    technical_share: f64,
    /// Index into [`WAVES`].
    pub wave: usize,
}

pub const DEPARTMENTS: &[Department] = &[
    Department {
        name: "Direction",
        weight: 0.03,
        maturity: 1.0,
        field_share: 0.0,
        technical_share: 0.0,
        wave: 1,
    },
    Department {
        name: "IT",
        weight: 0.08,
        maturity: 1.6,
        field_share: 0.0,
        technical_share: 0.8,
        wave: 1,
    },
    Department {
        name: "R&D",
        weight: 0.09,
        maturity: 1.4,
        field_share: 0.0,
        technical_share: 0.7,
        wave: 1,
    },
    Department {
        name: "Marketing",
        weight: 0.07,
        maturity: 1.3,
        field_share: 0.0,
        technical_share: 0.0,
        wave: 1,
    },
    Department {
        name: "Sales",
        weight: 0.17,
        maturity: 1.0,
        field_share: 0.15,
        technical_share: 0.0,
        wave: 2,
    },
    Department {
        name: "Finance",
        weight: 0.06,
        maturity: 0.8,
        field_share: 0.0,
        technical_share: 0.0,
        wave: 2,
    },
    Department {
        name: "HR",
        weight: 0.04,
        maturity: 0.9,
        field_share: 0.0,
        technical_share: 0.0,
        wave: 2,
    },
    Department {
        name: "Customer Service",
        weight: 0.14,
        maturity: 0.9,
        field_share: 0.2,
        technical_share: 0.0,
        wave: 3,
    },
    Department {
        name: "Operations",
        weight: 0.32,
        maturity: 0.6,
        field_share: 0.7,
        technical_share: 0.0,
        wave: 3,
    },
];

/// Waves: name and start, in days after the pilot's start. Field teams are out of the
/// initial scope and get accounts last.
pub const WAVES: &[(&str, i64)] = &[
    ("pilot", 0),
    ("wave-1", 28),
    ("wave-2", 70),
    ("wave-3", 112),
    ("field", 178),
];
pub const FIELD_WAVE: usize = 4;
/// The roll-out start (`t0`), in days after the pilot's start.
pub const T0: i64 = 28;

const SITES: &[(&str, f64)] = &[
    ("Paris", 0.40),
    ("Lyon", 0.20),
    ("Lille", 0.15),
    ("Bordeaux", 0.15),
    ("Nantes", 0.10),
];

pub struct Member {
    pub email: String,
    pub name: String,
    pub dept: usize,
    /// The team whose activity influences this person (index into `Org::teams`).
    pub team: usize,
    pub role: &'static str,
    pub profile: Profile,
    pub manager: Option<usize>,
    pub ambassador: bool,
    pub pilot: bool,
    /// Index into [`WAVES`].
    pub wave: usize,
    /// Day of hire relative to the start (negative for people hired before).
    pub hired_day: i64,
    /// Day the account is provisioned, as the roster records it.
    pub registered_day: i64,
    /// First day the person may use the tools (a few start before their licence is recorded).
    pub usable_day: i64,
    pub leave_day: Option<i64>,
    /// Never adopts whatever happens (hidden from the roster).
    pub never: bool,
}

pub struct Team {
    pub name: String,
    pub site: &'static str,
    pub members: Vec<usize>,
}

pub struct Org {
    pub people: Vec<Member>,
    pub teams: Vec<Team>,
}

fn pick_site(rng: &mut ChaCha8Rng) -> &'static str {
    let mut x: f64 = rng.random();
    for (site, w) in SITES {
        if x < *w {
            return site;
        }
        x -= w;
    }
    SITES[0].0
}

/// Splits `n` people among departments by weight (largest remainder), the first
/// person of Direction being the chief executive.
fn department_sizes(n: usize) -> Vec<usize> {
    let raw: Vec<f64> = DEPARTMENTS.iter().map(|d| d.weight * n as f64).collect();
    let mut sizes: Vec<usize> = raw.iter().map(|x| x.floor() as usize).collect();
    let mut order: Vec<usize> = (0..raw.len()).collect();
    order.sort_by(|&a, &b| (raw[b] - raw[b].floor()).total_cmp(&(raw[a] - raw[a].floor())));
    let mut left = n - sizes.iter().sum::<usize>();
    for i in order.into_iter().cycle() {
        if left == 0 {
            break;
        }
        sizes[i] += 1;
        left -= 1;
    }
    if sizes[0] == 0 {
        // The chief executive sits in Direction whatever the head-count.
        if let Some(i) = sizes.iter().rposition(|&s| s > 0) {
            sizes[i] -= 1;
            sizes[0] = 1;
        }
    }
    sizes
}

impl Org {
    pub fn build(n: usize, days: i64, rng: &mut ChaCha8Rng) -> Org {
        let sizes = department_sizes(n);
        let mut people: Vec<Member> = Vec::with_capacity(n);
        let mut teams: Vec<Team> = Vec::new();
        let mut emails = HashSet::new();
        let mut new_member = |dept: usize,
                              role: &'static str,
                              profile: Profile,
                              team: usize,
                              manager: Option<usize>,
                              rng: &mut ChaCha8Rng| {
            let given = *GIVEN.choose(rng).unwrap_or(&"Alex");
            let surname = *SURNAMES.choose(rng).unwrap_or(&"Martin");
            let local = email_local(given, surname);
            let mut email = format!("{local}@{DOMAIN}");
            let mut k = 2;
            while !emails.insert(email.clone()) {
                email = format!("{local}{k}@{DOMAIN}");
                k += 1;
            }
            Member {
                email,
                name: format!("{given} {surname}"),
                dept,
                team,
                role,
                profile,
                manager,
                ambassador: false,
                pilot: false,
                wave: DEPARTMENTS[dept].wave,
                hired_day: 0,
                registered_day: 0,
                usable_day: 0,
                leave_day: None,
                never: false,
            }
        };

        for (d, &size) in sizes.iter().enumerate() {
            if size == 0 {
                continue;
            }
            let dept = &DEPARTMENTS[d];
            let mut left = size;
            // The department's leadership: the chief executive for Direction, else a head
            // reporting to the chief executive; their team is the department's leads.
            let leads = teams.len();
            teams.push(Team {
                name: format!("{}-leads", dept.name),
                site: "Paris",
                members: vec![],
            });
            let head = people.len();
            let (role, manager) = if d == 0 {
                ("executive", None)
            } else {
                ("head", Some(0))
            };
            people.push(new_member(d, role, Profile::Office, leads, manager, rng));
            teams[leads].members.push(head);
            left -= 1;
            while left > 0 {
                let mut size = rng.random_range(7..=11).min(left);
                if left - size < 3 {
                    size = left;
                }
                left -= size;
                let t = teams.len();
                let profile = if rng.random::<f64>() < dept.field_share {
                    Profile::Field
                } else if rng.random::<f64>() < dept.technical_share {
                    Profile::Technical
                } else {
                    Profile::Office
                };
                teams.push(Team {
                    name: format!("{}-{:02}", dept.name, t - leads),
                    site: pick_site(rng),
                    members: vec![],
                });
                let lead = people.len();
                if d == 0 {
                    // Direction staff report to the chief executive directly.
                    for _ in 0..size {
                        let i = people.len();
                        people.push(new_member(
                            d,
                            "employee",
                            Profile::Office,
                            leads,
                            Some(head),
                            rng,
                        ));
                        teams[leads].members.push(i);
                    }
                    teams.pop();
                    continue;
                }
                people.push(new_member(d, "manager", profile, t, Some(head), rng));
                teams[t].members.push(lead);
                teams[leads].members.push(lead);
                for _ in 1..size {
                    let i = people.len();
                    people.push(new_member(d, "employee", profile, t, Some(lead), rng));
                    teams[t].members.push(i);
                }
            }
        }

        // Ambassadors: about one team in two has one, fewer in the field.
        for t in &teams {
            let Some(&first) = t.members.first() else {
                continue;
            };
            if t.name.ends_with("-leads") || t.members.len() < 3 {
                continue;
            }
            let p = if people[first].profile == Profile::Field {
                0.2
            } else {
                0.5
            };
            if rng.random::<f64>() < p
                && let Some(&a) = t.members[1..].choose(rng)
            {
                people[a].ambassador = true;
            }
        }

        for (i, m) in people.iter_mut().enumerate() {
            let dept = &DEPARTMENTS[m.dept];
            if m.profile == Profile::Field {
                m.wave = FIELD_WAVE;
            }
            m.pilot = m.profile != Profile::Field
                && ((m.ambassador && rng.random::<f64>() < 0.6)
                    || rng.random::<f64>() < 0.02 * dept.maturity);
            if m.pilot {
                m.wave = 0;
            }
            let never_p = match (m.profile, m.role) {
                (_, "executive" | "head") => 0.05,
                (Profile::Field, _) => 0.35,
                (Profile::Technical, _) => 0.07,
                (Profile::Office, "manager") => 0.10,
                (Profile::Office, _) => 0.15,
            };
            m.never = !m.ambassador && rng.random::<f64>() < never_p;
            m.hired_day = if rng.random::<f64>() < 0.07 && i > 0 {
                rng.random_range(0..days.max(1))
            } else {
                -rng.random_range(60..9000)
            };
            let wave_start = WAVES[m.wave].1;
            let lead_time = if m.pilot { 0 } else { rng.random_range(0..=5) };
            m.registered_day = (wave_start - lead_time).max(m.hired_day + rng.random_range(0..=7));
            m.usable_day = if rng.random::<f64>() < 0.01 {
                (m.registered_day - rng.random_range(1..=10)).max(m.hired_day)
            } else {
                m.registered_day
            };
            if i > 0 && rng.random::<f64>() < 0.05 {
                let earliest = m.registered_day.max(m.hired_day) + 30;
                if earliest < days {
                    m.leave_day = Some(rng.random_range(earliest..days.max(earliest + 1)));
                }
            }
        }
        Org { people, teams }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn sizes_add_up_and_direction_has_the_ceo() {
        for n in [1, 2, 7, 100, 333, 10_000] {
            let s = department_sizes(n);
            assert_eq!(s.iter().sum::<usize>(), n, "n={n}");
            assert!(s[0] >= 1, "n={n}");
        }
    }

    #[test]
    fn hierarchy_is_a_tree_rooted_at_the_ceo() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let org = Org::build(500, 270, &mut rng);
        assert_eq!(org.people.len(), 500);
        assert!(org.people[0].manager.is_none());
        for (i, p) in org.people.iter().enumerate().skip(1) {
            // Walk up: must reach the CEO in a few steps, never loop.
            let mut cur = i;
            let mut steps = 0;
            while let Some(m) = org.people[cur].manager {
                cur = m;
                steps += 1;
                assert!(steps < 5, "cycle above {}", p.email);
            }
            assert_eq!(cur, 0);
        }
        let emails: HashSet<_> = org.people.iter().map(|p| &p.email).collect();
        assert_eq!(emails.len(), 500);
        let ambassadors = org.people.iter().filter(|p| p.ambassador).count();
        assert!(
            (10..=45).contains(&ambassadors),
            "{ambassadors} ambassadors"
        );
    }
}
