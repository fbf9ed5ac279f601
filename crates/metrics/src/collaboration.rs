//! `collaboration`: the interaction graph between people (a reply to someone, a mention,
//! a reaction to their message, adding them to a card), aggregated by department or any
//! roster column: how much of it crosses groups, which groups never meet, who bridges
//! them, and how that changed since the roll-out. Tools that record no interactions
//! (the Microsoft 365 audit log, usage reports) do not appear here.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use polars::prelude::*;
use uptake_store::Store;

use crate::calendar::{Day, date_of};
use crate::population::Member;
use crate::status::Windows;
use crate::table::{Table, Value};
use crate::{Error, Result};

pub const COLLABORATION_COLUMNS: &[&str] = &[
    "group",
    "people",
    "interacting",
    "interactions",
    "cross_group",
    "cross_share",
    "first_cross_share",
    "outside_roster",
    "groups_reached",
    "never_with",
    "bridges",
];

pub const COLLABORATION_MATRIX_COLUMNS: &[&str] = &["from", "to", "interactions", "share_of_from"];

pub const BRIDGE_COLUMNS: &[&str] = &[
    "person",
    "group",
    "groups_reached",
    "cross_group",
    "interactions",
    "reached",
];

pub const COLLABORATION_CURVE_COLUMNS: &[&str] = &[
    "window_end",
    "interactions",
    "interacting",
    "cross_group",
    "cross_share",
    "groups",
    "isolated_pairs",
];

/// The group of people the roster does not know (partners, guests, unresolved accounts).
pub const OUTSIDE_ROSTER: &str = "(not on the roster)";

/// The row over every group.
pub const ALL_GROUPS: &str = "all";

/// One edge of the interaction graph: `person` addressed `counterpart` on `day`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interaction {
    pub person: String,
    pub counterpart: String,
    pub day: Day,
    pub tool: String,
}

/// The stored interactions in `[from, to]` (days in `tz`, else UTC), both ends resolved
/// through the identity map; an action addressed to its own author is left out.
pub fn load_interactions(
    store: &Store,
    tz: Option<&str>,
    from: Day,
    to: Day,
) -> Result<Vec<Interaction>> {
    let Some(events) = store.scan_events()? else {
        return Ok(vec![]);
    };
    let date = match tz {
        None => col("date"),
        Some(tz) => crate::rollup::date_in_zone(tz)?,
    };
    let err = || Error::polars("load of the interactions");
    let df = events
        .filter(col("counterparts").is_not_null())
        .select([
            col("person"),
            col("tool"),
            col("counterparts"),
            date.cast(DataType::Int32).alias("day"),
        ])
        .filter(col("day").gt_eq(lit(from)).and(col("day").lt_eq(lit(to))))
        .collect()
        .map_err(err())?;
    let identities = store.read_identities()?;
    let person = df.column("person").map_err(err())?.str().map_err(err())?;
    let tool = df.column("tool").map_err(err())?.str().map_err(err())?;
    let day = df.column("day").map_err(err())?.i32().map_err(err())?;
    let counterparts = df
        .column("counterparts")
        .map_err(err())?
        .list()
        .map_err(err())?;
    let mut out = Vec::new();
    for (((p, t), d), c) in person
        .iter()
        .zip(tool.iter())
        .zip(day.iter())
        .zip(counterparts.amortized_iter())
    {
        let (Some(p), Some(t), Some(d), Some(c)) = (p, t, d, c) else {
            continue;
        };
        let p = identities.resolve(p);
        for other in c.as_ref().str().map_err(err())?.iter().flatten() {
            let other = identities.resolve(other);
            if other != p {
                out.push(Interaction {
                    person: p.to_string(),
                    counterpart: other.to_string(),
                    day: d,
                    tool: t.to_string(),
                });
            }
        }
    }
    Ok(out)
}

/// The interactions from the roll-out (the plan's first wave; all of them without a plan)
/// to `as_of`, and the first day of the first window after the roll-out
/// ([`collaboration_start`]).
pub fn interactions_since_rollout(
    store: &Store,
    plan: Option<&crate::Plan>,
    tz: Option<&str>,
    as_of: Day,
) -> Result<(Vec<Interaction>, Option<Day>)> {
    let rollout = plan.and_then(crate::Plan::first_start).map(crate::day_of);
    let interactions = load_interactions(store, tz, rollout.unwrap_or(Day::MIN), as_of)?;
    let first = collaboration_start(&interactions, rollout);
    Ok((interactions, first))
}

/// The first day of the first window after the roll-out: the first day with an
/// interaction on or after `rollout` (the plan's first wave; any day without a plan).
pub fn collaboration_start(interactions: &[Interaction], rollout: Option<Day>) -> Option<Day> {
    interactions
        .iter()
        .map(|i| i.day)
        .filter(|d| rollout.is_none_or(|r| *d >= r))
        .min()
}

/// Roster people by group, and who is eligible on a day.
pub struct Groups<'m> {
    group_of: HashMap<&'m str, &'m str>,
    members: &'m [Member<'m>],
}

impl<'m> Groups<'m> {
    /// Groups are the members' `--by` segments.
    pub fn of(members: &'m [Member<'m>]) -> Self {
        Groups {
            group_of: members
                .iter()
                .map(|m| (m.person.person.as_str(), m.segment.as_str()))
                .collect(),
            members,
        }
    }

    fn group(&self, person: &str) -> Option<&'m str> {
        self.group_of.get(person).copied()
    }

    /// Eligible people per group on `d`.
    fn sizes(&self, d: Day) -> BTreeMap<&'m str, u64> {
        let mut out: BTreeMap<&str, u64> = BTreeMap::new();
        for m in self.members {
            let n = out.entry(m.segment.as_str()).or_default();
            if m.eligible_on(d) {
                *n += 1;
            }
        }
        out
    }
}

/// Who did what with whom in one window.
#[derive(Default)]
struct Graph<'a> {
    /// (from group, to group) -> interactions; either side may be [`OUTSIDE_ROSTER`].
    cells: BTreeMap<(&'a str, &'a str), u64>,
    /// Per group: interactions its people made, those addressed to roster people, those
    /// to another group, those to people outside the roster.
    sent: BTreeMap<&'a str, [u64; 4]>,
    /// Roster people with any interaction, either side, by group.
    interacting: BTreeMap<&'a str, BTreeSet<&'a str>>,
    /// Roster person -> whom they met.
    people: BTreeMap<&'a str, Reach<'a>>,
}

/// One person's interactions in a window.
#[derive(Default)]
struct Reach<'a> {
    /// Other groups met, either way.
    groups: BTreeSet<&'a str>,
    /// Interactions with people of another group, either way.
    cross: u64,
    /// All their interactions, either way.
    all: u64,
}

impl<'a> Graph<'a> {
    fn build(interactions: &'a [Interaction], groups: &Groups<'a>, from: Day, to: Day) -> Self {
        let mut g = Graph::default();
        for i in interactions.iter().filter(|i| i.day >= from && i.day <= to) {
            let (a, b) = (i.person.as_str(), i.counterpart.as_str());
            let (ga, gb) = (groups.group(a), groups.group(b));
            if ga.is_none() && gb.is_none() {
                continue;
            }
            *g.cells
                .entry((ga.unwrap_or(OUTSIDE_ROSTER), gb.unwrap_or(OUTSIDE_ROSTER)))
                .or_default() += 1;
            if let Some(ga) = ga {
                let s = g.sent.entry(ga).or_default();
                s[0] += 1;
                match gb {
                    Some(gb) => {
                        s[1] += 1;
                        if gb != ga {
                            s[2] += 1;
                        }
                    }
                    None => s[3] += 1,
                }
            }
            for (p, mine, theirs) in [(a, ga, gb), (b, gb, ga)] {
                let Some(mine) = mine else { continue };
                g.interacting.entry(mine).or_default().insert(p);
                let e = g.people.entry(p).or_default();
                e.all += 1;
                if let Some(theirs) = theirs.filter(|t| *t != mine) {
                    e.groups.insert(theirs);
                    e.cross += 1;
                }
            }
        }
        g
    }

    /// Groups with at least one person interacting.
    fn active_groups(&self) -> BTreeSet<&'a str> {
        self.interacting.keys().copied().collect()
    }

    /// Unordered pairs of distinct roster groups that interacted, either way.
    fn met(&self) -> HashSet<(&'a str, &'a str)> {
        self.cells
            .iter()
            .filter(|((a, b), n)| **n > 0 && a != b && *a != OUTSIDE_ROSTER && *b != OUTSIDE_ROSTER)
            .map(|((a, b), _)| if a < b { (*a, *b) } else { (*b, *a) })
            .collect()
    }

    fn met_pair(met: &HashSet<(&str, &str)>, a: &str, b: &str) -> bool {
        let key = if a < b { (a, b) } else { (b, a) };
        met.contains(&key)
    }

    /// Pairs of active groups that never interacted.
    fn isolated_pairs(&self) -> u64 {
        let active: Vec<&str> = self.active_groups().into_iter().collect();
        let met = self.met();
        let mut n = 0;
        for (k, a) in active.iter().enumerate() {
            for b in &active[k + 1..] {
                if !Self::met_pair(&met, a, b) {
                    n += 1;
                }
            }
        }
        n
    }

    fn totals(&self) -> [u64; 4] {
        self.sent.values().fold([0; 4], |mut acc, s| {
            for k in 0..4 {
                acc[k] += s[k];
            }
            acc
        })
    }
}

/// Per group, in the window ending at `as_of`: its eligible people, those interacting,
/// the interactions they made, the share of those addressed to roster people that went
/// to another group (and the same share in the first window, from `first`), the groups
/// met and not met, and its bridges (people who met two other groups or more). Then the
/// `all` row. A group of fewer than `min_group` eligible people is suppressed.
pub fn collaboration(
    interactions: &[Interaction],
    members: &[Member<'_>],
    as_of: Day,
    first: Option<Day>,
    w: &Windows,
) -> Table {
    let groups = Groups::of(members);
    let from = as_of - w.active_days + 1;
    let graph = Graph::build(interactions, &groups, from, as_of);
    let first_graph = first.map(|f| Graph::build(interactions, &groups, f, f + w.active_days - 1));
    let sizes = groups.sizes(as_of);
    let active = graph.active_groups();
    let met = graph.met();
    let mut t = Table::new(COLLABORATION_COLUMNS);
    let share = |s: Option<&[u64; 4]>| s.map_or(Value::Null, |s| Value::ratio(s[2], s[1]));
    for (&group, &people) in &sizes {
        let mut row = vec![Value::Text(group.to_string())];
        if (people as usize) < w.min_group {
            row.extend(std::iter::repeat_n(
                Value::Suppressed,
                COLLABORATION_COLUMNS.len() - 1,
            ));
            t.push(row);
            continue;
        }
        let sent = graph.sent.get(group).copied().unwrap_or_default();
        let interacting = graph.interacting.get(group);
        let reached = active
            .iter()
            .filter(|o| **o != group && Graph::met_pair(&met, group, o))
            .count();
        let never: Vec<&str> = if active.contains(group) {
            active
                .iter()
                .filter(|o| **o != group && !Graph::met_pair(&met, group, o))
                .copied()
                .collect()
        } else {
            vec![]
        };
        let bridges = interacting.map_or(0, |ps| {
            ps.iter()
                .filter(|p| graph.people.get(*p).is_some_and(|e| e.groups.len() >= 2))
                .count()
        });
        row.extend([
            Value::Int(people as i64),
            Value::Int(interacting.map_or(0, BTreeSet::len) as i64),
            Value::Int(sent[0] as i64),
            Value::Int(sent[2] as i64),
            Value::ratio(sent[2], sent[1]),
            first_graph
                .as_ref()
                .map_or(Value::Null, |g| share(g.sent.get(group))),
            Value::Int(sent[3] as i64),
            Value::Int(reached as i64),
            Value::Text(never.join(", ")),
            Value::Int(bridges as i64),
        ]);
        t.push(row);
    }
    let total = graph.totals();
    let eligible: u64 = sizes.values().sum();
    let interacting: usize = graph.interacting.values().map(BTreeSet::len).sum();
    let mut row = vec![Value::Text(ALL_GROUPS.into())];
    if (eligible as usize) < w.min_group {
        row.extend(std::iter::repeat_n(
            Value::Suppressed,
            COLLABORATION_COLUMNS.len() - 1,
        ));
    } else {
        row.extend([
            Value::Int(eligible as i64),
            Value::Int(interacting as i64),
            Value::Int(total[0] as i64),
            Value::Int(total[2] as i64),
            Value::ratio(total[2], total[1]),
            first_graph
                .as_ref()
                .map_or(Value::Null, |g| share(Some(&g.totals()))),
            Value::Int(total[3] as i64),
            Value::Null,
            Value::Text(format!("{} pair(s) of groups", graph.isolated_pairs())),
            Value::Int(
                graph
                    .people
                    .values()
                    .filter(|e| e.groups.len() >= 2)
                    .count() as i64,
            ),
        ]);
    }
    t.push(row);
    t
}

/// The group x group matrix of the window `[from, to]`: every ordered pair of groups with
/// people interacting (and [`OUTSIDE_ROSTER`] when it has interactions), zeros included,
/// with each cell's share of its `from` group's interactions. Cells of a group of fewer
/// than `min_group` eligible people are suppressed.
pub fn collaboration_matrix(
    interactions: &[Interaction],
    members: &[Member<'_>],
    from: Day,
    to: Day,
    w: &Windows,
) -> Table {
    let groups = Groups::of(members);
    let graph = Graph::build(interactions, &groups, from, to);
    let sizes = groups.sizes(to);
    let mut names: Vec<&str> = graph.active_groups().into_iter().collect();
    if graph
        .cells
        .keys()
        .any(|(a, b)| *a == OUTSIDE_ROSTER || *b == OUTSIDE_ROSTER)
    {
        names.push(OUTSIDE_ROSTER);
    }
    let small = |g: &str| {
        g != OUTSIDE_ROSTER && (sizes.get(g).copied().unwrap_or(0) as usize) < w.min_group
    };
    let mut t = Table::new(COLLABORATION_MATRIX_COLUMNS);
    for a in &names {
        let row_total: u64 = names
            .iter()
            .map(|b| graph.cells.get(&(*a, *b)).copied().unwrap_or(0))
            .sum();
        for b in &names {
            let n = graph.cells.get(&(*a, *b)).copied().unwrap_or(0);
            let (v, s) = if small(a) || small(b) {
                (Value::Suppressed, Value::Suppressed)
            } else {
                (Value::Int(n as i64), Value::ratio(n, row_total))
            };
            t.push(vec![
                Value::Text(a.to_string()),
                Value::Text(b.to_string()),
                v,
                s,
            ]);
        }
    }
    t
}

/// The people who met other groups in the window ending at `as_of`, most groups first,
/// then most cross-group interactions: a named list, for `--names` only.
pub fn bridges(
    interactions: &[Interaction],
    members: &[Member<'_>],
    as_of: Day,
    w: &Windows,
) -> Table {
    let groups = Groups::of(members);
    let graph = Graph::build(interactions, &groups, as_of - w.active_days + 1, as_of);
    let mut people: Vec<(&str, &Reach)> = graph
        .people
        .iter()
        .filter(|(_, e)| !e.groups.is_empty())
        .map(|(p, e)| (*p, e))
        .collect();
    people.sort_by(|a, b| {
        (b.1.groups.len(), b.1.cross)
            .cmp(&(a.1.groups.len(), a.1.cross))
            .then(a.0.cmp(b.0))
    });
    let mut t = Table::new(BRIDGE_COLUMNS);
    for (p, reach) in people {
        t.push(vec![
            Value::Text(p.to_string()),
            Value::Text(groups.group(p).unwrap_or_default().to_string()),
            Value::Int(reach.groups.len() as i64),
            Value::Int(reach.cross as i64),
            Value::Int(reach.all as i64),
            Value::Text(reach.groups.iter().copied().collect::<Vec<_>>().join(", ")),
        ]);
    }
    t
}

/// The cross-group share in consecutive windows of `w.active_days` days from the window
/// starting at `first` to the one ending at `as_of`, oldest first: is the organisation
/// working across its groups more than at the roll-out?
pub fn collaboration_curve(
    interactions: &[Interaction],
    members: &[Member<'_>],
    first: Day,
    as_of: Day,
    w: &Windows,
) -> Table {
    let groups = Groups::of(members);
    let mut t = Table::new(COLLABORATION_CURVE_COLUMNS);
    let periods = (as_of - first).div_euclid(w.active_days).max(0);
    for k in (0..=periods).rev() {
        let to = as_of - k * w.active_days;
        let graph = Graph::build(interactions, &groups, to - w.active_days + 1, to);
        let total = graph.totals();
        let interacting: usize = graph.interacting.values().map(BTreeSet::len).sum();
        t.push(vec![
            Value::Date(date_of(to)),
            Value::Int(total[0] as i64),
            Value::Int(interacting as i64),
            Value::Int(total[2] as i64),
            Value::ratio(total[2], total[1]),
            Value::Int(graph.active_groups().len() as i64),
            Value::Int(graph.isolated_pairs() as i64),
        ]);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use uptake_store::Person;

    fn person(id: &str) -> Person {
        Person {
            person: id.into(),
            ..Person::default()
        }
    }

    fn member<'a>(p: &'a Person, group: &str) -> Member<'a> {
        Member {
            person: p,
            registered: 0,
            deactivated: None,
            days: &[],
            segment: group.into(),
        }
    }

    fn edge(a: &str, b: &str, day: Day) -> Interaction {
        Interaction {
            person: a.into(),
            counterpart: b.into(),
            day,
            tool: "slack".into(),
        }
    }

    fn windows(k: usize) -> Windows {
        Windows {
            min_group: k,
            ..Windows::default()
        }
    }

    /// Sales {a, b}, Ops {c, d}, IT {e}: a->b, a->c twice, c->a, d->x (outside), and
    /// e->a before the window.
    fn org() -> (Vec<Person>, Vec<Interaction>) {
        let people = ["a", "b", "c", "d", "e"].map(person).to_vec();
        let edges = vec![
            edge("a", "b", 100),
            edge("a", "c", 100),
            edge("a", "c", 101),
            edge("c", "a", 102),
            edge("d", "x@partner.com", 103),
            edge("e", "a", 10),
        ];
        (people, edges)
    }

    fn members(people: &[Person]) -> Vec<Member<'_>> {
        let groups = ["sales", "sales", "ops", "ops", "it"];
        people
            .iter()
            .zip(groups)
            .map(|(p, g)| member(p, g))
            .collect()
    }

    #[test]
    fn groups_count_cross_group_share_and_who_never_met() {
        let (people, edges) = org();
        let m = members(&people);
        let t = collaboration(&edges, &m, 110, Some(10), &windows(1));
        let row = |g: &str| {
            t.rows
                .iter()
                .find(|r| r[0] == Value::Text(g.into()))
                .unwrap()
        };
        // Sales made a->b, a->c, a->c: 3 to the roster, 2 of them to ops.
        let sales = row("sales");
        assert_eq!(sales[1], Value::Int(2));
        assert_eq!(sales[2], Value::Int(2)); // a and b
        assert_eq!(sales[3], Value::Int(3));
        assert_eq!(sales[4], Value::Int(2));
        assert_eq!(sales[5], Value::Float(2.0 / 3.0));
        // First window [10, 37]: sales made nothing then.
        assert_eq!(sales[6], Value::Null);
        assert_eq!(sales[8], Value::Int(1));
        // IT has nobody interacting in the window: not an active group, no never_with.
        assert_eq!(row("it")[2], Value::Int(0));
        assert_eq!(row("it")[9], Value::Text(String::new()));
        // Ops: c->a (cross), d->outside.
        let ops = row("ops");
        assert_eq!(ops[3], Value::Int(2));
        assert_eq!(ops[4], Value::Int(1));
        assert_eq!(ops[5], Value::Float(1.0));
        assert_eq!(ops[7], Value::Int(1));
        // In the first window IT's e->a is its only one: all cross.
        assert_eq!(row("it")[6], Value::Float(1.0));
        // All: 5 made by the roster, 4 to the roster, 3 cross; d's counts as interacting.
        let all = row("all");
        assert_eq!(all[2], Value::Int(4));
        assert_eq!(all[3], Value::Int(5));
        assert_eq!(all[4], Value::Int(3));
        assert_eq!(all[5], Value::Float(0.75));
        assert_eq!(all[6], Value::Float(1.0));
        assert_eq!(all[9], Value::Text("0 pair(s) of groups".into()));
        // a met ops, c met sales: one group each, no bridge.
        assert_eq!(all[10], Value::Int(0));
    }

    #[test]
    fn never_with_names_the_active_groups_not_met() {
        let people = ["a", "b", "c"].map(person).to_vec();
        let groups = ["sales", "ops", "it"];
        let m: Vec<Member> = people
            .iter()
            .zip(groups)
            .map(|(p, g)| member(p, g))
            .collect();
        // sales<->ops and ops<->it met; sales and it never did.
        let edges = vec![edge("a", "b", 5), edge("c", "b", 6)];
        let t = collaboration(&edges, &m, 10, None, &windows(1));
        let never: Vec<(String, Value)> =
            t.rows.iter().map(|r| (r[0].text(), r[9].clone())).collect();
        assert_eq!(
            never,
            vec![
                ("it".into(), Value::Text("sales".into())),
                ("ops".into(), Value::Text(String::new())),
                ("sales".into(), Value::Text("it".into())),
                ("all".into(), Value::Text("1 pair(s) of groups".into())),
            ]
        );
        // b met two other groups: the one bridge, in ops.
        assert_eq!(t.rows[1][10], Value::Int(1));
        let b = bridges(&edges, &m, 10, &windows(1));
        assert_eq!(b.rows.len(), 3);
        assert_eq!(b.rows[0][0], Value::Text("b".into()));
        assert_eq!(b.rows[0][2], Value::Int(2));
        assert_eq!(b.rows[0][5], Value::Text("it, sales".into()));
    }

    #[test]
    fn matrix_holds_zeros_outside_and_row_shares() {
        let (people, edges) = org();
        let m = members(&people);
        let t = collaboration_matrix(&edges, &m, 83, 110, &windows(1));
        let cell = |a: &str, b: &str| {
            t.rows
                .iter()
                .find(|r| r[0] == Value::Text(a.into()) && r[1] == Value::Text(b.into()))
                .map(|r| (r[2].clone(), r[3].clone()))
                .unwrap()
        };
        // Groups interacting: ops, sales, and the outside: 3 x 3 cells.
        assert_eq!(t.rows.len(), 9);
        assert_eq!(
            cell("sales", "ops"),
            (Value::Int(2), Value::Float(2.0 / 3.0))
        );
        assert_eq!(
            cell("sales", "sales"),
            (Value::Int(1), Value::Float(1.0 / 3.0))
        );
        assert_eq!(cell("ops", "sales"), (Value::Int(1), Value::Float(0.5)));
        assert_eq!(
            cell("ops", OUTSIDE_ROSTER),
            (Value::Int(1), Value::Float(0.5))
        );
        assert_eq!(cell(OUTSIDE_ROSTER, "ops"), (Value::Int(0), Value::Null));
        // With k = 3, both groups of two are suppressed: all cells but outside x outside.
        let t = collaboration_matrix(&edges, &m, 83, 110, &windows(3));
        let shown: Vec<&Vec<Value>> = t
            .rows
            .iter()
            .filter(|r| r[2] != Value::Suppressed)
            .collect();
        assert_eq!(shown.len(), 1);
        assert_eq!(shown[0][0], Value::Text(OUTSIDE_ROSTER.into()));
        assert_eq!(shown[0][1], Value::Text(OUTSIDE_ROSTER.into()));
    }

    #[test]
    fn small_groups_are_suppressed_in_the_group_table() {
        let (people, edges) = org();
        let m = members(&people);
        let t = collaboration(&edges, &m, 110, None, &windows(2));
        let it = t
            .rows
            .iter()
            .find(|r| r[0] == Value::Text("it".into()))
            .unwrap();
        assert!(it[1..].iter().all(|v| *v == Value::Suppressed));
        let sales = t
            .rows
            .iter()
            .find(|r| r[0] == Value::Text("sales".into()))
            .unwrap();
        assert_eq!(sales[3], Value::Int(3));
    }

    #[test]
    fn curve_steps_back_by_windows_to_the_first() {
        let (people, edges) = org();
        let m = members(&people);
        // Windows end at 110, 82, 54, 26 (26 - 27 + 1 = 0 <= first = 10).
        let t = collaboration_curve(&edges, &m, 10, 110, &windows(1));
        let ends: Vec<String> = t.rows.iter().map(|r| r[0].text()).collect();
        assert_eq!(ends.len(), 4);
        assert_eq!(ends[3], date_of(110).to_string());
        // [0, 26] holds e->a only: one cross interaction out of one.
        assert_eq!(t.rows[0][1], Value::Int(1));
        assert_eq!(t.rows[0][4], Value::Float(1.0));
        assert_eq!(t.rows[0][5], Value::Int(2));
        assert_eq!(t.rows[3][1], Value::Int(5));
        assert_eq!(t.rows[3][4], Value::Float(0.75));
    }

    #[test]
    fn start_is_the_first_interaction_from_the_rollout() {
        let (_, edges) = org();
        assert_eq!(collaboration_start(&edges, None), Some(10));
        assert_eq!(collaboration_start(&edges, Some(50)), Some(100));
        assert_eq!(collaboration_start(&edges, Some(200)), None);
    }
}
