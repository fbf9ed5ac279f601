//! `uptake report` and `uptake check`: the files written, snapshots of report.md and
//! report.json on a fixed generated organisation, SVGs that parse, charts whose points
//! are the metrics commands' own output, and check's exit codes.

use serde_json::Value;
use uptake_metrics::Plan;
use uptake_report::{
    ActivationChart, BreadthChart, CurvesChart, DailyChart, EffectsChart, GhostsChart,
    LeadershipChart, LifecycleChart, Report, ReportOptions, RetentionChart, SprawlChart,
};
use uptake_store::Store;

use crate::support::Scratch;

/// 250 people over 150 days (seed 3), ingested, with the generator's plan and objectives.
pub(crate) fn organisation() -> Scratch {
    let s = Scratch::new();
    s.stdout(&[
        "generate", "--people", "250", "--days", "150", "--seed", "3", "--out", "g",
    ]);
    s.stdout(&["ingest", "generic", "g/events.csv"]);
    s.stdout(&["roster", "import", "g/roster.csv"]);
    s
}

fn json(s: &Scratch, args: &[&str]) -> Value {
    serde_json::from_str(&s.stdout(args)).unwrap()
}

fn rows(doc: &Value) -> &Vec<Value> {
    doc["rows"].as_array().unwrap()
}

fn close(a: f64, b: f64, what: &str) {
    assert!((a - b).abs() < 1e-9, "{what}: {a} vs {b}");
}

#[test]
fn report_writes_every_file_and_names_no_one() {
    let s = organisation();
    let out = s.stdout(&[
        "report",
        "--plan",
        "g/plan.toml",
        "--out",
        "rep",
        "--lang",
        "en",
    ]);
    assert!(out.contains("report at 2026-06-03"), "{out}");
    let charts = uptake_report::CHART_IDS;
    assert_eq!(charts.len(), 11);
    for id in charts {
        let svg = std::fs::read_to_string(s.path(&format!("rep/charts/{id}.svg"))).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{id}.svg: {e}"));
        assert_eq!(doc.root_element().tag_name().name(), "svg", "{id}");
        let png = std::fs::read(s.path(&format!("rep/charts/{id}.png"))).unwrap();
        // PNG signature, then the IHDR chunk's width and height.
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{id}.png");
        let be = |i: usize| u32::from_be_bytes(png[i..i + 4].try_into().unwrap());
        assert_eq!((be(16), be(20)), (960, 520), "{id}.png");
    }
    let html = std::fs::read_to_string(s.path("rep/report.html")).unwrap();
    // Self-contained: every chart inline, nothing fetched.
    assert_eq!(html.matches("<svg").count(), charts.len());
    for fetch in ["<script", "<link", "src=", "@import", "url("] {
        assert!(!html.contains(fetch), "report.html contains {fetch}");
    }
    let md = std::fs::read_to_string(s.path("rep/report.md")).unwrap();
    let report = std::fs::read_to_string(s.path("rep/report.json")).unwrap();
    // Aggregates never name anyone: no roster person appears, and no ghosts.csv.
    let roster = std::fs::read_to_string(s.path("g/roster.csv")).unwrap();
    for line in roster.lines().skip(1) {
        let person = line.split(',').next().unwrap();
        for (name, text) in [("html", &html), ("md", &md), ("json", &report)] {
            assert!(!text.contains(person), "{person} named in report.{name}");
        }
    }
    assert!(!s.path("rep/ghosts.csv").exists());
    s.stdout(&[
        "report",
        "--plan",
        "g/plan.toml",
        "--out",
        "named",
        "--names",
        "--format",
        "json",
    ]);
    let ghosts = std::fs::read_to_string(s.path("named/ghosts.csv")).unwrap();
    assert!(ghosts.starts_with("person,name,department"), "{ghosts}");
    assert!(!s.path("named/report.html").exists());
}

#[test]
fn report_text_and_json_are_stable() {
    let s = organisation();
    s.stdout(&[
        "report",
        "--plan",
        "g/plan.toml",
        "--out",
        "rep",
        "--lang",
        "en",
    ]);
    let md = std::fs::read_to_string(s.path("rep/report.md")).unwrap();
    insta::assert_snapshot!("report_md_en", md);
    let json = std::fs::read_to_string(s.path("rep/report.json")).unwrap();
    insta::assert_snapshot!("report_json", json);
    s.stdout(&[
        "report",
        "--plan",
        "g/plan.toml",
        "--out",
        "fr",
        "--lang",
        "fr",
        "--format",
        "md",
    ]);
    let fr = std::fs::read_to_string(s.path("fr/report.md")).unwrap();
    insta::assert_snapshot!("report_md_fr", fr);
}

#[test]
fn charts_show_the_metrics_commands_figures() {
    let s = organisation();
    let store = Store::open_existing(s.store()).unwrap();
    let plan = Plan::read(&s.path("g/plan.toml")).unwrap();
    let roster = store.read_roster().unwrap().unwrap();
    let r = Report::gather(&store, &roster, plan, None, ReportOptions::default()).unwrap();
    let num = |v: &Value| v.as_f64().unwrap();

    // 1. Curves: every wave's daily activation share, as `uptake curve --daily`.
    let (curves, notes) = CurvesChart::from_report(&r).unwrap();
    let doc = json(
        &s,
        &[
            "curve",
            "--plan",
            "g/plan.toml",
            "--daily",
            "--format",
            "json",
        ],
    );
    let expected: Vec<&Value> = rows(&doc)
        .iter()
        .filter(|x| x["segment"] == "all")
        .collect();
    let drawn: usize = curves.series.iter().map(|c| c.points.len()).sum();
    assert_eq!(drawn, expected.len());
    for x in expected {
        let wave = curves
            .series
            .iter()
            .find(|c| c.wave == x["wave"].as_str().unwrap())
            .unwrap();
        let day = num(&x["day"]);
        let point = wave.points.iter().find(|p| p.0 == day).unwrap();
        close(point.1, num(&x["activation_share"]), "activation share");
    }
    // The fit line is the Bass fit of `uptake fit` (m estimated from the curve), at
    // the end of its first period: m F(1) / eligible.
    let fits = json(&s, &["fit", "--plan", "g/plan.toml", "--format", "json"]);
    for f in rows(&fits)
        .iter()
        .filter(|f| f["segment"] == "all" && f["p"].is_number())
    {
        let c = curves
            .series
            .iter()
            .find(|c| c.wave == f["wave"].as_str().unwrap())
            .unwrap();
        let (p, q, m, n) = (
            num(&f["p"]),
            num(&f["q"]),
            num(&f["m"]),
            num(&f["eligible"]),
        );
        let f1 = (1.0 - (-(p + q)).exp()) / (1.0 + q / p * (-(p + q)).exp());
        close(c.fit[6].1, (m * f1 / n).min(1.0), "fit at day 6");
    }
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("Half of wave 1 activated at 1 month"))
    );

    // 2. Active and ghosts by department, as `uptake metrics summary --by department`.
    let (ghosts, _) = GhostsChart::from_report(&r).unwrap();
    let doc = json(
        &s,
        &[
            "metrics",
            "summary",
            "--by",
            "department",
            "--format",
            "json",
        ],
    );
    let shown: Vec<&Value> = rows(&doc)
        .iter()
        .filter(|x| x["eligible"].is_number())
        .collect();
    assert_eq!(ghosts.bars.len(), shown.len());
    for (bar, x) in ghosts.bars.iter().zip(shown) {
        assert_eq!(bar.segment, x["segment"].as_str().unwrap());
        close(bar.active, num(&x["active_28d"]), "active");
        close(bar.never, num(&x["ghosts_never"]), "never");
        close(bar.lapsed, num(&x["ghosts_lapsed"]), "lapsed");
        let rest = num(&x["eligible"])
            - num(&x["active_28d"])
            - num(&x["ghosts_never"])
            - num(&x["ghosts_lapsed"]);
        close(bar.other, rest, "grace");
    }

    // Objectives on the bars: Sales' active rate at 70 %, everyone's ghosts from 75 %
    // (under 25 %) and from 70 % (under 30 %).
    let at = |segment: &str| {
        ghosts
            .bars
            .iter()
            .position(|b| b.segment == segment)
            .unwrap()
    };
    let marks: Vec<(usize, f64)> = ghosts.targets.iter().map(|(b, x, _)| (*b, *x)).collect();
    assert_eq!(
        marks,
        [(at("Sales"), 0.7), (at("all"), 0.75), (at("all"), 0.7)]
    );

    // 3. DAU, WAU, MAU per day, as `uptake metrics daily`.
    let (daily, _) = DailyChart::from_report(&r).unwrap();
    let doc = json(&s, &["metrics", "daily", "--format", "json"]);
    assert_eq!(daily.points.len(), rows(&doc).len());
    for (p, x) in daily.points.iter().zip(rows(&doc)) {
        close(p.1, num(&x["dau"]), "dau");
        close(p.2, num(&x["wau"]), "wau");
        close(p.3, num(&x["mau"]), "mau");
    }
    assert!(
        daily
            .milestones
            .iter()
            .any(|(_, l)| l.contains("Training: wave 1"))
    );

    // 4. Lifecycle weeks, as `uptake metrics lifecycle`.
    let (life, _) = LifecycleChart::from_report(&r).unwrap();
    let doc = json(&s, &["metrics", "lifecycle", "--format", "json"]);
    assert_eq!(life.weeks.len(), rows(&doc).len());
    for (w, x) in life.weeks.iter().zip(rows(&doc)) {
        assert_eq!(w.week.to_string(), x["week"].as_str().unwrap());
        close(w.new, num(&x["new"]), "new");
        close(w.dormant, num(&x["dormant"]), "dormant");
    }

    // 5. Retention: each cohort's shares, as `uptake metrics retention`.
    let (ret, _) = RetentionChart::from_report(&r).unwrap();
    let doc = json(&s, &["metrics", "retention", "--format", "json"]);
    for c in &ret.cohorts {
        for (k, share) in c.shares.iter().enumerate() {
            let x = rows(&doc)
                .iter()
                .find(|x| x["cohort"] == c.week.to_string().as_str() && x["k"] == k)
                .unwrap();
            close(*share, num(&x["share"]), "retention share");
        }
    }

    // 6. Activations per week since registration, summed from the Kaplan-Meier table.
    let (act, _) = ActivationChart::from_report(&r).unwrap();
    let doc = json(
        &s,
        &["metrics", "activation", "--curve", "--format", "json"],
    );
    let mut weeks = vec![0.0; act.per_week.len()];
    for x in rows(&doc) {
        let w = ((num(&x["days"]).max(0.0) / 7.0) as usize).min(25);
        weeks[w] += num(&x["activated"]);
    }
    assert_eq!(act.per_week, weeks);

    // 7. Category shares, as `uptake metrics breadth`.
    let (breadth, _) = BreadthChart::from_report(&r).unwrap();
    let doc = json(&s, &["metrics", "breadth", "--format", "json"]);
    let all = &rows(&doc)[0];
    for b in &breadth.bars {
        close(
            b.share,
            num(&all[format!("share_{}", b.category).as_str()]),
            &b.category,
        );
    }
    assert!(
        breadth
            .bars
            .iter()
            .any(|b| b.category == "tasks" && b.encouraged && b.targets == [0.2])
    );

    // 8. Effects at day 30, as `uptake effects` with the same seed.
    let (fx, _) = EffectsChart::from_report(&r).unwrap();
    let doc = json(
        &s,
        &["effects", "--plan", "g/plan.toml", "--format", "json"],
    );
    let day30: Vec<&Value> = rows(&doc)
        .iter()
        .filter(|x| x["measure"] == "activated by day 30" && x["difference"].is_number())
        .collect();
    assert_eq!(fx.bars.len(), day30.len());
    for (b, x) in fx.bars.iter().zip(day30) {
        close(b.difference, num(&x["difference"]), "difference");
        close(b.low, num(&x["ci_low"]), "low");
        close(b.high, num(&x["ci_high"]), "high");
    }

    // 9. Leadership: each level's share activated day by day, as `uptake metrics
    // leadership --curve`, and one note per level of `uptake metrics leadership`.
    let (lead, notes) = LeadershipChart::from_report(&r).unwrap();
    let doc = json(
        &s,
        &["metrics", "leadership", "--curve", "--format", "json"],
    );
    let points: usize = lead.levels.iter().map(|(_, p)| p.len()).sum();
    assert_eq!(points, rows(&doc).len());
    assert!(!lead.levels.is_empty());
    for (level, pts) in &lead.levels {
        let theirs: Vec<f64> = rows(&doc)
            .iter()
            .filter(|x| x["level"] == *level)
            .map(|x| num(&x["activated_share"]))
            .collect();
        assert_eq!(pts.len(), theirs.len(), "level {level}");
        for (p, t) in pts.iter().zip(theirs) {
            close(p.1, t, "activated share");
        }
    }
    let doc = json(&s, &["metrics", "leadership", "--format", "json"]);
    assert_eq!(
        notes.len(),
        rows(&doc).iter().filter(|x| x["level"].is_number()).count()
    );

    // 10. Tool sprawl: each category's multi-tool share in the last 6 windows, as
    // `uptake metrics sprawl --curve --periods 6`.
    let (sprawl, _) = SprawlChart::from_report(&r).unwrap();
    let doc = json(
        &s,
        &[
            "metrics",
            "sprawl",
            "--curve",
            "--periods",
            "6",
            "--format",
            "json",
        ],
    );
    assert_eq!(sprawl.windows.len(), 6);
    assert!(!sprawl.categories.is_empty());
    for (category, points) in &sprawl.categories {
        let theirs: Vec<f64> = rows(&doc)
            .iter()
            .filter(|x| x["category"] == *category.as_str())
            // Suppressed windows are not drawn.
            .filter_map(|x| x["multi_tool_share"].as_f64())
            .collect();
        assert_eq!(points.len(), theirs.len(), "{category}");
        for (p, t) in points.iter().zip(theirs) {
            close(p.1, t, "multi-tool share");
        }
    }
}

#[test]
fn check_exit_status_follows_the_objectives() {
    let s = organisation();
    // The generated plan has missed objectives at the end of the data: exit 1, and -q
    // prints one line per objective to act on.
    let out = s
        .uptake(&["-q", "check", "--plan", "g/plan.toml"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(
        !out.is_empty()
            && out.lines().all(|l| l.starts_with("missed: ")
                || l.starts_with("at risk: ")
                || l.starts_with("no data: ")),
        "{out}"
    );
    // A plan whose only objective is met: exit 0, and -q prints nothing.
    let plan = std::fs::read_to_string(s.path("g/plan.toml")).unwrap();
    let head = plan.split("\n[[objectives.target]]").next().unwrap();
    s.write(
        "met.toml",
        format!(
            "{head}\n[[objectives.target]]\nname = \"Someone active\"\nmetric = \"active_rate\"\nvalue = 0.01\ndays = 30\nwave = \"wave-1\"\n"
        ),
    );
    let out = s
        .uptake(&["-q", "check", "--plan", "met.toml"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    assert!(out.is_empty(), "{}", String::from_utf8_lossy(&out));
    let table = s.stdout(&["check", "--plan", "met.toml", "--format", "json"]);
    let doc: Value = serde_json::from_str(&table).unwrap();
    assert_eq!(doc["schema"], "uptake.check/1");
    assert_eq!(rows(&doc)[0]["status"], "met");
    // An error in the plan: exit 2 with the target named.
    s.write(
        "bad.toml",
        format!(
            "{head}\n[[objectives.target]]\nname = \"x\"\nmetric = \"mood\"\nvalue = 1\ndays = 30\n"
        ),
    );
    let err = s
        .uptake(&["check", "--plan", "bad.toml"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(err).unwrap();
    assert!(
        err.contains("objectives.target 1 (`x`): metric `mood`"),
        "{err}"
    );
}

#[test]
fn report_errors_say_what_is_missing() {
    let s = Scratch::new();
    s.stdout(&[
        "generate", "--people", "40", "--days", "40", "--seed", "2", "--out", "g",
    ]);
    s.stdout(&["ingest", "generic", "g/events.csv"]);
    let stderr = |args: &[&str]| {
        let out = s.uptake(args).assert().code(2).get_output().stderr.clone();
        String::from_utf8(out).unwrap()
    };
    let err = stderr(&["report", "--plan", "g/plan.toml", "--out", "r"]);
    assert!(
        err.contains("the report needs the roster: uptake roster import FILE"),
        "{err}"
    );
    s.stdout(&["roster", "import", "g/roster.csv"]);
    let plan = std::fs::read_to_string(s.path("g/plan.toml")).unwrap();
    s.write(
        "bad.toml",
        plan.replace("members = 'pilot = true'", "members = 'pilote = true'"),
    );
    let err = stderr(&["report", "--plan", "bad.toml", "--out", "r"]);
    assert!(
        err.contains("in bad.toml: plan: wave `pilot`: no roster column `pilote`; columns are: "),
        "{err}"
    );
    // An output folder that cannot be made: the path, then the cause, once.
    s.write("blocked", "a file, not a folder");
    let err = stderr(&["report", "--plan", "g/plan.toml", "--out", "blocked"]);
    assert!(err.contains("cannot write blocked/charts: "), "{err}");
    assert_eq!(err.matches("os error").count(), 1, "{err}");
}

#[test]
fn partners_section_shows_the_plans_partners_and_guests() {
    let s = organisation();
    // The report is at 2026-06-03; its window is May 7 to June 3. Durand's x1 and x2 are
    // active in it, x3 was seen in February only; one Gmail guest is active.
    s.write(
        "guests.csv",
        "ts,person,tool,action\n\
         2026-05-20T09:00:00Z,x1@durand.example,teams,message\n\
         2026-05-21T09:00:00Z,x2@durand.example,teams,message\n\
         2026-02-02T09:00:00Z,x3@durand.example,teams,message\n\
         2026-05-25T09:00:00Z,guest@gmail.com,teams,message\n",
    );
    s.stdout(&["ingest", "generic", "guests.csv"]);
    let plan = std::fs::read_to_string(s.path("g/plan.toml")).unwrap()
        + "\n[[partner]]\nname = \"Agence Durand\"\ndomains = [\"durand.example\"]\nexpected = 4\ntarget = 0.5\nby = 2026-12-31\n";
    s.write("plan-p.toml", plan);
    let store = Store::open_existing(s.store()).unwrap();
    let roster = store.read_roster().unwrap().unwrap();
    let options = ReportOptions {
        windows: uptake_metrics::Windows {
            min_group: 1,
            ..Default::default()
        },
        ..ReportOptions::default()
    };
    let plan = Plan::read(&s.path("plan-p.toml")).unwrap();
    let r = Report::gather(&store, &roster, plan, None, options).unwrap();
    let v = uptake_report::view(&r, &[]);
    assert_eq!(v.partner_header[0], "Group");
    assert_eq!(v.partner_rows[0][..2], ["Employees", "roster"]);
    // 2 of 3 active, 2 of the 4 expected: the 50 % target is met before its date. (The
    // generated organisation has guests of its own, at two other domains.)
    let ours: Vec<Vec<String>> = v
        .partner_rows
        .iter()
        .filter(|r| r[0] == "Agence Durand" || r[0] == "gmail.com")
        .cloned()
        .collect();
    assert_eq!(
        ours,
        [
            vec![
                "Agence Durand",
                "partner",
                "3",
                "2",
                "66.7%",
                "4",
                "50%",
                "50%",
                "31 Dec 2026",
                "met"
            ],
            vec![
                "gmail.com",
                "guests",
                "1",
                "1",
                "100%",
                "—",
                "—",
                "—",
                "—",
                "—"
            ],
        ]
    );
    // Without the plan's partner, Durand's people are guests of their domain, listed
    // by people, most first, after the generated plan's own partner.
    let plain = Report::gather(
        &store,
        &roster,
        Plan::read(&s.path("g/plan.toml")).unwrap(),
        None,
        ReportOptions::default(),
    )
    .unwrap();
    let groups: Vec<(String, String)> = plain
        .partners
        .rows
        .iter()
        .map(|r| (uptake_report::text(&r[0]), uptake_report::text(&r[1])))
        .collect();
    assert_eq!(
        groups,
        [
            ("employees".to_string(), "roster".to_string()),
            ("Conseil Agile".to_string(), "partner".to_string()),
            ("transports-durand.example".to_string(), "other".to_string()),
            ("durand.example".to_string(), "other".to_string()),
            ("gmail.com".to_string(), "other".to_string()),
        ]
    );
}
