use predicates::prelude::*;

use crate::support::Scratch;

#[test]
fn global_options_go_before_or_after_the_subcommand() {
    let s = Scratch::new();
    let f = s.write(
        "e.csv",
        "ts,person,tool,action\n2024-03-01T09:00:00Z,a@x.org,teams,message\n",
    );
    let store = s.path("elsewhere");
    let mut cmd = assert_cmd::Command::cargo_bin("uptake").unwrap();
    cmd.current_dir(s.dir.path())
        .args([
            "ingest",
            "generic",
            f.to_str().unwrap(),
            "--store",
            store.to_str().unwrap(),
            "-q",
        ])
        .assert()
        .success()
        .stdout("");
    let mut cmd = assert_cmd::Command::cargo_bin("uptake").unwrap();
    cmd.current_dir(s.dir.path())
        .args(["--store", store.to_str().unwrap(), "status"])
        .assert()
        .success()
        .stdout(predicate::str::contains("events: 1 from 2024-03-01"));
}

#[test]
fn every_subcommand_help_has_an_example() {
    let s = Scratch::new();
    // Walk the command tree through the help texts' "Commands:" lists.
    let mut todo: Vec<Vec<String>> = vec![vec![]];
    let mut seen = 0;
    while let Some(path) = todo.pop() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let out = s
            .uptake(&args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("Example"),
            "uptake {}: {text}",
            args.join(" ")
        );
        seen += 1;
        if let Some((_, commands)) = text.split_once("Commands:\n") {
            for line in commands.lines().take_while(|l| !l.trim().is_empty()) {
                // Command lines are indented by two; wrapped descriptions by more.
                let Some(name) = line.strip_prefix("  ").filter(|l| !l.starts_with(' ')) else {
                    continue;
                };
                let name = name.split_whitespace().next().unwrap();
                if name != "help" {
                    let mut sub = path.clone();
                    sub.push(name.to_string());
                    todo.push(sub);
                }
            }
        }
    }
    // uptake, its 17 commands, 7 ingest sources, 3 roster commands and config show.
    assert_eq!(seen, 29);
}

#[test]
fn run_follows_the_config_and_is_idempotent() {
    let s = Scratch::new();
    s.write(
        "exports/day1.csv",
        "ts,person,tool,action\n2024-03-01T09:00:00Z,a@x.org,teams,message\n",
    );
    s.write(
        "hr.csv",
        "person,registered_at\na@x.org,2024-02-01\nb@x.org,2024-02-01\n",
    );
    s.write(
        "conf/uptake.toml",
        "store = \"../st\"\nroster = \"../hr.csv\"\n\n[[source]]\nkind = \"generic\"\npath = \"../exports\"\n",
    );
    let run = || {
        let mut cmd = assert_cmd::Command::cargo_bin("uptake").unwrap();
        cmd.current_dir(s.dir.path())
            .env_remove("UPTAKE_STORE")
            .args(["--config", "conf/uptake.toml", "run"]);
        String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
    };
    let first = run();
    assert!(first.contains("read 1 = stored 1"), "{first}");
    assert!(first.contains("roster: 2 people"), "{first}");
    assert!(
        s.path("st/manifest.json").exists(),
        "store is relative to the config file"
    );
    s.write(
        "exports/day2.csv",
        "ts,person,tool,action\n2024-03-02T09:00:00Z,b@x.org,teams,message\n",
    );
    let second = run();
    assert!(second.contains("day1.csv: already ingested"), "{second}");
    assert!(second.contains("read 1 = stored 1"), "{second}");
    assert!(
        second.contains("unchanged since its last import"),
        "{second}"
    );
    assert!(
        second.contains("events: 2 from 2024-03-01 to 2024-03-02 (2 days), 2 distinct people"),
        "{second}"
    );
}

#[test]
fn run_without_config_explains() {
    let s = Scratch::new();
    s.uptake(&["run"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "create ./uptake.toml or pass --config FILE",
        ));
}

#[test]
fn bad_config_is_named() {
    let s = Scratch::new();
    s.write("uptake.toml", "stor = \"x\"\n");
    s.uptake(&["status"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid config file uptake.toml"))
        .stderr(predicate::str::contains("unknown field `stor`"));
}

#[test]
fn interrupted_run_is_rolled_back_by_the_next_ingest() {
    let s = Scratch::new();
    let f = s.write(
        "e.csv",
        "ts,person,tool,action\n2024-03-01T09:00:00Z,a@x.org,teams,message\n",
    );
    s.stdout(&["ingest", "generic", f.to_str().unwrap()]);
    // What a run killed between moving its files and writing the manifest leaves behind.
    let partition = s.store().join("events/date=2024-03-01");
    let good = std::fs::read_dir(&partition)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::copy(&good, partition.join("part-dead-00000.parquet")).unwrap();
    std::fs::create_dir_all(s.store().join(".staging/dead")).unwrap();
    s.write("store/rejects/dead.csv", "half written");
    let status = s.stdout(&["status"]);
    assert!(
        status.contains("events: 2 from"),
        "readable, the orphan visible: {status}"
    );

    let g = s.write(
        "g.csv",
        "ts,person,tool,action\n2024-03-02T09:00:00Z,a@x.org,teams,message\n",
    );
    let out = s.stdout(&["ingest", "generic", g.to_str().unwrap()]);
    assert!(out.contains("rolled back interrupted run dead"), "{out}");
    let status = s.stdout(&["status"]);
    assert!(
        status.contains("events: 2 from 2024-03-01 to 2024-03-02"),
        "{status}"
    );
    assert!(!s.store().join("rejects/dead.csv").exists());
    assert!(!s.store().join(".staging/dead").exists());
}

#[test]
fn bundled_sample_runs_from_its_native_exports() {
    let s = Scratch::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = root.join("data/sample/uptake.toml");
    let truth: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root.join("data/sample/truth.json")).unwrap())
            .unwrap();
    let (events, bots) = (
        truth["events"].as_u64().unwrap(),
        truth["bot_events"].as_u64().unwrap(),
    );
    // The sample's plan has objectives missed and at risk, as a real roll-out would:
    // `run` writes the report, prints the scorecard and exits 1.
    let run = || {
        let out = s
            .uptake(&["--config", config.to_str().unwrap(), "run"])
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    };
    let out = run();
    assert!(out.contains("objectives (uptake check):"), "{out}");
    assert!(
        out.contains("Field teams: a third activated at 3 months"),
        "{out}"
    );
    for f in [
        "report.html",
        "report.md",
        "report.json",
        "charts/adoption-curves.png",
    ] {
        assert!(s.path("uptake-report").join(f).exists(), "{f}");
    }
    // The generator's own counts: every person event stored once, every integration
    // excluded, and also the reminders the Slack export hangs threads on (not events).
    let totals = out
        .lines()
        .find(|l| l.starts_with("ingest runs: 3; read "))
        .unwrap_or_else(|| panic!("{out}"));
    let numbers: Vec<u64> = totals
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|w| w.parse().ok())
        .collect();
    // runs, read, stored, duplicates, rejected, excluded
    assert_eq!(numbers[2..5], [events, 0, 0], "{totals}");
    assert_eq!(numbers[1], numbers[2] + numbers[5], "{totals}");
    assert!(numbers[5] >= bots, "{totals}");
    // Trello usernames resolve through the sample's identity map: only the partners'
    // guests are outside the roster, 10 people. The plan declares one partner, Conseil
    // Agile (6 of them): the 4 of the other, undeclared, are unmatched identities.
    let guest_events = truth["guest_events"].as_u64().unwrap();
    let count = |prefix: &str| -> u64 {
        let line = out
            .lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("{prefix}: {out}"));
        let (_, rest) = line.split_once(" (").unwrap();
        rest.split_once(' ').unwrap().0.parse().unwrap()
    };
    let declared = count("partners: 6 people in the events are guests of the plan's partners");
    let undeclared = count("unmatched identities: 4 people in the events are not in the roster");
    assert_eq!(declared + undeclared, guest_events, "{out}");
    assert!(
        out.contains(&format!(
            "\n  Conseil Agile: 6 people ({declared} events)\n"
        )),
        "{out}"
    );
    let again = run();
    assert!(again.contains("nothing new"), "{again}");
    assert!(again.contains("unchanged since its last import"), "{again}");
}

#[test]
fn completions_and_man_pages_cover_every_command() {
    let s = Scratch::new();
    let commands = [
        "ingest",
        "roster",
        "generate",
        "metrics",
        "curve",
        "fit",
        "rogers",
        "effects",
        "report",
        "check",
        "rollup",
        "status",
        "run",
        "completions",
        "man",
    ];
    let bash = s.stdout(&["completions", "bash"]);
    assert!(bash.contains("_uptake()"), "{bash}");
    for c in commands {
        assert!(bash.contains(&format!("uptake__subcmd__{c})")), "bash: {c}");
    }
    assert!(
        s.stdout(&["completions", "zsh"])
            .starts_with("#compdef uptake")
    );
    let fish = s.stdout(&["completions", "fish"]);
    assert!(
        fish.contains("complete -c uptake") && fish.contains("-a \"report\""),
        "{fish}"
    );
    let man = s.stdout(&["man"]);
    assert!(man.contains(".TH uptake 1"), "{man}");
    s.stdout(&["man", "--out", "man1"]);
    for c in commands {
        let page = std::fs::read_to_string(s.path(&format!("man1/uptake-{c}.1"))).unwrap();
        assert!(page.contains(&format!(".TH uptake-{c} 1")), "{c}: {page}");
    }
    let check = std::fs::read_to_string(s.path("man1/uptake-check.1")).unwrap();
    assert!(check.contains("Exit status: 0 when every objective is met or on track"));
}

/// `--as-of` takes DD/MM/YYYY as the roster's dates do, with the same result as
/// YYYY-MM-DD; a date in neither form is refused with the forms it should take.
#[test]
fn as_of_takes_day_month_year_and_names_the_formats() {
    let s = Scratch::with_org(
        "person,registered_at\na@x.org,2026-09-01\nb@x.org,2026-09-01\n",
        "ts,person,tool,action\n2026-09-10T09:00:00Z,a@x.org,teams,message\n\
         2026-10-20T09:00:00Z,b@x.org,teams,message\n",
    );
    let summary = |as_of: &str| {
        s.stdout(&[
            "metrics",
            "summary",
            "--as-of",
            as_of,
            "--min-group",
            "1",
            "--format",
            "csv",
        ])
    };
    let iso = summary("2026-09-30");
    assert_eq!(summary("30/09/2026"), iso);
    // On 30 September a@x.org is active (10 September is in the 28 days from 3 September)
    // and activated 9 days after registering; b@x.org, registered 29 days before and
    // not active yet, is a ghost. (The default as-of, 20 October, differs.)
    assert!(iso.ends_with("\nall,2,1,1,1,0,0.5,0.5,0.5,9\n"), "{iso}");
    assert_ne!(
        s.stdout(&["metrics", "summary", "--min-group", "1", "--format", "csv"]),
        iso
    );
    s.uptake(&["metrics", "summary", "--as-of", "2026.09.30"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("2026.09.30"))
        .stderr(predicate::str::contains("YYYY-MM-DD or DD/MM/YYYY"));
}

/// The help texts name only files and folders the repository has (`data/...`,
/// `docs/...`), and the top-level help lists every metric.
#[test]
fn help_names_no_missing_file_and_every_metric() {
    let s = Scratch::new();
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let help = |args: &[&str]| {
        let out = s
            .uptake(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    };
    let mut todo: Vec<Vec<String>> = vec![vec![]];
    let mut named = 0;
    while let Some(path) = todo.pop() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let text = help(&args);
        for word in text.split(|c: char| c.is_whitespace() || "()[],;`'\"".contains(c)) {
            let word = word.trim_end_matches(['.', ':']);
            if (word.starts_with("data/") || word.starts_with("docs/")) && !word.contains('*') {
                named += 1;
                assert!(
                    root.join(word).exists(),
                    "uptake {} names {word}, which does not exist",
                    args.join(" ")
                );
            }
        }
        if let Some((_, commands)) = text.split_once("Commands:\n") {
            for line in commands.lines().take_while(|l| !l.trim().is_empty()) {
                let Some(name) = line.strip_prefix("  ").filter(|l| !l.starts_with(' ')) else {
                    continue;
                };
                let name = name.split_whitespace().next().unwrap();
                if name != "help" {
                    let mut sub = path.clone();
                    sub.push(name.to_string());
                    todo.push(sub);
                }
            }
        }
    }
    assert!(named >= 5, "{named} paths named");
    // Every metric `uptake metrics --help` offers is in the top-level list.
    let top = help(&["--help"]);
    // The metrics line, and its continuation lines when the help wraps it.
    let line: String = top
        .lines()
        .skip_while(|l| !l.starts_with("  metrics "))
        .enumerate()
        .take_while(|(i, l)| *i == 0 || l.starts_with("   "))
        .map(|(_, l)| l.trim())
        .collect::<Vec<_>>()
        .join(" ");
    let metrics = help(&["metrics", "-h"]);
    let values = metrics
        .split_once("[possible values: ")
        .and_then(|(_, rest)| rest.split_once(']'))
        .map(|(v, _)| v)
        .unwrap();
    for metric in values.split(',').map(str::trim) {
        assert!(line.contains(metric), "`{metric}` missing from: {line}");
    }
}

/// SQL bypasses k: `uptake query --help`, docs/queries.md and the README's privacy
/// section say so, and say who may be given the command (issue 32, item 4).
#[test]
fn query_help_and_docs_say_sql_returns_rows_without_k() {
    let flat = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let out = Scratch::new()
        .uptake(&["query", "--help"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let help = flat(&String::from_utf8(out).unwrap());
    for said in [
        "SQL returns individual rows",
        "k (min_group, --min-group) does not apply here",
        "Give this command only to those already allowed to read the raw exports",
    ] {
        assert!(help.contains(said), "`{said}` missing from: {help}");
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let queries = flat(&std::fs::read_to_string(root.join("docs/queries.md")).unwrap());
    assert!(
        queries.contains("SQL returns individual rows"),
        "docs/queries.md"
    );
    assert!(queries.contains("applies no `k`"), "docs/queries.md");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let privacy = readme
        .split_once("\n## Privacy\n")
        .map(|(_, rest)| flat(rest.split("\n## ").next().unwrap()))
        .expect("a ## Privacy section in README.md");
    for said in [
        "What leaves the machine: nothing.",
        "no network connection",
        "`suppressed`",
        "`min_group`",
        "`--names`",
        "`uptake query` is not aggregated.",
    ] {
        assert!(privacy.contains(said), "`{said}` missing from: {privacy}");
    }
}
