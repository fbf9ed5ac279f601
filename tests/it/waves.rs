//! `uptake curve`, `fit`, `rogers` and `effects` end to end on generated organisations,
//! with curve values recomputed straight from the generated CSV files.

use std::collections::{HashMap, HashSet};

use chrono::{Days, NaiveDate};
use serde_json::Value;

use crate::support::Scratch;

/// A generated organisation ingested into a store, with the generator's plan.
fn organisation(people: &str, days: &str, seed: &str, extra: &[&str]) -> Scratch {
    let s = Scratch::new();
    let mut args = vec![
        "generate", "--people", people, "--days", days, "--seed", seed, "--out", "g",
    ];
    args.extend(extra);
    s.stdout(&args);
    s.stdout(&["ingest", "generic", "g/events.csv"]);
    s.stdout(&["roster", "import", "g/roster.csv"]);
    s
}

fn json(s: &Scratch, args: &[&str]) -> Value {
    serde_json::from_str(&s.stdout(args)).unwrap()
}

/// One row of a command's JSON output (an object keyed by column).
struct Row<'a>(&'a Value);

impl Row<'_> {
    fn get(&self, column: &str) -> &Value {
        self.0
            .get(column)
            .unwrap_or_else(|| panic!("no column {column} in {}", self.0))
    }
}

fn rows(doc: &Value) -> impl Iterator<Item = Row<'_>> {
    doc["rows"].as_array().unwrap().iter().map(Row)
}

#[test]
fn curve_checkpoints_match_a_naive_scan() {
    let s = organisation("150", "200", "11", &[]);
    let doc = json(&s, &["curve", "--plan", "g/plan.toml", "--format", "json"]);
    let as_of: NaiveDate = doc["as_of"].as_str().unwrap().parse().unwrap();

    // Independently: active days from events.csv, waves from the roster as the
    // generator's plan defines them (pilot flag, else the `wave` column).
    let mut active: HashMap<String, HashSet<NaiveDate>> = HashMap::new();
    let mut r = csv::Reader::from_path(s.path("g/events.csv")).unwrap();
    for rec in r.records() {
        let rec = rec.unwrap();
        if &rec[9] != "true" {
            let day: NaiveDate = rec[0][..10].parse().unwrap();
            active.entry(rec[1].to_string()).or_default().insert(day);
        }
    }
    let plan = std::fs::read_to_string(s.path("g/plan.toml")).unwrap();
    let mut starts: HashMap<String, NaiveDate> = HashMap::new();
    for block in plan.split("[[wave]]").skip(1) {
        let field = |k: &str| {
            block
                .lines()
                .find_map(|l| l.strip_prefix(&format!("{k} = ")))
                .unwrap()
                .trim_matches('"')
                .to_string()
        };
        starts.insert(field("name"), field("start").parse().unwrap());
    }
    let mut roster = csv::Reader::from_path(s.path("g/roster.csv")).unwrap();
    let header = roster.headers().unwrap().clone();
    let at = |n: &str| header.iter().position(|h| h == n).unwrap();
    let people: Vec<(String, String, NaiveDate, Option<NaiveDate>)> = roster
        .records()
        .map(|r| {
            let r = r.unwrap();
            let wave = if &r[at("pilot")] == "true" {
                "pilot"
            } else {
                &r[at("wave")]
            };
            let deactivated = &r[at("deactivated_at")];
            (
                r[at("person")].to_string(),
                wave.to_string(),
                r[at("registered_at")].parse().unwrap(),
                (!deactivated.is_empty()).then(|| deactivated.parse().unwrap()),
            )
        })
        .collect();

    let mut checked = 0;
    for row in rows(&doc) {
        // A checkpoint ahead, or a group under k (`suppressed`), has no figures.
        if row.get("segment") != "all" || !row.get("eligible").is_i64() {
            continue;
        }
        let wave = row.get("wave").as_str().unwrap();
        let date: NaiveDate = row.get("date").as_str().unwrap().parse().unwrap();
        assert!(date <= as_of);
        let start = starts[wave];
        assert_eq!(row.get("day").as_i64().unwrap(), (date - start).num_days());
        let (mut eligible, mut activated, mut active28) = (0, 0, 0);
        for (person, w, registered, deactivated) in &people {
            if w != wave || *registered > date || deactivated.is_some_and(|x| x <= date) {
                continue;
            }
            eligible += 1;
            let days = active.get(person);
            if days.is_some_and(|d| d.iter().any(|x| *x <= date)) {
                activated += 1;
            }
            let from = date.checked_sub_days(Days::new(27)).unwrap();
            if days.is_some_and(|d| d.iter().any(|x| *x >= from && *x <= date)) {
                active28 += 1;
            }
        }
        assert_eq!(
            row.get("eligible").as_i64().unwrap(),
            eligible,
            "{wave} {date}"
        );
        assert_eq!(
            row.get("activated").as_i64().unwrap(),
            activated,
            "{wave} {date}"
        );
        assert_eq!(
            row.get("active_28d").as_i64().unwrap(),
            active28,
            "{wave} {date}"
        );
        checked += 1;
    }
    // Pilot and wave-1 reach day 30, 90 and as-of; later waves fewer.
    assert!(checked >= 10, "{checked} checkpoint rows checked");
    // A checkpoint after as-of is listed with no values.
    assert!(rows(&doc).any(|r| r.get("eligible").is_null()));
}

const VCR: &str = "period,adopters\n1,840\n2,1470\n3,2110\n4,4000\n5,7590\n6,10950\n7,10530\n8,9470\n9,7790\n10,5890\n";

#[test]
fn fit_of_a_series_matches_r_and_scipy() {
    let s = Scratch::new();
    s.write("vcr.csv", VCR);
    let doc = json(
        &s,
        &[
            "fit",
            "vcr.csv",
            "--estimator",
            "nls-density",
            "--format",
            "json",
        ],
    );
    let close = |key: &str, want: f64| {
        let got = doc[key].as_f64().unwrap();
        assert!(((got - want) / want).abs() < 1e-4, "{key}: {got} vs {want}");
    };
    // R nls (rpubs.com/chengjun/bass_model) printed m 6.80e4, p 6.59e-3, q 0.638; scipy
    // (tests/expect/bass_reference.py) gives the digits.
    close("m", 67980.90872);
    close("p", 0.006593959893);
    close("q", 0.6380912523);
    close("sse", 3701668.589);
    close(
        "t_peak",
        (0.6380912523f64 / 0.006593959893).ln() / (0.6380912523 + 0.006593959893),
    );
    assert_eq!(doc["estimator"], "nls-density");

    let ols = json(
        &s,
        &["fit", "vcr.csv", "--estimator", "ols", "--format", "json"],
    );
    assert!((ols["m"].as_f64().unwrap() / 62665.44691 - 1.0).abs() < 1e-4);
    let text = s.stdout(&["fit", "vcr.csv"]);
    assert!(
        text.contains("estimator nls") && text.contains("t_peak"),
        "{text}"
    );
}

#[test]
fn bad_series_name_the_line_and_field() {
    let s = Scratch::new();
    s.write("gap.csv", "period,adopters\n1,5\n3,9\n4,2\n");
    s.write("text.csv", "period,adopters\n1,5\n2,many\n3,2\n");
    s.write("cols.csv", "week,count\n1,5\n");
    s.write("short.csv", "period,adopters\n1,5\n2,6\n");
    let err = |f: &str| {
        let out = s.uptake(&["fit", f]).assert().code(2).get_output().clone();
        String::from_utf8(out.stderr).unwrap()
    };
    assert!(err("gap.csv").contains("gap.csv: line 3, field `period`: expected period 2"));
    assert!(err("text.csv").contains("text.csv: line 3, field `adopters`: `many` is not a number"));
    assert!(err("cols.csv").contains("no column `period`; columns are: week, count"));
    assert!(err("short.csv").contains("at least 3 periods are needed, got 2"));
}

#[test]
fn rogers_categories_fill_each_wave() {
    let s = organisation("150", "200", "11", &[]);
    let plan = ["--plan", "g/plan.toml"];
    let doc = json(&s, &[&["rogers", "--format", "json"][..], &plan].concat());
    let mut per_wave: HashMap<String, (i64, i64)> = HashMap::new();
    // A wave under k has its figures withheld (`suppressed`).
    for row in rows(&doc).filter(|r| r.get("people").is_i64()) {
        let e = per_wave
            .entry(row.get("wave").as_str().unwrap().to_string())
            .or_default();
        e.0 += row.get("people").as_i64().unwrap();
        if row.get("category") == "not yet adopted" {
            e.1 += row.get("people").as_i64().unwrap();
        }
    }
    // Per wave, categories add up to the eligible head-count at as-of (from `curve`).
    let curve = json(&s, &[&["curve", "--format", "json"][..], &plan].concat());
    for row in rows(&curve).filter(|r| {
        r.get("point") == "as of" && r.get("segment") == "all" && r.get("eligible").is_i64()
    }) {
        let wave = row.get("wave").as_str().unwrap();
        let (people, not_yet) = per_wave[wave];
        assert_eq!(people, row.get("eligible").as_i64().unwrap(), "{wave}");
        assert_eq!(
            people - not_yet,
            row.get("activated").as_i64().unwrap(),
            "{wave}"
        );
    }
    // The category is a `--by` column and a ghost-list column.
    let by = s.stdout(
        &[
            &["metrics", "summary", "--by", "rogers", "--format", "csv"][..],
            &plan,
        ]
        .concat(),
    );
    assert!(by.contains("\nnot yet adopted,"), "{by}");
    let ghosts = s.stdout(&[&["metrics", "ghosts", "--format", "csv"][..], &plan].concat());
    assert!(
        ghosts.lines().next().unwrap().ends_with(",rogers"),
        "{ghosts}"
    );
}

#[test]
fn wave_fits_give_target_dates() {
    let s = organisation("150", "200", "11", &[]);
    let doc = json(
        &s,
        &[
            "fit",
            "--plan",
            "g/plan.toml",
            "--fixed-market",
            "--format",
            "json",
        ],
    );
    let wave1 = rows(&doc).find(|r| r.get("wave") == "wave-1").unwrap();
    assert_eq!(wave1.get("m_fixed"), "true");
    assert_eq!(
        wave1.get("m").as_f64().unwrap(),
        wave1.get("eligible").as_f64().unwrap()
    );
    let status = wave1.get("reach_50_status").as_str().unwrap();
    assert!(["reached", "forecast"].contains(&status) || status.starts_with("not reachable"));
    assert_eq!(doc["targets"], serde_json::json!([0.5, 0.8]));
}

fn effect<'a>(doc: &'a Value, effect: &str, measure: &str) -> Row<'a> {
    rows(doc)
        .find(|r| r.get("effect") == effect && r.get("measure") == measure)
        .unwrap_or_else(|| panic!("no {effect} / {measure}"))
}

/// The generator's managers and ambassadors speed adoption up: their comparisons come out
/// positive with intervals above zero (within strata of wave, department and profile).
#[test]
fn built_in_effects_are_found() {
    // By day 30: by day 90 nearly everyone in scope has started either way.
    let measure = "activated by day 30";
    let with = organisation("1200", "240", "5", &[]);
    let doc = json(
        &with,
        &["effects", "--plan", "g/plan.toml", "--format", "json"],
    );
    assert!(doc["caveat"].as_str().unwrap().contains("not causal"));
    assert_eq!(doc["bootstrap"]["resamples"], 1000);
    for name in ["ambassadors", "managers"] {
        let r = effect(&doc, name, measure);
        let (low, high) = (
            r.get("ci_low").as_f64().unwrap(),
            r.get("ci_high").as_f64().unwrap(),
        );
        let diff = r.get("difference").as_f64().unwrap();
        assert!(
            diff > 0.0 && low > 0.0 && low <= diff && diff <= high,
            "{name}: {diff} [{low}, {high}]"
        );
        assert_eq!(r.get("resampled"), "teams");
    }
    // A comparison with nobody on one side says so instead of inventing a value.
    let everyone = rows(&doc)
        .find(|r| r.get("group").as_str().unwrap().contains("Company-wide"))
        .unwrap();
    assert!(everyone.get("difference").is_null());
    assert!(
        everyone
            .get("finding")
            .as_str()
            .unwrap()
            .starts_with("not estimated")
    );
}

/// With `--no-effects` the generator's managers and ambassadors neither pull their teams
/// nor are pulled by them: the stratified comparisons' intervals include zero.
#[test]
fn switched_off_effects_are_not_found() {
    let measure = "activated by day 30";
    let without = organisation("1200", "240", "5", &["--no-effects"]);
    let interval = |doc: &Value, name: &str| {
        let r = effect(doc, name, measure);
        let f = |c: &str| r.get(c).as_f64().unwrap();
        (f("difference"), f("ci_low"), f("ci_high"))
    };
    let doc = json(
        &without,
        &["effects", "--plan", "g/plan.toml", "--format", "json"],
    );
    assert_eq!(
        doc["adjusted_for"],
        serde_json::json!(["wave", "department", "profile"])
    );
    for name in ["ambassadors", "managers"] {
        let (diff, low, high) = interval(&doc, name);
        assert!(low <= 0.0 && 0.0 <= high, "{name}: {diff} [{low}, {high}]");
        let r = effect(&doc, name, measure);
        assert!(
            r.get("adjusted_for")
                .as_str()
                .unwrap()
                .starts_with("wave, department, profile ("),
            "{}",
            r.get("adjusted_for")
        );
    }
    let crude = json(
        &without,
        &[
            "effects",
            "--plan",
            "g/plan.toml",
            "--format",
            "json",
            "--adjust-for",
            "none",
        ],
    );
    assert_eq!(
        effect(&crude, "ambassadors", measure).get("adjusted_for"),
        "none"
    );
}
