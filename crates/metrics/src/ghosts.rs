//! `ghosts`: the people to follow up, registered but not active.

use crate::calendar::{Day, date_of};
use crate::population::Member;
use crate::status::{Windows, standing};
use crate::table::{Table, Value};

pub const GHOST_COLUMNS: &[&str] = &[
    "person",
    "name",
    "department",
    "manager",
    "registered_at",
    "first_active",
    "last_active",
    "kind",
    "days_inactive",
];

/// Ghosts at `as_of`, sorted for a support team: by department, then manager, then
/// the longest inactive first. `days_inactive` counts from the last active day, or from
/// registration for people never active.
pub fn ghosts(members: &[Member<'_>], as_of: Day, w: &Windows) -> Table {
    let mut rows: Vec<(String, String, i64, String, Vec<Value>)> = Vec::new();
    for m in members {
        let s = standing(m, as_of, w);
        let Some(kind) = s.ghost else { continue };
        let since = s.last_active.unwrap_or(m.registered);
        let days_inactive = i64::from(as_of - since);
        let text = |v: &Option<String>| v.clone().map_or(Value::Null, Value::Text);
        let p = m.person;
        rows.push((
            p.department.clone().unwrap_or_default(),
            p.manager.clone().unwrap_or_default(),
            days_inactive,
            p.person.clone(),
            vec![
                Value::Text(p.person.clone()),
                text(&p.name),
                text(&p.department),
                text(&p.manager),
                Value::Date(p.registered_at),
                s.first_active
                    .map_or(Value::Null, |d| Value::Date(date_of(d))),
                s.last_active
                    .map_or(Value::Null, |d| Value::Date(date_of(d))),
                Value::Text(kind.as_str().into()),
                Value::Int(days_inactive),
            ],
        ));
    }
    rows.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(a.1.cmp(&b.1))
            .then(b.2.cmp(&a.2))
            .then_with(|| a.3.cmp(&b.3))
    });
    let mut t = Table::new(GHOST_COLUMNS);
    for (_, _, _, _, row) in rows {
        t.push(row);
    }
    t
}
