//! An as-of date outside the days the exports cover: warned about, and objectives there
//! are `no data` unless `--allow-stale`; no metric reads an event after as-of.

use chrono::{Days, NaiveDate};

use crate::support::Scratch;

/// Ten Sales people registered on 1 June 2026, on Slack only. p0..p2 active every day
/// to 1 October (the last day of the export), p3..p5 every day to 20 September (a
/// Sunday), p6 once, on Tuesday 29 September; p7..p9 never.
fn org() -> Scratch {
    let mut roster = String::from("person,registered_at,department\n");
    for i in 0..10 {
        roster.push_str(&format!("p{i}@x.org,2026-06-01,Sales\n"));
    }
    let mut events = String::from("ts,person,tool,action\n");
    let start = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    let mut day = start;
    while day <= NaiveDate::from_ymd_opt(2026, 10, 1).unwrap() {
        let last = if day <= NaiveDate::from_ymd_opt(2026, 9, 20).unwrap() {
            6
        } else {
            3
        };
        for i in 0..last {
            events.push_str(&format!("{day}T09:00:00Z,p{i}@x.org,slack,message\n"));
        }
        day = day + Days::new(1);
    }
    events.push_str("2026-09-29T09:00:00Z,p6@x.org,slack,message\n");
    let s = Scratch::with_org(&roster, &events);
    s.write(
        "plan.toml",
        "t0 = 2026-06-01\n\n\
         [[objectives.target]]\nname = \"active on 1 Oct\"\nmetric = \"active_rate\"\nvalue = 0.5\ndate = 2026-10-01\n\n\
         [[objectives.target]]\nname = \"active on 20 Oct\"\nmetric = \"active_rate\"\nvalue = 0.5\ndate = 2026-10-20\n\n\
         [[objectives.target]]\nname = \"active at year end\"\nmetric = \"active_rate\"\nvalue = 0.5\ndate = 2026-12-31\n",
    );
    s
}

/// `uptake check --format csv` with `extra`: the exit code, each objective's (status,
/// value) and stderr.
fn check(s: &Scratch, extra: &[&str]) -> (i32, Vec<(String, String)>, String) {
    let mut args = vec!["check", "--plan", "plan.toml", "--format", "csv"];
    args.extend(extra);
    let out = s.uptake(&args).output().unwrap();
    let mut r = csv::Reader::from_reader(out.stdout.as_slice());
    let header = r.headers().unwrap().clone();
    let at = |n: &str| header.iter().position(|h| h == n).unwrap();
    let rows = r
        .records()
        .map(|x| {
            let x = x.unwrap();
            (x[at("status")].to_string(), x[at("value")].to_string())
        })
        .collect();
    (
        out.status.code().unwrap(),
        rows,
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn an_as_of_after_the_data_is_warned_about_and_its_objectives_have_no_data() {
    let s = org();
    let warning = "warning: as-of 2026-10-20 is 19 day(s) after the last day the exports of slack cover (2026-10-01)";

    // On 1 Oct (window 4 Sep - 1 Oct) p0..p6 are active: 7 of 10. On 20 Oct (window 23
    // Sep - 20 Oct) only p0..p2 and p6: 4 of 10, the 19 days without data read as
    // inactivity. At year end the checkpoint is ahead: measured at as-of.
    let (code, rows, err) = check(&s, &["--as-of", "2026-10-20"]);
    assert_eq!(code, 1);
    assert!(err.contains(warning), "{err}");
    assert_eq!(
        rows,
        pairs(&[("met", "0.7"), ("no data", ""), ("no data", "")])
    );

    // --allow-stale: the old reading, the missing days counted as inactivity (and the
    // trend from 6 of 10 on 22 Sep down to 4 of 10 never reaches 0.5).
    let (code, rows, err) = check(&s, &["--as-of", "2026-10-20", "--allow-stale"]);
    assert_eq!(code, 1);
    assert!(err.contains(warning), "{err}");
    assert_eq!(
        rows,
        pairs(&[("met", "0.7"), ("missed", "0.4"), ("at risk", "0.4")])
    );

    // The metrics warn too, and still compute.
    let out = s
        .uptake(&[
            "metrics",
            "summary",
            "--as-of",
            "2026-10-20",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains(warning), "{err}");
    // At the last day of the data nothing is said.
    let out = s
        .uptake(&["metrics", "summary", "--as-of", "2026-10-01"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains("warning"), "{err}");

    // The report: its objectives as `check`, and the trailing gap in its data quality.
    s.uptake(&[
        "report",
        "--plan",
        "plan.toml",
        "--as-of",
        "2026-10-20",
        "--format",
        "json,md",
        "--out",
        "r",
    ])
    .assert()
    .success();
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(s.path("r/report.json")).unwrap()).unwrap();
    assert_eq!(
        doc["quality"]["trailing_gaps"],
        serde_json::json!([{"tool": "slack", "last": "2026-10-01", "days": 19}])
    );
    assert_eq!(doc["quality"]["before_data_days"], serde_json::Value::Null);
    let statuses: Vec<&str> = doc["objectives"]["scorecard"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["met", "no data", "no data"]);
    let md = std::fs::read_to_string(s.path("r/report.md")).unwrap();
    assert!(md.contains("slack: 19 days, last day 1 Oct 2026"), "{md}");
}

#[test]
fn an_as_of_before_any_data_is_warned_about() {
    let s = org();
    let (code, rows, err) = check(&s, &["--as-of", "2026-05-01"]);
    assert_eq!(code, 1);
    assert!(
        err.contains(
            "warning: as-of 2026-05-01 is before any data: the exports start on 2026-06-01"
        ),
        "{err}"
    );
    assert_eq!(
        rows,
        pairs(&[("no data", ""), ("no data", ""), ("no data", "")])
    );
}

#[test]
fn lifecycle_counts_no_day_after_an_as_of_monday() {
    let s = org();
    // As-of Monday 28 Sep: p0..p2 active that day (returning); p3..p5 last active in the
    // week of 14 Sep, dormant in the week of 21 Sep; p6's first day (Tue 29 Sep) is
    // after as-of, so not `new` yet. The as-of week is partial.
    let out = s.stdout(&[
        "metrics",
        "lifecycle",
        "--as-of",
        "2026-09-28",
        "--format",
        "csv",
    ]);
    let tail: Vec<&str> = out.lines().rev().take(3).collect();
    assert_eq!(
        tail,
        [
            "2026-09-28,0,3,0,0,true",
            "2026-09-21,0,3,0,3,false",
            "2026-09-14,0,6,0,0,false",
        ]
    );
    assert!(
        out.starts_with("week,new,returning,resurrecting,dormant,partial\n"),
        "{out}"
    );
    // On the Sunday the week is whole, and p6 is new in it.
    let out = s.stdout(&[
        "metrics",
        "lifecycle",
        "--as-of",
        "2026-10-04",
        "--format",
        "csv",
    ]);
    assert!(out.ends_with("2026-09-28,1,3,0,0,false\n"), "{out}");
}
