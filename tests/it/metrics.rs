//! `uptake metrics` end to end, and `daily` / `summary` recomputed a second,
//! independent way: straight from the generated CSV files with a naive per-day scan,
//! without the store, the rollup or polars.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Days, NaiveDate};

use crate::support::Scratch;

struct Naive {
    /// person -> active days (person events only).
    active: HashMap<String, HashSet<NaiveDate>>,
    /// person -> (registered_at, deactivated_at, department).
    roster: Vec<(String, NaiveDate, Option<NaiveDate>, String)>,
}

impl Naive {
    fn load(s: &Scratch, dir: &str) -> Naive {
        let mut active: HashMap<String, HashSet<NaiveDate>> = HashMap::new();
        let mut r = csv::Reader::from_path(s.path(&format!("{dir}/events.csv"))).unwrap();
        for rec in r.records() {
            let rec = rec.unwrap();
            if &rec[9] == "true" {
                continue;
            }
            let day: NaiveDate = rec[0][..10].parse().unwrap();
            active.entry(rec[1].to_string()).or_default().insert(day);
        }
        let mut roster = Vec::new();
        let mut r = csv::Reader::from_path(s.path(&format!("{dir}/roster.csv"))).unwrap();
        let header = r.headers().unwrap().clone();
        let at = |name: &str| header.iter().position(|h| h == name).unwrap();
        let (person, registered, deactivated, department) = (
            at("person"),
            at("registered_at"),
            at("deactivated_at"),
            at("department"),
        );
        for rec in r.records() {
            let rec = rec.unwrap();
            let deact = (!rec[deactivated].is_empty()).then(|| rec[deactivated].parse().unwrap());
            roster.push((
                rec[person].to_string(),
                rec[registered].parse().unwrap(),
                deact,
                rec[department].to_string(),
            ));
        }
        Naive { active, roster }
    }

    fn active_between(&self, p: &str, from: NaiveDate, to: NaiveDate) -> bool {
        self.active
            .get(p)
            .is_some_and(|days| days.iter().any(|d| *d >= from && *d <= to))
    }

    fn eligible(r: &(String, NaiveDate, Option<NaiveDate>, String), d: NaiveDate) -> bool {
        r.1 <= d && r.2.is_none_or(|x| x > d)
    }
}

fn back(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_sub_days(Days::new(n)).unwrap()
}

fn fmt_rate(num: usize, den: usize) -> String {
    if den == 0 {
        return String::new();
    }
    let s = format!("{:.4}", num as f64 / den as f64);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

fn prepare() -> (Scratch, Naive) {
    let s = Scratch::new();
    s.stdout(&[
        "generate", "--people", "150", "--days", "150", "--seed", "11", "--out", "g",
    ]);
    s.stdout(&["ingest", "generic", "g/events.csv"]);
    s.stdout(&["roster", "import", "g/roster.csv"]);
    let naive = Naive::load(&s, "g");
    (s, naive)
}

#[test]
fn daily_matches_a_naive_scan() {
    let (s, n) = prepare();
    let as_of: NaiveDate = "2026-05-20".parse().unwrap();
    let csv = s.stdout(&[
        "metrics",
        "daily",
        "--as-of",
        "2026-05-20",
        "--format",
        "csv",
    ]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("date,dau,wau,mau,eligible,active_rate_28,stickiness")
    );
    let first = n
        .active
        .values()
        .flat_map(|d| d.iter())
        .min()
        .copied()
        .unwrap();
    let mut day = first;
    let mut rows = 0;
    for line in lines {
        let people: Vec<&String> = n.active.keys().collect();
        let count = |w: u64| {
            people
                .iter()
                .filter(|p| n.active_between(p, back(day, w - 1), day))
                .count()
        };
        let (dau, wau, mau) = (count(1), count(7), count(28));
        let eligible: Vec<_> = n
            .roster
            .iter()
            .filter(|r| Naive::eligible(r, day))
            .collect();
        let active = eligible
            .iter()
            .filter(|r| n.active_between(&r.0, back(day, 27), day))
            .count();
        let want = format!(
            "{day},{dau},{wau},{mau},{},{},{}",
            eligible.len(),
            fmt_rate(active, eligible.len()),
            fmt_rate(dau, mau)
        );
        assert_eq!(line, want);
        day = day.succ_opt().unwrap();
        rows += 1;
    }
    assert_eq!(
        day,
        as_of.succ_opt().unwrap(),
        "one row per day up to the as-of date"
    );
    assert!(rows > 100);
}

#[test]
fn summary_matches_a_naive_scan() {
    let (s, n) = prepare();
    let a: NaiveDate = "2026-05-20".parse().unwrap();
    let csv = s.stdout(&[
        "metrics",
        "summary",
        "--as-of",
        "2026-05-20",
        "--by",
        "department",
        "--format",
        "csv",
    ]);
    let mut got: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("segment,eligible,active_28d,activated,ghosts_never,ghosts_lapsed,")
    );
    for line in lines {
        let cells: Vec<String> = line.split(',').map(str::to_string).collect();
        got.insert(cells[0].clone(), cells[1..6].to_vec());
    }
    let mut want: BTreeMap<String, [usize; 5]> = BTreeMap::new();
    for r in n.roster.iter().filter(|r| Naive::eligible(r, a)) {
        let first = n
            .active
            .get(&r.0)
            .and_then(|d| d.iter().filter(|x| **x <= a).min().copied());
        let active = n.active_between(&r.0, back(a, 27), a);
        let ghost = r.1 <= back(a, 14) && !active;
        for seg in [r.3.clone(), "all".to_string()] {
            let c = want.entry(seg).or_default();
            c[0] += 1;
            c[1] += usize::from(active);
            c[2] += usize::from(first.is_some());
            c[3] += usize::from(ghost && first.is_none());
            c[4] += usize::from(ghost && first.is_some());
        }
    }
    assert_eq!(got.len(), want.len());
    for (seg, c) in want {
        let expect: Vec<String> = if c[0] < 5 && seg != "all" {
            vec!["suppressed".to_string(); 5]
        } else {
            c.iter().map(|x| x.to_string()).collect()
        };
        assert_eq!(got[&seg], expect, "segment {seg}");
    }
}

#[test]
fn json_and_parquet_outputs() {
    let (s, _) = prepare();
    let json = s.stdout(&[
        "metrics",
        "summary",
        "--as-of",
        "2026-05-20",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["schema"], "uptake.metrics/1");
    assert_eq!(v["metric"], "summary");
    assert_eq!(v["as_of"], "2026-05-20");
    assert_eq!(v["rows"][0]["segment"], "all");
    assert!(v["rows"][0]["eligible"].as_i64().unwrap() > 50);
    s.stdout(&[
        "metrics",
        "lifecycle",
        "--format",
        "parquet",
        "--out",
        "l.parquet",
    ]);
    let bytes = std::fs::read(s.path("l.parquet")).unwrap();
    assert_eq!(&bytes[..4], b"PAR1");
}

#[test]
fn metrics_help_prints_the_definitions() {
    let s = Scratch::new();
    let out = s.stdout(&["metrics", "--help"]);
    assert!(out.contains("Definitions (docs/metrics.md):"), "{out}");
    assert!(
        out.contains(
            "active_rate_28(d): eligible people active in [d-27, d] / eligible people on d."
        ),
        "{out}"
    );
}

#[test]
fn leadership_by_level_and_a_looping_roster() {
    // boss Jan 2; m1 Jan 5, m2 Jan 9; e1 Jan 11, e2 Jan 21, e3 never; ext Jan 4.
    let s = Scratch::with_org(
        "person,registered_at,manager\n\
         boss@x.org,2026-01-01,\n\
         m1@x.org,2026-01-01,boss@x.org\n\
         m2@x.org,2026-01-01,boss@x.org\n\
         e1@x.org,2026-01-01,m1@x.org\n\
         e2@x.org,2026-01-01,m1@x.org\n\
         e3@x.org,2026-01-01,m2@x.org\n\
         ext@x.org,2026-01-01,board@x.org\n",
        "ts,person,tool,action\n\
         2026-01-02T09:00:00Z,boss@x.org,teams,message\n\
         2026-01-05T09:00:00Z,m1@x.org,teams,message\n\
         2026-01-09T09:00:00Z,m2@x.org,teams,message\n\
         2026-01-11T09:00:00Z,e1@x.org,teams,message\n\
         2026-01-21T09:00:00Z,e2@x.org,teams,message\n\
         2026-01-04T09:00:00Z,ext@x.org,teams,message\n",
    );
    let out = s.stdout(&[
        "metrics",
        "leadership",
        "--as-of",
        "2026-01-31",
        "--min-group",
        "1",
        "--format",
        "csv",
    ]);
    // Window Jan 4-31. Level 1: days 4 and 8 after registration, median first day
    // Jan 7 (Jan 5 and 9), before their reports' Jan 16 (Jan 11 and 21).
    assert_eq!(
        out,
        "segment,level,eligible,managers,median_span,activated,activation_rate,active_rate,median_days_to_activation,median_first_active,ahead_of_levels_below\n\
all,0,1,1,2,1,1,0,1,2026-01-02,true\n\
all,1,2,2,1.5,2,1,1,6,2026-01-07,true\n\
all,2,3,0,,2,0.6667,0.6667,15,2026-01-16,\n\
all,,1,0,,1,1,1,3,2026-01-04,\n"
    );
    let text = s.stdout(&["metrics", "leadership", "--as-of", "2026-01-31"]);
    assert!(
        text.contains(
            "1 manager(s) missing from the roster, over 1 direct report(s): board@x.org (1)"
        ),
        "{text}"
    );

    s.write(
        "loop.csv",
        "person,registered_at,manager\na@x.org,2026-01-01,b@x.org\nb@x.org,2026-01-01,a@x.org\n",
    );
    s.uptake(&["roster", "import", "loop.csv"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "loop.csv: field `manager` loops: a@x.org -> b@x.org -> a@x.org",
        ));
}

#[test]
fn sprawl_counts_people_on_two_messaging_tools() {
    // In the 28 days to Jan 31: a on Teams and Slack, b on Teams, c on Slack; a shared a
    // file on SharePoint. Jan 2 is before the window.
    let s = Scratch::with_org(
        "person,registered_at\na@x.org,2026-01-01\nb@x.org,2026-01-01\nc@x.org,2026-01-01\n",
        "ts,person,tool,action,category\n\
         2026-01-10T09:00:00Z,a@x.org,teams,message,messaging\n\
         2026-01-11T09:00:00Z,a@x.org,slack,message,messaging\n\
         2026-01-12T09:00:00Z,b@x.org,teams,message,messaging\n\
         2026-01-13T09:00:00Z,c@x.org,slack,message,messaging\n\
         2026-01-14T09:00:00Z,a@x.org,sharepoint,share,documents\n\
         2026-01-02T09:00:00Z,b@x.org,slack,message,messaging\n",
    );
    let out = s.stdout(&[
        "metrics",
        "sprawl",
        "--as-of",
        "2026-01-31",
        "--min-group",
        "1",
        "--format",
        "csv",
    ]);
    assert_eq!(
        out,
        "category,people,tools,multi_tool,multi_tool_share,main_tool,main_tool_share,tool_people\n\
documents,1,1,0,0,sharepoint,1,sharepoint 1\n\
messaging,3,2,1,0.3333,slack,0.6667,\"slack 2, teams 2\"\n\
any,3,,1,0.3333,,,\n"
    );
    s.uptake(&["metrics", "sprawl", "--tool", "teams"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--tool and --by do not apply"));
}

#[test]
fn partners_are_reported_apart_against_the_plans_target() {
    // Window Jan 4-31: a, x1 and x2 (Durand) and a Gmail guest are active; x3 only on Jan 2.
    let s = Scratch::with_org(
        "person,registered_at\na@acme.example,2026-01-01\nb@acme.example,2026-01-01\n",
        "ts,person,tool,action\n\
         2026-01-10T09:00:00Z,a@acme.example,teams,message\n\
         2026-01-11T09:00:00Z,x1@durand.example,teams,message\n\
         2026-01-12T09:00:00Z,x2@durand.example,teams,message\n\
         2026-01-02T09:00:00Z,x3@durand.example,teams,message\n\
         2026-01-20T09:00:00Z,guest@gmail.com,teams,message\n",
    );
    s.write(
        "plan.toml",
        "t0 = 2026-01-01\n[[partner]]\nname = \"Durand\"\ndomains = [\"durand.example\"]\nexpected = 3\ntarget = 0.5\n",
    );
    let out = s.stdout(&[
        "metrics",
        "partners",
        "--plan",
        "plan.toml",
        "--as-of",
        "2026-01-31",
        "--min-group",
        "1",
        "--format",
        "csv",
    ]);
    assert_eq!(
        out,
        "group,kind,domains,people,active,active_share,events,first_seen,expected,active_of_expected,target,by,status\n\
employees,roster,,2,1,0.5,1,2026-01-10,,,,,\n\
Durand,partner,durand.example,3,2,0.6667,2,2026-01-02,3,0.6667,0.5,,met\n\
gmail.com,other,gmail.com,1,1,1,1,2026-01-20,,,,,\n"
    );
}

/// Sales {a, b}, Ops {c, d}, IT {e}; `slack:u1` is c through the identity map. In the
/// window Jan 4-31: a->b, a->{c, b}, c->a, d->outside, e->e (its own, left out); before
/// it, on Jan 2, e->a, which opens the first window (Jan 2-29, no plan).
fn collaboration_org() -> Scratch {
    let s = Scratch::with_org(
        "person,registered_at,department\n\
         a@acme.example,2026-01-01,Sales\nb@acme.example,2026-01-01,Sales\n\
         c@acme.example,2026-01-01,Ops\nd@acme.example,2026-01-01,Ops\n\
         e@acme.example,2026-01-01,IT\n",
        "ts,person,tool,action,counterparts\n\
         2026-01-10T09:00:00Z,a@acme.example,slack,reply,b@acme.example\n\
         2026-01-11T09:00:00Z,a@acme.example,slack,reply,slack:u1;b@acme.example\n\
         2026-01-12T09:00:00Z,c@acme.example,slack,reply,a@acme.example\n\
         2026-01-13T09:00:00Z,d@acme.example,slack,reply,x@partner.example\n\
         2026-01-14T09:00:00Z,e@acme.example,slack,reply,e@acme.example\n\
         2026-01-02T09:00:00Z,e@acme.example,slack,reply,a@acme.example\n\
         2026-01-20T09:00:00Z,b@acme.example,slack,message,\n",
    );
    s.write("ids.csv", "alias,person\nslack:u1,c@acme.example\n");
    s.stdout(&["roster", "identities", "ids.csv"]);
    s
}

fn collaboration_csv(s: &Scratch, extra: &[&str]) -> String {
    let mut args = vec![
        "metrics",
        "collaboration",
        "--as-of",
        "2026-01-31",
        "--min-group",
        "1",
        "--format",
        "csv",
    ];
    args.extend(extra);
    s.stdout(&args)
}

#[test]
fn collaboration_counts_cross_department_interactions_by_hand() {
    let s = collaboration_org();
    // Sales made 3 (1 to Ops); Ops 2 (1 to Sales, 1 outside: cross 1 of 1 to the roster);
    // IT none in the window, but its Jan 2 reply to Sales was all cross. First window:
    // 6 made, 5 to the roster, 3 of them cross.
    assert_eq!(
        collaboration_csv(&s, &[]),
        "group,people,interacting,interactions,cross_group,cross_share,first_cross_share,outside_roster,groups_reached,never_with,bridges\n\
IT,1,0,0,0,,1,0,0,,0\n\
Ops,2,2,2,1,1,1,1,1,,0\n\
Sales,2,2,3,1,0.3333,0.3333,0,1,,0\n\
all,5,4,5,2,0.5,0.6,1,,0 pair(s) of groups,0\n"
    );
    assert_eq!(
        collaboration_csv(&s, &["--view", "matrix"]),
        "from,to,interactions,share_of_from\n\
Ops,Ops,0,0\nOps,Sales,1,0.5\nOps,(not on the roster),1,0.5\n\
Sales,Ops,1,0.3333\nSales,Sales,2,0.6667\nSales,(not on the roster),0,0\n\
(not on the roster),Ops,0,\n(not on the roster),Sales,0,\n(not on the roster),(not on the roster),0,\n"
    );
    // Windows end Jan 3 (e->a only) and Jan 31.
    assert_eq!(
        collaboration_csv(&s, &["--curve"]),
        "window_end,interactions,interacting,cross_group,cross_share,groups,isolated_pairs\n\
2026-01-03,1,2,1,1,2,0\n2026-01-31,5,4,2,0.5,2,0\n"
    );
    assert_eq!(
        collaboration_csv(&s, &["--view", "bridges", "--names"]),
        "person,group,groups_reached,cross_group,interactions,reached\n\
a@acme.example,Sales,1,2,4,Ops\nc@acme.example,Ops,1,2,2,Sales\n"
    );
    // Names only when asked for.
    s.uptake(&[
        "metrics",
        "collaboration",
        "--as-of",
        "2026-01-31",
        "--view",
        "bridges",
    ])
    .assert()
    .code(2)
    .stderr(predicates::str::contains("add --names"));
    // By another roster column: nobody has a site, so one group and no crossing; at the
    // last day with events (Jan 20) the window holds all six interactions.
    let by_site = s.stdout(&[
        "metrics",
        "collaboration",
        "--by",
        "site",
        "--format",
        "csv",
    ]);
    assert!(
        by_site.contains("\n(none),5,5,6,0,0,0,1,0,,0\n"),
        "{by_site}"
    );
}

/// `--excel`: the CSV a French Excel opens in columns, byte for byte: a UTF-8 BOM, `;`
/// between fields, decimal commas, CRLF; in English, `,` and `.`, still with the BOM.
#[test]
fn excel_csv_for_a_french_excel() {
    let s = Scratch::with_org(
        "person,registered_at,department\na@x.org,2026-09-01,Carré\nb@x.org,2026-09-01,Carré\n",
        "ts,person,tool,action\n2026-09-10T09:00:00Z,a@x.org,teams,message\n",
    );
    let args = |lang: &'static str| {
        [
            "metrics",
            "summary",
            "--as-of",
            "2026-09-30",
            "--by",
            "department",
            "--min-group",
            "1",
            "--format",
            "csv",
            "--excel",
            "--lang",
            lang,
        ]
    };
    // By hand, on 30 September (28 days from 3 September): 2 eligible, a@x.org active,
    // activated 9 days after registering; b@x.org never active, a ghost.
    let header = "segment,eligible,active_28d,activated,ghosts_never,ghosts_lapsed,active_rate,activation_rate,ghost_rate,median_days_to_activation";
    let rows = [
        "Carré,2,1,1,1,0,0.5,0.5,0.5,9",
        "all,2,1,1,1,0,0.5,0.5,0.5,9",
    ];
    let crlf = |lines: Vec<String>| lines.iter().map(|l| format!("{l}\r\n")).collect::<String>();
    let fr: Vec<String> = std::iter::once(header)
        .chain(rows)
        .map(|l| {
            // The rates are the only decimals: 0.5 -> 0,5.
            l.replace(',', ";").replace("0.5", "0,5")
        })
        .collect();
    let out = s
        .uptake(&args("fr"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(out, format!("\u{feff}{}", crlf(fr)).into_bytes());
    let en: Vec<String> = std::iter::once(header)
        .chain(rows)
        .map(String::from)
        .collect();
    let out = s
        .uptake(&args("en"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(out, format!("\u{feff}{}", crlf(en)).into_bytes());
    // The plain CSV is unchanged by it.
    let plain = s.stdout(&[
        "metrics",
        "summary",
        "--as-of",
        "2026-09-30",
        "--by",
        "department",
        "--min-group",
        "1",
        "--format",
        "csv",
    ]);
    assert_eq!(plain, format!("{header}\n{}\n{}\n", rows[0], rows[1]));
    s.uptake(&["metrics", "summary", "--excel"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--format csv"));
}
