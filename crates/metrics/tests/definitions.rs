//! Hand-computed cases for the definitions in docs/metrics.md.

use chrono::NaiveDate;
use uptake_metrics::{ActivityIndex, Table, Value, Windows, date_of, ghosts, population, summary};
use uptake_store::{Person, Roster};

fn person(key: &str, registered: i32, deactivated: Option<i32>, dept: &str) -> Person {
    Person {
        person: key.into(),
        registered_at: date_of(registered),
        deactivated_at: deactivated.map(date_of),
        department: Some(dept.into()),
        ..Default::default()
    }
}

fn ints(t: &Table, row: usize) -> Vec<Value> {
    t.rows[row][1..].to_vec()
}

/// As-of day 100: the 28-day window is [73, 100]; the 14-day grace ends on day 86.
fn setup() -> (Roster, ActivityIndex) {
    let roster = Roster {
        people: vec![
            person("p1", 50, None, "A"),      // active on 73: the window's first day
            person("p2", 50, None, "A"),      // active on 72 only (d-28): a lapsed ghost
            person("p3", 90, None, "A"),      // registered within the grace: not a ghost
            person("p4", 50, Some(100), "A"), // deactivated on the as-of day: not eligible
            person("p5", 80, None, "A"),      // active on 60 only, before registering
            person("p6", 50, None, "B"),      // never active: a never ghost
            person("p7", 86, None, "B"),      // registered on the grace's last day: ghost
            person("p8", 87, None, "B"),      // one day later: not yet
        ],
        extra_columns: vec![],
    };
    let activity = ActivityIndex::from_rows([
        ("p1", 73, 1, "messaging"),
        ("p2", 72, 1, "messaging"),
        ("p4", 99, 1, "messaging"),
        ("p5", 60, 3, "documents"),
        ("stranger", 100, 1, "messaging"),
    ]);
    (roster, activity)
}

#[test]
fn summary_edges() {
    let (roster, activity) = setup();
    let members = population(&roster, &activity, &[]).unwrap();
    let t = summary(&members, 100, &Windows::default(), false);
    assert_eq!(t.rows.len(), 1);
    assert_eq!(t.rows[0][0], Value::Text("all".into()));
    // eligible 7 (all but p4); active p1; activated p1, p2, p5; never p6, p7; lapsed p2, p5.
    // Delays: p1 23, p2 22, p5 -20: median 22.
    assert_eq!(
        ints(&t, 0),
        vec![
            Value::Int(7),
            Value::Int(1),
            Value::Int(3),
            Value::Int(2),
            Value::Int(2),
            Value::Float(1.0 / 7.0),
            Value::Float(3.0 / 7.0),
            Value::Float(4.0 / 7.0),
            Value::Float(22.0),
        ]
    );
}

#[test]
fn window_edge_moves_with_the_as_of_date() {
    let (roster, activity) = setup();
    let members = population(&roster, &activity, &[]).unwrap();
    // On day 101 the window is [74, 101]: p1's day 73 falls out, p1 becomes a lapsed ghost.
    let t = summary(&members, 101, &Windows::default(), false);
    assert_eq!(t.rows[0][2], Value::Int(0));
    assert_eq!(t.rows[0][5], Value::Int(3));
    // On day 99 the window is [72, 99]: p4 is still eligible (deactivated on 100) and
    // active on 99, and p2's day 72 is back inside: p1, p2, p4 are active.
    let t = summary(&members, 99, &Windows::default(), false);
    assert_eq!(t.rows[0][1], Value::Int(8));
    assert_eq!(t.rows[0][2], Value::Int(3));
}

#[test]
fn small_groups_are_suppressed_not_zero() {
    let (roster, activity) = setup();
    let members = population(&roster, &activity, &["department".to_string()]).unwrap();
    let t = summary(&members, 100, &Windows::default(), true);
    let segments: Vec<&Value> = t.column("segment").unwrap();
    assert_eq!(
        segments,
        vec![
            &Value::Text("A".into()),
            &Value::Text("B".into()),
            &Value::Text("all".into())
        ]
    );
    // A has 4 eligible people (p1, p2, p3, p5), B has 3: both under 5.
    assert!(t.rows[0][1..].iter().all(|v| *v == Value::Suppressed));
    assert!(t.rows[1][1..].iter().all(|v| *v == Value::Suppressed));
    assert_eq!(t.rows[2][1], Value::Int(7));
    let w = Windows {
        min_group: 3,
        ..Windows::default()
    };
    let t = summary(&members, 100, &w, true);
    assert_eq!(t.rows[1][1], Value::Int(3));
    assert!(
        t.to_csv()
            .starts_with("segment,eligible,active_28d,activated,ghosts_never,ghosts_lapsed,")
    );
}

#[test]
fn ghost_list_kinds_and_days_inactive() {
    let (roster, activity) = setup();
    let members = population(&roster, &activity, &[]).unwrap();
    let t = ghosts(&members, 100, &Windows::default());
    let rows: Vec<(String, String, i64)> = t
        .rows
        .iter()
        .map(|r| {
            let Value::Text(p) = &r[0] else { panic!() };
            let Value::Text(k) = &r[7] else { panic!() };
            let Value::Int(d) = r[8] else { panic!() };
            (p.clone(), k.clone(), d)
        })
        .collect();
    // Department A first, the longest inactive first: p5 last active 60 (40 days), p2 on 72 (28).
    assert_eq!(
        rows,
        vec![
            ("p5".into(), "lapsed".into(), 40),
            ("p2".into(), "lapsed".into(), 28),
            ("p6".into(), "never".into(), 50),
            ("p7".into(), "never".into(), 14),
        ]
    );
    assert_eq!(
        t.rows[0][5],
        Value::Date(NaiveDate::from_ymd_opt(1970, 3, 2).unwrap())
    );
}

#[test]
fn unknown_by_column_lists_the_columns() {
    let (roster, activity) = setup();
    let err = population(&roster, &activity, &["dept".to_string()])
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(
            "no roster column `dept`; columns are: registered_at, deactivated_at, name, department"
        ),
        "{err}"
    );
}

fn member_days(rows: &[(&'static str, i32, u32, &'static str)]) -> (Roster, ActivityIndex) {
    let mut people: Vec<Person> = rows
        .iter()
        .map(|r| r.0)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .map(|p| person(p, 0, None, "A"))
        .collect();
    people.push(person("idle", 0, None, "A"));
    (
        Roster {
            people,
            extra_columns: vec![],
        },
        ActivityIndex::from_rows(rows.iter().copied()),
    )
}

#[test]
fn usage_segments_at_their_thresholds() {
    use uptake_metrics::{Usage, usage};
    // As-of 200: week k is [194 - 7k, 200 - 7k]; the 12 weeks cover [117, 200].
    let mut rows = Vec::new();
    for k in 0..9 {
        rows.push(("power", 200 - 7 * k, 20, "messaging")); // 9 weeks, 180 events: 15/week
        rows.push(("habitual", 200 - 7 * k, 1, "messaging"));
        rows.push((
            "almost",
            200 - 7 * k,
            if k == 0 { 19 } else { 20 },
            "messaging",
        )); // 179: 14.9/week
        if k < 8 {
            rows.push(("eight", 200 - 7 * k, 50, "messaging"));
        }
    }
    rows.push(("edge", 117, 1, "messaging"));
    rows.push(("outside", 116, 1, "messaging"));
    let (roster, activity) = member_days(&rows);
    let members = population(&roster, &activity, &[]).unwrap();
    let got: std::collections::BTreeMap<&str, Usage> = members
        .iter()
        .map(|m| (m.person.person.as_str(), usage(m, 200)))
        .collect();
    assert_eq!(got["power"], Usage::Power);
    assert_eq!(got["habitual"], Usage::Habitual);
    assert_eq!(got["almost"], Usage::Habitual);
    assert_eq!(got["eight"], Usage::Occasional);
    assert_eq!(got["edge"], Usage::Occasional);
    assert_eq!(got["outside"], Usage::Ghost);
    assert_eq!(got["idle"], Usage::Ghost);
    // 7 people: power 1; habitual and almost 2; eight and edge 2; outside and idle 2.
    let t = uptake_metrics::segments(&members, 200, &Windows::default(), false);
    assert_eq!(
        t.to_csv().lines().nth(1),
        Some("all,7,1,2,2,2,0.1429,0.2857,0.2857,0.2857")
    );
}

#[test]
fn breadth_counts_categories_in_the_window() {
    // Window [173, 200]: a used messaging and documents (tasks on 172 is outside), b meetings.
    let (roster, activity) = member_days(&[
        ("a", 200, 1, "messaging"),
        ("a", 180, 2, "documents"),
        ("a", 172, 1, "tasks"),
        ("b", 173, 1, "meetings"),
        ("c", 150, 1, "messaging"),
        ("d", 199, 1, "messaging"),
    ]);
    let members = population(&roster, &activity, &[]).unwrap();
    let t = uptake_metrics::breadth(&members, 200, &Windows::default(), false);
    assert_eq!(
        t.columns[..5],
        [
            "segment",
            "active",
            "mean_categories",
            "categories_1",
            "categories_2"
        ]
    );
    // Active: a (2 categories), b (1), d (1): mean 4/3.
    let csv = t.to_csv();
    let row = csv.lines().nth(1).unwrap();
    assert_eq!(row, "all,3,1.3333,2,1,0,0,0,0,0.6667,0.3333,0.3333,0,0,0");
}
