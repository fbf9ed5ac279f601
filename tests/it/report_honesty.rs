//! What the report says about what it cannot show: forecasts only as far as the data
//! and the objectives go, levers not estimated and why, every withheld group counted,
//! charts whose legends match what they draw, and the French report in French.

use chrono::NaiveDate;
use serde_json::Value;
use uptake_metrics::Plan;
use uptake_report::{
    ActivationChart, BreadthChart, Chart, CurvesChart, DailyChart, EffectsChart, Lang, Report,
    ReportOptions, RetentionChart, SprawlChart, render,
};
use uptake_store::Store;

use crate::report::organisation;
use crate::support::Scratch;

fn json(s: &Scratch, args: &[&str]) -> Value {
    serde_json::from_str(&s.stdout(args)).unwrap()
}

fn rows(doc: &Value) -> &Vec<Value> {
    doc["rows"].as_array().unwrap()
}

fn gather(s: &Scratch, plan: &str, lang: Lang) -> Report {
    let store = Store::open_existing(s.store()).unwrap();
    let roster = store.read_roster().unwrap().unwrap();
    let plan = Plan::read(&s.path(plan)).unwrap();
    let options = ReportOptions {
        lang,
        ..ReportOptions::default()
    };
    Report::gather(&store, &roster, plan, None, options).unwrap()
}

/// An SVG element: its tag and attributes.
struct Element {
    tag: String,
    attrs: Vec<(String, String)>,
    text: String,
}

impl Element {
    fn get(&self, name: &str) -> &str {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    fn num(&self, name: &str) -> f64 {
        self.get(name).parse().unwrap_or(f64::NAN)
    }

    /// A polyline's points.
    fn points(&self) -> Vec<(f64, f64)> {
        self.get("points")
            .split_whitespace()
            .filter_map(|p| p.split_once(','))
            .map(|(x, y)| (x.parse().unwrap(), y.parse().unwrap()))
            .collect()
    }
}

fn svg_elements(svg: &str) -> Vec<Element> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.is_element())
        .map(|n| Element {
            tag: n.tag_name().name().to_string(),
            attrs: n
                .attributes()
                .map(|a| (a.name().to_string(), a.value().to_string()))
                .collect(),
            text: n.text().unwrap_or_default().trim().to_string(),
        })
        .collect()
}

fn svg_texts(svg: &str) -> Vec<String> {
    svg_elements(svg)
        .into_iter()
        .filter(|e| e.tag == "text")
        .map(|e| e.text)
        .collect()
}

fn svg(chart: &impl Chart, lang: Lang) -> String {
    render(chart, lang, None).unwrap()
}

#[test]
fn forecasts_stop_where_the_objectives_need_them() {
    let s = organisation();
    // An activation objective on wave-1 400 days after its start, far past the data
    // (150 days from 2026-01-05): wave-1's dotted line must run to day 400, and no
    // further; the other waves' lines, with no objective that far, stop at their last
    // day of data.
    let plan = std::fs::read_to_string(s.path("g/plan.toml")).unwrap()
        + "\n[[objectives.target]]\nname = \"Nine in ten of wave 1 at 400 days\"\nmetric = \"activation_rate\"\nvalue = 0.9\ndays = 400\nwave = \"wave-1\"\n";
    s.write("far.toml", plan);
    let r = gather(&s, "far.toml", Lang::En);
    let (curves, notes) = CurvesChart::from_report(&r).unwrap();
    let fitted: Vec<_> = curves.series.iter().filter(|c| !c.fit.is_empty()).collect();
    let fits = json(&s, &["fit", "--plan", "far.toml", "--format", "json"]);
    let with_m = rows(&fits)
        .iter()
        .filter(|f| f["segment"] == "all" && f["m"].is_number())
        .count();
    assert_eq!(fitted.len(), with_m, "a dotted line per wave with a fit");
    for c in &fitted {
        let last = c.points.last().unwrap().0;
        let end = c.fit.last().unwrap().0;
        if c.wave == "wave-1" {
            assert_eq!(end, 400.0, "wave-1");
        } else {
            assert_eq!(end, last, "{}", c.wave);
        }
    }
    assert!(
        fitted.iter().any(|c| c.wave == "wave-1"),
        "wave-1 has a fit"
    );
    assert_eq!(curves.horizon, 400.0);
    // Every fit of `uptake fit` (m estimated): never below the people activated so
    // far, never above the eligible; the level each line reaches is said in a note.
    for f in rows(&fits).iter().filter(|f| f["m"].is_number()) {
        let m = f["m"].as_f64().unwrap();
        let activated = f["activated"].as_f64().unwrap();
        let eligible = f["eligible"].as_f64().unwrap();
        assert!(m >= activated && m <= eligible, "{f}");
    }
    for c in &fitted {
        assert!(
            notes
                .iter()
                .any(|n| n.starts_with(&format!("{}: the dotted fit levels off at", c.wave))),
            "{notes:?}"
        );
    }
    // The legend says what the dotted lines are.
    let texts = svg_texts(&svg(&curves, Lang::En));
    assert!(
        texts.iter().any(|t| t.starts_with("dotted: Bass fit")),
        "{texts:?}"
    );
}

#[test]
fn a_wave_still_accelerating_has_no_forecast() {
    let s = organisation();
    // At 2026-02-22 wave-1 (from 2026-02-02) has three complete weeks, the third with
    // the most new activations: the curve has not turned.
    let doc = json(
        &s,
        &[
            "fit",
            "--plan",
            "g/plan.toml",
            "--as-of",
            "2026-02-22",
            "--format",
            "json",
        ],
    );
    let wave1 = rows(&doc)
        .iter()
        .find(|f| f["wave"] == "wave-1" && f["segment"] == "all")
        .unwrap();
    assert!(wave1["m"].is_null(), "{wave1}");
    assert!(
        wave1["note"]
            .as_str()
            .unwrap()
            .contains("m is not identified: the curve has not turned yet (the most new adopters, 18, came in period 3 of 3"),
        "{wave1}"
    );
    assert_eq!(wave1["reach_80_status"], "not identified");
    // A series still rising in every period: refused, and told how to fix m.
    s.write(
        "rising.csv",
        "period,adopters\n1,1\n2,2\n3,4\n4,7\n5,11\n6,16\n",
    );
    let out = s
        .uptake(&["fit", "rising.csv"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(
        err.contains("rising.csv: cannot fit the Bass model: m is not identified"),
        "{err}"
    );
    assert!(err.contains("--market N"), "{err}");
    // A quick start and a long trickle: 61 adopters, but the free least-squares fit
    // puts m at 44.3 (an independent grid search over p and q, m solved exactly for
    // each): the fit promises no fewer than the 61.
    let mut series = String::from("period,adopters\n");
    for (i, n) in [30, 10, 3].into_iter().chain([1; 18]).enumerate() {
        series.push_str(&format!("{},{n}\n", i + 1));
    }
    s.write("trickle.csv", series);
    let doc = json(&s, &["fit", "trickle.csv", "--format", "json"]);
    assert_eq!(doc["m"], 61.0);
    assert!(
        doc["note"]
            .as_str()
            .unwrap()
            .contains("m held at the 61 who adopted already")
    );
}

#[test]
fn levers_not_estimated_say_why() {
    let s = organisation();
    let plan = Plan::read(&s.path("g/plan.toml")).unwrap();
    let doc = json(
        &s,
        &["effects", "--plan", "g/plan.toml", "--format", "json"],
    );
    let r = gather(&s, "g/plan.toml", Lang::En);
    let (_, notes) = EffectsChart::from_report(&r).unwrap();
    let mut trainings = 0;
    for x in plan
        .interventions
        .iter()
        .filter(|x| x.kind.as_str() == "training")
    {
        // The training's audience is one wave: how many days after its start it falls,
        // from the plan itself.
        let wave = plan
            .waves
            .iter()
            .find(|w| x.name.ends_with(&w.name.replace('-', " ")))
            .unwrap();
        let gap = (x.date - wave.start).num_days();
        assert!(gap < 28, "the generated trainings fall early in their wave");
        let row = rows(&doc)
            .iter()
            .find(|e| {
                e["effect"] == "intervention"
                    && e["group"]
                        .as_str()
                        .unwrap()
                        .contains(&format!("`{}`", x.name))
                    && e["measure"].as_str().unwrap().contains("activation rate")
            })
            .unwrap();
        let finding = row["finding"].as_str().unwrap();
        let want = format!(
            "the date is {gap} days after their wave's start, and the 28 days before it must lie inside their roll-out"
        );
        assert!(finding.starts_with("not estimated: "), "{finding}");
        assert!(finding.contains(&want), "{finding}");
        assert!(
            notes.iter().any(
                |n| n.starts_with(&format!("{}: not estimated (", x.name)) && n.contains(&want)
            ),
            "{notes:?}"
        );
        trainings += 1;
    }
    assert_eq!(trainings, 3);
    // The communication two days before as-of: its 28 days after are not over, and
    // its rows say so rather than go missing.
    let everyone = plan
        .interventions
        .iter()
        .find(|x| x.audience.is_everyone())
        .unwrap();
    let row = rows(&doc)
        .iter()
        .find(|e| {
            e["group"]
                .as_str()
                .unwrap()
                .contains(&format!("`{}`", everyone.name))
        })
        .unwrap();
    assert_eq!(r.as_of, NaiveDate::from_ymd_opt(2026, 6, 3).unwrap());
    let end = everyone.date + chrono::Days::new(27);
    assert_eq!(
        row["finding"],
        format!("not estimated: the 28 days after the date end after as-of, on {end}").as_str()
    );
}

/// Rows of `doc` with a withheld figure; with `key`, distinct values of that column.
fn withheld(doc: &Value, key: Option<&str>) -> usize {
    let rows = rows(doc)
        .iter()
        .filter(|r| r.as_object().unwrap().values().any(|v| v == "suppressed"));
    match key {
        Some(k) => rows
            .map(|r| r[k].to_string())
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        None => rows.count(),
    }
}

#[test]
fn every_withheld_group_is_counted() {
    let s = organisation();
    let r = gather(&s, "g/plan.toml", Lang::En);
    let by = |args: &[&str]| {
        let mut a = vec!["metrics"];
        a.extend(args);
        a.extend(["--format", "json"]);
        json(&s, &a)
    };
    let segments = withheld(&by(&["summary", "--by", "department"]), None);
    let leadership = withheld(&by(&["leadership"]), None);
    let partners = withheld(&by(&["partners", "--plan", "g/plan.toml"]), None);
    let collaboration = withheld(
        &by(&[
            "collaboration",
            "--plan",
            "g/plan.toml",
            "--by",
            "department",
        ]),
        None,
    );
    let sprawl = withheld(&by(&["sprawl"]), None);
    // The first window's matrix, at its end: groups whose every cell is withheld.
    let (_, first_end) = r.collaboration_first_window.unwrap();
    let end = first_end.to_string();
    let matrix = by(&[
        "collaboration",
        "--plan",
        "g/plan.toml",
        "--by",
        "department",
        "--view",
        "matrix",
        "--as-of",
        &end,
    ]);
    let mut groups: std::collections::BTreeMap<String, bool> = Default::default();
    for row in rows(&matrix) {
        let all = groups.entry(row["from"].to_string()).or_insert(true);
        *all &= row["interactions"] == "suppressed";
    }
    let first = groups.values().filter(|all| **all).count();
    let retention = withheld(&by(&["retention"]), Some("cohort"));
    let total = segments + leadership + partners + collaboration + first + sprawl + retention;
    assert!(total > segments, "more withheld than the follow-up table's");
    assert_eq!(r.quality.suppressed_groups, total);
    let v = uptake_report::view(&r, &[]);
    let line = v
        .quality
        .iter()
        .find(|(k, _)| k.starts_with("Groups withheld"))
        .unwrap();
    assert!(line.1.starts_with(&format!("{total} (")), "{line:?}");
    if retention > 0 {
        assert!(
            line.1.contains(&format!("retention cohorts {retention}")),
            "{line:?}"
        );
    }
}

#[test]
fn daily_legend_draws_the_rate_dotted_and_off_the_data() {
    let s = organisation();
    let r = gather(&s, "g/plan.toml", Lang::En);
    // Daily: the active rate is dotted in the chart and in its legend (every black
    // line of width 2 is a short dash), and the legend covers no day of data.
    let (daily, _) = DailyChart::from_report(&r).unwrap();
    let elements = svg_elements(&svg(&daily, Lang::En));
    let black: Vec<&Element> = elements
        .iter()
        .filter(|e| {
            e.tag == "polyline" && e.get("stroke") == "#000000" && e.get("stroke-width") == "2"
        })
        .collect();
    assert!(!black.is_empty());
    for e in &black {
        let xs: Vec<f64> = e.points().iter().map(|p| p.0).collect();
        let span = xs.iter().copied().fold(f64::MIN, f64::max)
            - xs.iter().copied().fold(f64::MAX, f64::min);
        assert!(span <= 4.0, "a solid black line {} px long", span);
    }
    // The legend is under the dates: below every point of the monthly line.
    let lowest = elements
        .iter()
        .filter(|e| e.tag == "polyline" && e.get("stroke") == "#0072B2")
        .map(|e| e.points())
        .filter(|p| p.len() > 2)
        .flatten()
        .map(|p| p.1)
        .fold(f64::MIN, f64::max);
    let label = elements
        .iter()
        .find(|e| e.tag == "text" && e.text == "Active rate, 28 days (%)")
        .unwrap();
    assert!(
        label.num("y") > lowest,
        "legend at y {}, data down to {lowest}",
        label.num("y")
    );
}

#[test]
fn retention_has_a_colour_scale_and_counts_the_cohorts_left_out() {
    let s = organisation();
    let r = gather(&s, "g/plan.toml", Lang::En);
    // Retention: a colour scale, and the cohorts withheld for their size counted.
    let (retention, notes) = RetentionChart::from_report(&r).unwrap();
    let texts = svg_texts(&svg(&retention, Lang::En));
    for t in ["share active", "0%", "50%", "100%"] {
        assert!(texts.iter().any(|x| x == t), "{t} in {texts:?}");
    }
    let small = withheld(
        &json(&s, &["metrics", "retention", "--format", "json"]),
        Some("cohort"),
    );
    assert!(small > 0);
    assert!(
        notes.contains(&format!(
            "{small} activation weeks with fewer than 5 people are not shown."
        )),
        "{notes:?}"
    );
}

#[test]
fn time_to_first_use_says_which_median() {
    let s = organisation();
    let r = gather(&s, "g/plan.toml", Lang::En);
    // Time to first use: the label names its median, and a note gives both medians.
    let (activation, notes) = ActivationChart::from_report(&r).unwrap();
    let doc = json(&s, &["metrics", "activation", "--format", "json"]);
    let all = &rows(&doc)[0];
    let km = all["km_median_days"].as_f64().unwrap();
    let among = all["median_days"].as_f64().unwrap();
    let texts = svg_texts(&svg(&activation, Lang::En));
    assert!(
        texts.contains(&format!("Kaplan-Meier median {km:.0} days")),
        "{texts:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains(&format!("{km:.0} days by Kaplan-Meier"))
                && n.contains(&format!("{among:.0} days among the"))),
        "{notes:?}"
    );
}

#[test]
fn categories_no_source_records_are_not_measured() {
    let s = organisation();
    let r = gather(&s, "g/plan.toml", Lang::En);
    // Categories: those no source records are `not measured`, not 0 %. The generic
    // events of the generated organisation: which categories they carry, by query.
    let (breadth, notes) = BreadthChart::from_report(&r).unwrap();
    let recorded = s.stdout(&[
        "query",
        "SELECT DISTINCT category FROM events ORDER BY category",
        "--format",
        "csv",
    ]);
    let unmeasured: Vec<&str> = breadth
        .bars
        .iter()
        .map(|b| b.category.as_str())
        .filter(|c| !recorded.lines().any(|l| l == *c))
        .collect();
    assert!(!unmeasured.is_empty(), "{recorded}");
    let listed: Vec<String> = uptake_report::report_json(&r)["categories_recorded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    let mut listed_sorted = listed.clone();
    listed_sorted.sort();
    let queried: Vec<String> = recorded.lines().skip(1).map(str::to_string).collect();
    assert_eq!(listed_sorted, queried);
    let texts = svg_texts(&svg(&breadth, Lang::En));
    assert_eq!(
        texts.iter().filter(|t| *t == "not measured").count(),
        unmeasured.len(),
        "{texts:?}"
    );
    assert!(
        notes.iter().any(|n| n.starts_with("Not measured: ")),
        "{notes:?}"
    );
}

#[test]
fn levers_say_what_is_measured_and_what_the_dots_mean() {
    let s = organisation();
    let r = gather(&s, "g/plan.toml", Lang::En);
    // Levers: what is measured and what the dots mean, in the notes and the legend.
    let (effects, notes) = EffectsChart::from_report(&r).unwrap();
    assert!(notes[0].starts_with("Measured: for the pilot, ambassadors and managers, the share of people activated 30 days"), "{notes:?}");
    assert!(
        notes[1].contains("Filled dot: the interval excludes zero; hollow dot: it includes zero"),
        "{notes:?}"
    );
    let texts = svg_texts(&svg(&effects, Lang::En));
    for t in ["interval excludes zero", "interval includes zero"] {
        assert!(texts.iter().any(|x| x == t), "{t} in {texts:?}");
    }
}

#[test]
fn sprawl_lines_of_equal_value_stay_visible() {
    // Sprawl: a category equal to one drawn before is not hidden under it: its markers
    // stand apart and its legend names the other.
    let same = vec![(0.0, 0.2), (1.0, 0.25), (2.0, 0.25)];
    let sprawl = SprawlChart {
        windows: (0..3)
            .map(|i| NaiveDate::from_ymd_opt(2026, 3, 1).unwrap() + chrono::Days::new(28 * i))
            .collect(),
        categories: vec![
            ("meetings".into(), same.clone()),
            ("tasks".into(), same.clone()),
        ],
    };
    let elements = svg_elements(&svg(&sprawl, Lang::En));
    // Meetings' markers are circles, Tasks' squares (10 px, centred on the point).
    let circles: Vec<f64> = elements
        .iter()
        .filter(|e| e.tag == "circle" && e.get("fill") == "#0072B2")
        .map(|e| e.num("cx"))
        .collect();
    let squares: Vec<f64> = elements
        .iter()
        .filter(|e| e.tag == "rect" && e.get("fill") == "#E69F00" && e.num("width") == 10.0)
        .map(|e| e.num("x") + 5.0)
        .collect();
    assert_eq!(circles.len(), 4, "three points and the legend's");
    for x in &circles[..3] {
        assert!(
            squares.iter().all(|s| (s - x).abs() >= 4.0),
            "a Tasks marker on a Meetings one at x {x}: {squares:?}"
        );
    }
    let texts = svg_texts(&svg(&sprawl, Lang::En));
    assert!(texts.iter().any(|t| t == "Tasks (= Meetings)"), "{texts:?}");
}

#[test]
fn the_french_report_is_in_french() {
    let s = organisation();
    let r = gather(&s, "g/plan.toml", Lang::Fr);
    let v = uptake_report::view(&r, &[]);
    // Definitions, translated: each French one in the order of the English ones.
    let names: Vec<&str> = v.definitions.iter().map(|d| d.0.as_str()).collect();
    assert_eq!(names.len(), uptake_metrics::DEFINITIONS.len());
    assert!(names.contains(&"jour actif") && names.contains(&"fantôme à la date de situation A"));
    assert!(
        v.definitions
            .iter()
            .any(|d| d.1.starts_with("un jour avec au moins un événement compté")),
        "{:?}",
        v.definitions
    );
    // The follow-up table: the column and the total row in French.
    assert_eq!(v.ghost_header[0], "Direction");
    assert_eq!(v.ghost_rows.last().unwrap()[0], "Ensemble");
    s.stdout(&[
        "report",
        "--plan",
        "g/plan.toml",
        "--out",
        "fr",
        "--lang",
        "fr",
        "--format",
        "md,html",
    ]);
    let md = std::fs::read_to_string(s.path("fr/report.md")).unwrap();
    // Definitions and caveat: code spans in <code> in the HTML, no literal backtick.
    let html = std::fs::read_to_string(s.path("fr/report.html")).unwrap();
    let body = &html[html.find("<body>").unwrap()..];
    assert!(!body.contains('`'), "a literal backtick in report.html");
    assert!(body.contains("<code>--tz</code>"), "{body}");
    assert!(
        md.contains("## Suivi des comptes fantômes par direction\n"),
        "{md}"
    );
    assert!(md.contains("\n| Ensemble |"), "{md}");
    // The first of a month, and less than two points, as French writes them.
    let first = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    assert_eq!(Lang::Fr.date(first), "1er oct. 2026");
    assert_eq!(Lang::Fr.points(-0.001), "-0,1 pt");
    assert_eq!(Lang::Fr.points(0.025), "+2,5 pts");
    assert!(!v.caveat.contains('`'), "{}", v.caveat);
    assert_eq!(
        v.l["pilot"],
        "Vague pilote par rapport aux vagues suivantes"
    );
    // Milestones name the wave as a wave.
    let (daily, _) = DailyChart::from_report(&r).unwrap();
    assert!(
        daily
            .milestones
            .iter()
            .any(|(_, l)| l == "début de la vague wave-1"),
        "{:?}",
        daily.milestones
    );
}
