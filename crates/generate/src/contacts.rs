//! Whom people address (the person a reply or a comment is for), which messaging tool
//! they use, and the partners' guests. All of it is drawn from a random stream of its
//! own, so that the adoption simulation (who starts when, how many events a day) is the
//! same with or without it.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::names::{GIVEN, SURNAMES, email_local};
use crate::org::{Org, T0};

/// The departments each department works with (indices into `DEPARTMENTS`: Direction,
/// IT, R&D, Marketing, Sales, Finance, HR, Customer Service, Operations). Pairs listed
/// nowhere never meet, as silos do: Marketing and Operations, Finance and R&D...
const AFFINITY: [&[usize]; 9] = [
    &[1, 4, 5, 6],
    &[0, 2, 5, 6],
    &[1, 3, 7],
    &[2, 4],
    &[0, 3, 5, 7],
    &[0, 4, 6],
    &[0, 1, 5, 8],
    &[2, 4, 8],
    &[6, 7],
];

/// IT, R&D and Marketing kept the Slack workspace they had before the roll-out: most of
/// their people, and a few others (shared channels), still send this share of their
/// messages there, so that messaging has two tools.
const SLACK_DEPARTMENTS: &[usize] = &[1, 2, 3];
const ON_SLACK: f64 = 0.85;
const ON_SLACK_ELSEWHERE: f64 = 0.08;
const SLACK_SHARE: f64 = 0.45;

/// Share of replies addressed to another department at the roll-out, and how much it
/// grows over the following 180 days as people learn to work across the organisation.
const CROSS_AT_T0: f64 = 0.06;
const CROSS_GROWTH: f64 = 0.16;
/// Share addressed to someone of one's own department outside one's team.
const OWN_DEPARTMENT: f64 = 0.25;

/// The partner organisations whose people join the Slack workspace as guests: domain,
/// first day, guests, and the departments they work with.
pub const PARTNERS: &[(&str, i64, usize, &[usize])] = &[
    ("conseil-agile.example", T0 - 14, 6, &[0, 1, 3, 6]),
    ("transports-durand.example", T0 + 60, 4, &[7, 8]),
];

/// A partner's guest: not on the roster, active on working days from `start`.
pub struct Guest {
    pub email: String,
    pub partner: usize,
    pub start: i64,
}

pub struct Contacts {
    rng: ChaCha8Rng,
    teams: Vec<Vec<usize>>,
    departments: Vec<Vec<usize>>,
    /// Who still uses Slack.
    on_slack: Vec<bool>,
}

impl Contacts {
    pub fn new(org: &Org, seed: u64) -> Contacts {
        let mut teams = vec![Vec::new(); org.teams.len()];
        let mut departments = vec![Vec::new(); AFFINITY.len()];
        for (i, p) in org.people.iter().enumerate() {
            teams[p.team].push(i);
            departments[p.dept].push(i);
        }
        // A fixed offset keeps this stream apart from the simulation's.
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xC011_AB0E);
        let on_slack = org
            .people
            .iter()
            .map(|p| {
                let share = if SLACK_DEPARTMENTS.contains(&p.dept) {
                    ON_SLACK
                } else {
                    ON_SLACK_ELSEWHERE
                };
                rng.random::<f64>() < share
            })
            .collect();
        Contacts {
            rng,
            teams,
            departments,
            on_slack,
        }
    }

    /// `slack` or `teams` for one messaging event of person `i`.
    pub fn messaging_tool(&mut self, i: usize) -> &'static str {
        if self.on_slack[i] && self.rng.random::<f64>() < SLACK_SHARE {
            "slack"
        } else {
            "teams"
        }
    }

    /// Whom person `i` of `org` addresses on day `d`: a teammate mostly, someone else in
    /// the department sometimes, another department (one it works with) more and more
    /// after the roll-out; only someone `reachable` (present and using the tools), never
    /// `i`. `None` when a few tries find nobody.
    pub fn counterpart(
        &mut self,
        org: &Org,
        i: usize,
        d: i64,
        reachable: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        let p = &org.people[i];
        let since = ((d - T0).max(0) as f64 / 180.0).min(1.0);
        let cross = CROSS_AT_T0 + CROSS_GROWTH * since;
        let x: f64 = self.rng.random();
        let pool: &[usize] = if x < cross {
            let partners = AFFINITY[p.dept % AFFINITY.len()];
            &self.departments[partners[self.rng.random_range(0..partners.len())]]
        } else if x < cross + OWN_DEPARTMENT {
            &self.departments[p.dept]
        } else {
            &self.teams[p.team]
        };
        for _ in 0..6 {
            if pool.is_empty() {
                return None;
            }
            let j = pool[self.rng.random_range(0..pool.len())];
            if j != i && reachable(j) {
                return Some(j);
            }
        }
        None
    }

    /// The guests of [`PARTNERS`], with made-up names at their domain.
    pub fn guests(&mut self) -> Vec<Guest> {
        let mut out = Vec::new();
        for (k, (domain, start, n, _)) in PARTNERS.iter().enumerate() {
            for _ in 0..*n {
                let given = GIVEN[self.rng.random_range(0..GIVEN.len())];
                let surname = SURNAMES[self.rng.random_range(0..SURNAMES.len())];
                let mut email = format!("{}@{domain}", email_local(given, surname));
                while out.iter().any(|g: &Guest| g.email == email) {
                    email = format!("{}{}@{domain}", email_local(given, surname), out.len());
                }
                out.push(Guest {
                    email,
                    partner: k,
                    start: *start,
                });
            }
        }
        out
    }

    /// A guest's events on a working day: none, or 1 to 3, each a post or (40 %) a
    /// reply to someone `reachable` of a department the partner works with.
    pub fn guest_day(
        &mut self,
        guest: &Guest,
        reachable: impl Fn(usize) -> bool,
    ) -> Vec<Option<usize>> {
        if self.rng.random::<f64>() >= 0.5 {
            return vec![];
        }
        let n = self.rng.random_range(1..=3);
        let depts = PARTNERS[guest.partner].3;
        (0..n)
            .map(|_| {
                if self.rng.random::<f64>() >= 0.4 {
                    return None;
                }
                let pool = &self.departments[depts[self.rng.random_range(0..depts.len())]];
                (0..6)
                    .filter_map(|_| {
                        let j = *pool.get(self.rng.random_range(0..pool.len().max(1)))?;
                        reachable(j).then_some(j)
                    })
                    .next()
            })
            .collect()
    }

    /// Seconds into a working day, for a guest's event.
    pub fn working_second(&mut self) -> i64 {
        self.rng.random_range(8 * 3600..18 * 3600)
    }
}
