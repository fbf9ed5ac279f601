//! k-anonymity (`min_group`, docs/metrics.md "Small groups") in the aggregate commands
//! and the report: no figure over a group of fewer than k people is printed.

use serde_json::Value;

use crate::support::Scratch;

/// A generated organisation of 60 people ingested, with the generator's plan.
fn organisation() -> Scratch {
    let s = Scratch::new();
    s.stdout(&[
        "generate", "--people", "60", "--days", "120", "--seed", "5", "--out", "g",
    ]);
    s.stdout(&["ingest", "generic", "g/events.csv"]);
    s.stdout(&["roster", "import", "g/roster.csv"]);
    s
}

fn json(s: &Scratch, args: &[&str]) -> Value {
    let out = s.stdout(args);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}: {out}"))
}

/// People per value of a roster column, counted from the generated roster.
fn group_sizes(s: &Scratch, column: &str) -> std::collections::BTreeMap<String, usize> {
    let mut r = csv::Reader::from_path(s.path("g/roster.csv")).unwrap();
    let at = r
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == column)
        .unwrap();
    let mut sizes = std::collections::BTreeMap::new();
    for rec in r.records() {
        *sizes.entry(rec.unwrap()[at].to_string()).or_insert(0) += 1;
    }
    sizes
}

/// Checks that in every row of a group under k (by its `segment`), each of `figures` is
/// `suppressed`, and that the JSON counts the groups withheld; returns the rows checked.
fn check_withheld(doc: &Value, figures: &[&str], small: &dyn Fn(&str) -> bool) -> usize {
    let mut checked = 0;
    let mut groups = std::collections::BTreeSet::new();
    for row in doc["rows"].as_array().unwrap() {
        let segment = row["segment"].as_str().unwrap();
        if !small(segment) {
            // A wave of the plan may be withheld too (under k at as-of, or on a day).
            if figures.iter().any(|f| row[*f] == "suppressed") {
                groups.insert((row["wave"].to_string(), segment.to_string()));
            }
            continue;
        }
        for f in figures {
            assert_eq!(row[*f], "suppressed", "{f} of {segment}: {row}");
        }
        groups.insert((row["wave"].to_string(), segment.to_string()));
        checked += 1;
    }
    assert_eq!(
        doc["suppressed_groups"].as_u64().unwrap() as usize,
        groups.len(),
        "groups withheld"
    );
    checked
}

#[test]
fn by_name_prints_no_figure_of_a_group_under_k() {
    let s = organisation();
    let names = group_sizes(&s, "name");
    // Groups of one or two (people may share a name), all under k = 5.
    assert!(names.values().all(|n| *n < 5), "{names:?}");
    let small = |segment: &str| names.contains_key(segment);
    let plan = ["--plan", "g/plan.toml", "--by", "name", "--format", "json"];
    let cases: Vec<(Vec<&str>, &[&str])> = vec![
        (
            vec!["metrics", "lifecycle"],
            &["week", "new", "returning", "resurrecting", "dormant"],
        ),
        (
            vec!["metrics", "lifecycle", "--transitions"],
            &["from", "to", "people"],
        ),
        (
            vec!["metrics", "retention"],
            &["cohort", "size", "k", "active", "share"],
        ),
        (
            vec!["curve"],
            &[
                "eligible",
                "activated",
                "activation_share",
                "active_28d",
                "active_share_28d",
            ],
        ),
        (
            vec!["curve", "--daily"],
            &["day", "date", "eligible", "activated", "activation_share"],
        ),
        (
            vec!["fit"],
            &[
                "periods",
                "eligible",
                "activated",
                "m",
                "p",
                "q",
                "peak_date",
                "reach_50",
                "reach_50_status",
                "note",
            ],
        ),
        (
            vec!["rogers"],
            &[
                "people",
                "share",
                "cumulative_share",
                "first_day",
                "last_day",
            ],
        ),
    ];
    for (command, figures) in cases {
        let args = [&command[..], &plan[..]].concat();
        let doc = json(&s, &args);
        let checked = check_withheld(&doc, figures, &small);
        assert!(checked > 0, "{command:?}: no row of a group under k");
    }
    // The waves themselves (5 people or more) are still shown: wave-1's `as of` point.
    let curve = json(&s, &["curve", "--plan", "g/plan.toml", "--format", "json"]);
    let wave1 = curve["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["wave"] == "wave-1" && r["point"] == "as of")
        .unwrap();
    assert!(wave1["eligible"].as_i64().unwrap() >= 5, "{wave1}");
    // The text output says how many groups it withheld.
    let text = s.stdout(&["metrics", "lifecycle", "--by", "name"]);
    assert!(
        text.contains(&format!(
            "{} group(s) of fewer than 5 eligible people withheld",
            names.len()
        )),
        "{text}"
    );
    // --min-group 1 shows them (a steering committee allowed named figures), but for
    // people not eligible at as-of (groups of none).
    let shown = json(
        &s,
        &[&["rogers", "--min-group", "1"][..], &plan[..]].concat(),
    );
    assert!(
        shown["rows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| small(r["segment"].as_str().unwrap()) && r["people"].is_i64())
    );
}

#[test]
fn report_withholds_a_wave_under_k() {
    let s = organisation();
    // A first wave of one person (the first wave whose filter matches wins).
    let plan = std::fs::read_to_string(s.path("g/plan.toml")).unwrap();
    let mut r = csv::Reader::from_path(s.path("g/roster.csv")).unwrap();
    let at = r
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "name")
        .unwrap();
    let first: String = r.records().next().unwrap().unwrap()[at].to_string();
    let solo = format!(
        "[[wave]]\nname = \"solo\"\nstart = 2026-01-05\nmembers = 'name = \"{first}\"'\n\n"
    );
    let at = plan.find("[[wave]]").unwrap();
    s.write("plan.toml", format!("{}{solo}{}", &plan[..at], &plan[at..]));
    s.stdout(&["report", "--plan", "plan.toml", "--out", "r"]);
    let doc: Value =
        serde_json::from_str(&std::fs::read_to_string(s.path("r/report.json")).unwrap()).unwrap();
    let rows = |table: &str| -> Vec<Value> {
        doc["tables"][table]["rows"]
            .as_array()
            .unwrap_or_else(|| panic!("no table {table}"))
            .clone()
    };
    let curve: Vec<Value> = rows("curves")
        .into_iter()
        .filter(|r| r["wave"] == "solo")
        .collect();
    assert_eq!(curve.len(), 1, "one withheld row: {curve:?}");
    for f in ["day", "date", "eligible", "activated", "activation_share"] {
        assert_eq!(curve[0][f], "suppressed", "{f}");
    }
    let fit: Vec<Value> = rows("fits")
        .into_iter()
        .filter(|r| r["wave"] == "solo")
        .collect();
    assert_eq!(fit.len(), 1);
    for f in ["eligible", "activated", "m", "p", "q", "reach_50"] {
        assert_eq!(fit[0][f], "suppressed", "{f}");
    }
    // Shown waves keep their figures.
    assert!(
        rows("curves")
            .iter()
            .any(|r| r["wave"] == "wave-1" && r["eligible"].is_i64())
    );
    // The quality section counts the waves withheld: `solo`, and any other (the
    // generated pilot has 5 people, not all eligible at as-of).
    let withheld: std::collections::BTreeSet<String> = rows("curves")
        .iter()
        .filter(|r| r["eligible"] == "suppressed")
        .map(|r| r["wave"].to_string())
        .collect();
    assert!(withheld.contains("\"solo\""), "{withheld:?}");
    assert_eq!(
        doc["quality"]["suppressed_by"]["waves"],
        withheld.len(),
        "{}",
        doc["quality"]
    );
    // The curves chart draws no line for it.
    let svg = std::fs::read_to_string(s.path("r/charts/adoption-curves.svg")).unwrap();
    assert!(!svg.contains("solo"), "the chart names the withheld wave");
}
