//! Everyday use: ad-hoc queries, configuration precedence, incremental folder ingest,
//! the run lock, the run summary and exit codes.

use predicates::prelude::*;

use crate::support::Scratch;

const ROSTER: &str = "person,registered_at,department,manager\n\
a@x.org,2026-01-01,Sales,m@x.org\n\
b@x.org,2026-01-01,Sales,m@x.org\n\
c@x.org,2026-01-01,Ops,n@x.org\n\
d@x.org,2026-03-01,Ops,n@x.org\n";

/// a: Jan 5, Mar 20 (teams) and Mar 25 (wiki); b: Jan 3 only; c: never; d: Mar 30.
const EVENTS: &str = "ts,person,tool,action\n\
2026-01-05T09:00:00Z,a@x.org,teams,message\n\
2026-03-20T09:00:00Z,a@x.org,teams,message\n\
2026-03-25T09:00:00Z,a@x.org,wiki,view\n\
2026-01-03T09:00:00Z,b@x.org,teams,message\n\
2026-03-30T09:00:00Z,d@x.org,teams,message\n";

fn org() -> Scratch {
    Scratch::with_org(ROSTER, EVENTS)
}

fn query(s: &Scratch, sql: &str, extra: &[&str]) -> String {
    let mut args = vec!["query", sql, "--as-of", "2026-03-31"];
    args.extend_from_slice(extra);
    s.stdout(&args)
}

#[test]
fn people_table_has_each_persons_standing() {
    let s = org();
    // At Mar 31 with the 28-day window (Mar 4 to 31) and 14 days of grace: a and d are
    // active; b used it on Jan 3 only (lapsed); c never did. Days to activation count
    // from registration: a Jan 1 -> Jan 5, b -> Jan 3, d Mar 1 -> Mar 30.
    let out = query(
        &s,
        "SELECT person, active, ghost, days_to_activation, active_days FROM people ORDER BY person",
        &["--format", "csv"],
    );
    assert_eq!(
        out,
        "person,active,ghost,days_to_activation,active_days\n\
a@x.org,true,,4,2\n\
b@x.org,false,lapsed,2,0\n\
c@x.org,false,never,,0\n\
d@x.org,true,,29,1\n"
    );
    let ghosts = query(
        &s,
        "SELECT department, manager, COUNT(*) AS ghosts FROM people WHERE ghost IS NOT NULL \
         GROUP BY department, manager ORDER BY department",
        &["--format", "csv"],
    );
    assert_eq!(
        ghosts,
        "department,manager,ghosts\nOps,n@x.org,1\nSales,m@x.org,1\n"
    );
}

#[test]
fn events_activity_and_daily_tables() {
    let s = org();
    let events = query(
        &s,
        "SELECT tool, COUNT(*) AS n FROM events GROUP BY tool ORDER BY tool",
        &["--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_str(&events).unwrap();
    assert_eq!(v["columns"], serde_json::json!(["tool", "n"]));
    assert_eq!(
        v["rows"],
        serde_json::json!([{"tool": "teams", "n": 4}, {"tool": "wiki", "n": 1}])
    );
    // One rollup row per person x day x tool x category.
    let activity = query(
        &s,
        "SELECT person, COUNT(*) AS rows, SUM(events) AS events FROM activity GROUP BY person ORDER BY person",
        &["--format", "csv"],
    );
    assert_eq!(
        activity,
        "person,rows,events\na@x.org,3,3\nb@x.org,1,1\nd@x.org,1,1\n"
    );
    // Mar 30: d alone that day; a (Mar 25) and d in the 7 days to Mar 30; all four
    // registered by then.
    let daily = query(
        &s,
        "SELECT date, dau, wau, eligible FROM daily WHERE date = '2026-03-30'",
        &["--format", "csv"],
    );
    assert_eq!(daily, "date,dau,wau,eligible\n2026-03-30,1,2,4\n");
    let last = query(
        &s,
        "SELECT MAX(date) AS last FROM daily",
        &["--format", "csv"],
    );
    assert_eq!(last, "last\n2026-03-31\n");
}

#[test]
fn parquet_results_read_back_and_the_text_table_is_limited() {
    let s = org();
    query(
        &s,
        "SELECT person, date, tool FROM activity ORDER BY person, date",
        &["--format", "parquet", "--out", "out.parquet"],
    );
    use polars::prelude::{ParquetReader, SerReader};
    let file = std::fs::File::open(s.path("out.parquet")).unwrap();
    let df = ParquetReader::new(file).finish().unwrap();
    assert_eq!(df.height(), 5);
    let persons = df.column("person").unwrap().str().unwrap().clone();
    let persons: Vec<&str> = (0..df.height()).map(|i| persons.get(i).unwrap()).collect();
    assert_eq!(
        persons,
        ["a@x.org", "a@x.org", "a@x.org", "b@x.org", "d@x.org"]
    );
    assert!(!s.path(".out.parquet.partial").exists());

    let text = query(
        &s,
        "SELECT person FROM people ORDER BY person",
        &["--limit", "2"],
    );
    assert!(
        text.contains("a@x.org") && text.contains("b@x.org"),
        "{text}"
    );
    assert!(!text.contains("c@x.org"), "{text}");
    assert!(text.contains("first 2 rows shown"), "{text}");
}

#[test]
fn query_errors_name_the_tables_and_tables_lists_columns() {
    let s = org();
    s.uptake(&["query", "SELECT * FROM peeple"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("peeple"))
        .stderr(predicate::str::contains(
            "tables: events, activity, people, daily",
        ));
    let tables = s.stdout(&["query", "--tables", "--format", "csv"]);
    for row in [
        "people,ghost,str,",
        "people,days_to_activation,i64,",
        "people,level,i64,",
        "activity,contributing,",
        "daily,stickiness,f64,",
        "events,event_id,str,",
    ] {
        assert!(tables.contains(row), "{row} in\n{tables}");
    }
}

#[test]
fn flags_win_over_the_config_file_which_wins_over_defaults() {
    let s = org();
    let active = |extra: &[&str]| {
        let mut cmd = s.uptake(&[]);
        cmd.args(extra).args([
            "query",
            "SELECT COUNT(*) AS n FROM people WHERE active",
            "--as-of",
            "2026-03-31",
            "--format",
            "csv",
        ]);
        String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
    };
    // Default 28 days (Mar 4-31): a and d. Config 3 days (Mar 29-31): d only.
    // Flag 10 days (Mar 22-31): a (Mar 25) and d.
    assert_eq!(active(&[]), "n\n2\n");
    s.write("uptake.toml", "window = 3\n");
    assert_eq!(active(&[]), "n\n1\n");
    let mut cmd = s.uptake(&[]);
    cmd.args([
        "query",
        "SELECT COUNT(*) AS n FROM people WHERE active",
        "--as-of",
        "2026-03-31",
        "--format",
        "csv",
        "--window",
        "10",
    ]);
    cmd.assert().success().stdout("n\n2\n");

    // `config show` says where each value came from.
    let shown = s.stdout(&["config", "show", "--grace", "7", "--format", "csv"]);
    assert!(shown.contains("window,3,config file\n"), "{shown}");
    assert!(shown.contains("grace,7,flag\n"), "{shown}");
    assert!(shown.contains("min_group,5,default\n"), "{shown}");
    assert!(shown.contains("store,"), "{shown}");
    assert!(
        shown
            .lines()
            .any(|l| l.starts_with("store,") && l.ends_with(",flag")),
        "{shown}"
    );

    // The store: the environment beats the config file, a flag beats the environment.
    s.write("other.toml", "store = \"from-config\"\n");
    let show = |env: Option<&str>, flag: Option<&str>| {
        let mut cmd = assert_cmd::Command::cargo_bin("uptake").unwrap();
        cmd.current_dir(s.dir.path())
            .env_remove("UPTAKE_STORE")
            .env("UPTAKE_CONFIG", "other.toml");
        if let Some(e) = env {
            cmd.env("UPTAKE_STORE", e);
        }
        if let Some(f) = flag {
            cmd.args(["--store", f]);
        }
        cmd.args(["config", "show", "--format", "csv"]);
        String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
    };
    let from_config = show(None, None);
    assert!(
        from_config.contains("config,other.toml,environment (UPTAKE_CONFIG)\n"),
        "{from_config}"
    );
    assert!(
        from_config.contains("store,./from-config,config file\n")
            || from_config.contains("store,from-config,config file\n"),
        "{from_config}"
    );
    assert!(show(Some("env-store"), None).contains("store,env-store,environment (UPTAKE_STORE)\n"));
    assert!(show(Some("env-store"), Some("flag-store")).contains("store,flag-store,flag\n"));

    s.write("bad.toml", "window = 0\n");
    s.uptake(&["--config", "bad.toml", "config", "show"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("in config file bad.toml"))
        .stderr(predicate::str::contains("window must be at least 1 day"));
}

/// A config whose one source is the folder `exports/`.
fn scheduled() -> Scratch {
    let s = Scratch::new();
    s.write("roster.csv", ROSTER);
    s.write(
        "exports/2026-01.csv",
        "ts,person,tool,action\n2026-01-05T09:00:00Z,a@x.org,teams,message\n",
    );
    s.write(
        "exports/2026-03.csv",
        "ts,person,tool,action\n2026-03-30T09:00:00Z,d@x.org,teams,message\n",
    );
    s.write(
        "uptake.toml",
        "store = \"st\"\nroster = \"roster.csv\"\n\n[[source]]\nkind = \"generic\"\npath = \"exports\"\n",
    );
    s
}

fn run(s: &Scratch, args: &[&str]) -> assert_cmd::assert::Assert {
    let mut cmd = assert_cmd::Command::cargo_bin("uptake").unwrap();
    cmd.current_dir(s.dir.path())
        .env_remove("UPTAKE_STORE")
        .env_remove("UPTAKE_CONFIG")
        .args(args);
    cmd.assert()
}

fn summary(s: &Scratch, name: &str) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(s.path(name)).unwrap()).unwrap()
}

#[test]
fn a_folder_ingested_twice_stores_nothing_the_second_time() {
    let s = scheduled();
    run(&s, &["--summary-json", "first.json", "-q", "run"])
        .code(0)
        .stdout("");
    let first = summary(&s, "first.json");
    assert_eq!(first["schema"], "uptake.summary/1");
    assert_eq!(first["command"], "run");
    assert_eq!(first["exit_code"], 0);
    assert_eq!(first["ingests"][0]["counts"]["stored"], 2);
    assert_eq!(first["ingests"][0]["files"].as_array().unwrap().len(), 2);
    let manifest = std::fs::read(s.path("st/manifest.json")).unwrap();
    let parts = crate::support::partition_files(&s.path("st"));

    run(&s, &["--summary-json", "second.json", "run"]).code(0);
    let second = summary(&s, "second.json");
    assert_eq!(second["ingests"][0]["counts"]["read"], 0);
    assert_eq!(second["ingests"][0]["counts"]["stored"], 0);
    assert_eq!(second["ingests"][0]["batch"], serde_json::Value::Null);
    for f in second["ingests"][0]["files"].as_array().unwrap() {
        assert_eq!(f["status"], "already ingested");
    }
    assert_eq!(std::fs::read(s.path("st/manifest.json")).unwrap(), manifest);
    assert_eq!(crate::support::partition_files(&s.path("st")), parts);

    // A new export in the folder: only it is read.
    s.write(
        "exports/2026-04.csv",
        "ts,person,tool,action\n2026-04-02T09:00:00Z,b@x.org,teams,message\n",
    );
    run(&s, &["--summary-json", "third.json", "run"]).code(0);
    let third = summary(&s, "third.json");
    assert_eq!(third["ingests"][0]["counts"]["read"], 1);
    assert_eq!(third["ingests"][0]["counts"]["stored"], 1);
}

#[test]
fn a_second_run_is_turned_away_or_waits() {
    let s = scheduled();
    run(&s, &["-q", "run"]).code(0);
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .open(s.path("st/.run.lock"))
        .unwrap();
    lock.try_lock().unwrap();
    run(&s, &["--summary-json", "busy.json", "run"])
        .code(4)
        .stderr(predicate::str::contains(
            "is in a scheduled run by another uptake process",
        ));
    let busy = summary(&s, "busy.json");
    assert_eq!(busy["exit_code"], 4);
    assert_eq!(busy["status"], "store busy");
    assert!(
        busy["error"]
            .as_str()
            .unwrap()
            .contains("another uptake process")
    );

    // While a write is in progress: reads of an up-to-date store go ahead, a second
    // writer is turned away with 4 and stores nothing.
    let write = std::fs::OpenOptions::new()
        .write(true)
        .open(s.path("st/.lock"))
        .unwrap();
    write.try_lock().unwrap();
    run(
        &s,
        &[
            "--store",
            "st",
            "query",
            "SELECT COUNT(*) AS n FROM events",
            "--format",
            "csv",
        ],
    )
    .code(0)
    .stdout("n\n2\n");
    s.write(
        "more.csv",
        "ts,person,tool,action\n2026-04-02T09:00:00Z,b@x.org,teams,message\n",
    );
    run(&s, &["--store", "st", "ingest", "generic", "more.csv"])
        .code(4)
        .stderr(predicate::str::contains(
            "is being written by another uptake process",
        ));
    drop(write);
    run(
        &s,
        &[
            "--store",
            "st",
            "query",
            "SELECT COUNT(*) AS n FROM events",
            "--format",
            "csv",
        ],
    )
    .stdout("n\n2\n");

    // With --wait, the second run goes ahead once the first lets go.
    let release = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(1500));
        drop(lock);
    });
    run(&s, &["-q", "run", "--wait", "60"]).code(0);
    release.join().unwrap();
}

#[test]
fn exit_codes_say_what_went_wrong() {
    let s = Scratch::new();
    // 0: everything stored.
    s.write(
        "good.csv",
        "ts,person,tool,action\n2026-01-05T09:00:00Z,a@x.org,teams,message\n",
    );
    s.uptake(&["ingest", "generic", "good.csv"])
        .assert()
        .code(0);
    // 3: one record of two rejected (a bad time stamp) is over the 5 % allowed; the
    // good one is stored all the same.
    s.write(
        "half.csv",
        "ts,person,tool,action\n2026-01-06T09:00:00Z,b@x.org,teams,message\nyesterday,c@x.org,teams,message\n",
    );
    s.uptake(&["ingest", "generic", "half.csv"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "1 of 2 records rejected (50.0%, over the 5.0% allowed by max_rejects); the rest was stored",
        ));
    let stored = s.stdout(&[
        "query",
        "SELECT COUNT(*) AS n FROM events",
        "--format",
        "csv",
    ]);
    assert_eq!(stored, "n\n2\n");
    // ... and 0 when the threshold allows it.
    s.write(
        "half2.csv",
        "ts,person,tool,action\n2026-01-07T09:00:00Z,b@x.org,teams,message\nyesterday,c@x.org,teams,message\n",
    );
    s.uptake(&["ingest", "generic", "half2.csv", "--max-rejects", "0.5"])
        .assert()
        .code(0);
    // 2: a usage error, and a file that cannot be read at all.
    s.uptake(&["metrics", "nonsense"]).assert().code(2);
    s.write("broken.json", "{ not json");
    s.uptake(&["ingest", "trello", "broken.json"])
        .assert()
        .code(2);
    s.uptake(&["ingest", "generic", "good.csv", "--max-rejects", "2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("share between 0 and 1"));
}

#[test]
fn documented_queries_run() {
    let s = Scratch::new();
    // From May to October, so that the queries' September dates fall inside.
    s.stdout(&[
        "generate",
        "--people",
        "80",
        "--days",
        "160",
        "--start",
        "2026-05-01",
        "--out",
        "g",
    ]);
    s.stdout(&["ingest", "generic", "g/events.csv"]);
    s.stdout(&["roster", "import", "g/roster.csv"]);
    let doc =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/queries.md")).unwrap();
    let queries: Vec<&str> = doc
        .split("```sql\n")
        .skip(1)
        .map(|block| block.split("```").next().unwrap())
        .collect();
    assert_eq!(queries.len(), 14, "ten numbered queries and four more");
    let mut with_rows = 0;
    for sql in &queries {
        let out = s.stdout(&["query", sql, "--format", "csv"]);
        assert!(!out.is_empty(), "no header for\n{sql}");
        with_rows += usize::from(out.lines().count() >= 2);
    }
    // Only "active only on mobile" may find nobody in an organisation this small.
    assert!(
        with_rows >= queries.len() - 1,
        "{with_rows} of {} with rows",
        queries.len()
    );
}

/// A table joined with itself, selecting a column of each side under one name, fails in
/// one line that says how to fix it in SQL, not with polars' plan; the fix it names runs.
#[test]
fn self_join_with_one_name_twice_fails_in_one_line() {
    let s = org();
    let sql = "SELECT a.person, b.person FROM people a JOIN people b ON a.department = b.department WHERE a.person < b.person";
    let out = s
        .uptake(&["query", sql])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: the query failed: two result columns are named `person`"),
        "{stderr}"
    );
    assert!(stderr.contains("b.person AS other_person"), "{stderr}");
    // A join's row order is not defined: ordered here so that the check is not flaky.
    let fixed = sql.replace("b.person FROM", "b.person AS other_person FROM") + " ORDER BY 1";
    // Sales: a and b; Ops: c and d.
    assert_eq!(
        query(&s, &fixed, &["--format", "csv"]),
        "person,other_person\na@x.org,b@x.org\nc@x.org,d@x.org\n"
    );
}
