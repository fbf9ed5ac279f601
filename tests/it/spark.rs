//! `uptake rollup --engine spark`: the rollup computed by a Spark Connect server on
//! loopback is the one polars computes. The server is Sail (`pip install pysail`); the
//! tests skip with a message when it is not installed, and fail instead when
//! UPTAKE_REQUIRE_SAIL is set (CI sets it).

use std::collections::BTreeMap;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use crate::support::Scratch;

/// A free port on loopback, not listened on.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A Sail Spark Connect server on loopback, stopped when dropped.
struct Sail {
    child: Child,
    port: u16,
}

impl Sail {
    /// Starts `sail spark server` (UPTAKE_SAIL, else `sail` on PATH); `None`, said on
    /// stderr, when there is none and UPTAKE_REQUIRE_SAIL is not set.
    fn start(test: &str) -> Option<Sail> {
        let program = std::env::var_os("UPTAKE_SAIL").unwrap_or_else(|| "sail".into());
        let port = free_port();
        let spawned = Command::new(&program)
            .args(["spark", "server", "--ip", "127.0.0.1", "--port"])
            .arg(port.to_string())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        let child = match spawned {
            Ok(c) => c,
            Err(e) => {
                let why = format!(
                    "{test}: cannot start Sail ({}: {e}); install it with \
                     `pip install pysail` and set UPTAKE_SAIL to its `sail` program",
                    PathBuf::from(&program).display()
                );
                assert!(std::env::var_os("UPTAKE_REQUIRE_SAIL").is_none(), "{why}");
                crate::support::say_skipped(&why);
                return None;
            }
        };
        let sail = Sail { child, port };
        let clock = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                clock.elapsed() < Duration::from_secs(60),
                "Sail did not listen on port {port} within 60 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Some(sail)
    }

    fn remote(&self) -> String {
        format!("sc://127.0.0.1:{}", self.port)
    }
}

impl Drop for Sail {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Every rollup partition of a store: the day, and its rows sorted, as CSV text.
fn rollup_by_day(store: &Path) -> BTreeMap<String, String> {
    use polars::prelude::*;
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(store.join("rollup")).unwrap() {
        let dir = e.unwrap().path();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with("date=") {
            continue;
        }
        let file = std::fs::File::open(dir.join("part.parquet")).unwrap();
        let mut df = ParquetReader::new(file)
            .finish()
            .unwrap()
            .sort(["person", "tool", "category"], Default::default())
            .unwrap();
        let mut csv = Vec::new();
        CsvWriter::new(&mut csv).finish(&mut df).unwrap();
        let schema: Vec<String> = df
            .schema()
            .iter()
            .map(|(n, t)| format!("{n}:{t}"))
            .collect();
        out.insert(
            name,
            format!("{}\n{}", schema.join(","), String::from_utf8(csv).unwrap()),
        );
    }
    out
}

/// Every file under the store's rollup folder with its bytes.
fn rollup_bytes(store: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut dirs = vec![store.join("rollup")];
    while let Some(dir) = dirs.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else {
                out.insert(p.clone(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// A generated organisation (CSV events and roster), an identity map that re-attributes
/// one person's events to another, and a second export of a few more events.
fn organisation(s: &Scratch) {
    s.stdout(&[
        "generate", "--people", "150", "--days", "100", "--seed", "21", "--out", "g",
    ]);
    // Two aliases that the identity map resolves, so the join of the SQL is exercised.
    s.write(
        "more.csv",
        "ts,person,tool,action\n\
         2024-02-01T09:00:00Z,ALIAS-ONE,teams,message\n\
         2024-02-01T09:30:00Z,ALIAS-ONE,teams,reaction\n\
         2024-02-02T11:00:00Z,alias-two,sharepoint,edit\n",
    );
}

fn summary_rollup(s: &Scratch, file: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(s.path(file)).unwrap();
    serde_json::from_str::<serde_json::Value>(&text).unwrap()["rollup"].clone()
}

#[test]
fn spark_rollup_equals_the_local_rollup_and_is_incremental() {
    if !cfg!(feature = "spark") {
        crate::support::say_skipped(
            "spark_rollup_equals_the_local_rollup_and_is_incremental: uptake is built \
             without the `spark` feature (scripts/test builds it)",
        );
        return;
    }
    let Some(sail) = Sail::start("spark_rollup_equals_the_local_rollup_and_is_incremental") else {
        return;
    };
    let s = Scratch::new();
    organisation(&s);
    let first_person = std::fs::read_to_string(s.path("g/roster.csv"))
        .unwrap()
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .to_string();
    s.write(
        "ids.csv",
        format!("alias,person\nALIAS-ONE,{first_person}\nalias-two,{first_person}\n"),
    );
    // The remote store refreshes its rollup on Sail from the start: config [rollup].
    s.write(
        "spark.toml",
        format!(
            "[rollup]\nengine = \"spark\"\nremote = \"{}\"\n",
            sail.remote()
        ),
    );
    for store in ["local", "remote"] {
        let config: &[&str] = if store == "remote" {
            &["--config", "spark.toml"]
        } else {
            &[]
        };
        let run = |args: &[&str]| {
            let mut all: Vec<&str> = config.to_vec();
            all.extend_from_slice(args);
            s.stdout_in(store, &all)
        };
        run(&[
            "--summary-json",
            "first.json",
            "ingest",
            "generic",
            "g/events.csv",
        ]);
        run(&["roster", "identities", "ids.csv"]);
        run(&["roster", "import", "g/roster.csv"]);
        if store == "remote" {
            let r = summary_rollup(&s, "first.json");
            assert!(
                r["engine"].as_str().unwrap().contains(&sail.remote()),
                "{r}"
            );
        }
    }
    let (local, remote) = (s.path("local"), s.path("remote"));
    let days = rollup_by_day(&local);
    assert!(days.len() > 60, "{} days", days.len());
    assert_eq!(days, rollup_by_day(&remote));

    // A new export touching two days: only those are recomputed, on either engine.
    for (store, config) in [("local", None), ("remote", Some("spark.toml"))] {
        let mut args = vec![];
        if let Some(c) = config {
            args.extend(["--config", c]);
        }
        args.extend([
            "--summary-json",
            "more.json",
            "ingest",
            "generic",
            "more.csv",
        ]);
        s.stdout_in(store, &args);
        let r = summary_rollup(&s, "more.json");
        assert_eq!(
            (r["days"].as_u64(), r["rows"].as_u64().is_some()),
            (Some(2), true),
            "{store}: {r}"
        );
    }
    let after = rollup_by_day(&remote);
    assert_eq!(rollup_by_day(&local), after);
    assert!(after["date=2024-02-01"].contains(&format!("{first_person},")));
    assert!(!after["date=2024-02-01"].contains("ALIAS-ONE"));

    // Metrics read a Spark rollup as they read their own.
    let summary = |store: &str| s.stdout_in(store, &["metrics", "summary", "--by", "department"]);
    assert_eq!(summary("local"), summary("remote"));
    // And the report: its JSON holds every table and figure of the report.
    let report = |store: &str| {
        let out = format!("report-{store}");
        s.stdout_in(
            store,
            &[
                "report",
                "--plan",
                "g/plan.toml",
                "--out",
                &out,
                "--lang",
                "en",
            ],
        );
        std::fs::read_to_string(s.path(&out).join("report.json")).unwrap()
    };
    let (a, b) = (report("local"), report("remote"));
    assert!(a.contains("uptake.report/1"), "{a}");
    assert_eq!(a, b);

    // `uptake rollup --engine spark` with nothing stale does not even connect.
    let out = s.stdout_in(
        "remote",
        &[
            "rollup",
            "--engine",
            "spark",
            "--remote",
            "sc://127.0.0.1:1",
        ],
    );
    assert_eq!(out, "rollup: up to date, nothing recomputed\n");
}

#[test]
fn an_unreachable_or_failing_server_leaves_the_store_as_it_was() {
    let s = Scratch::new();
    organisation(&s);
    s.stdout(&["ingest", "generic", "g/events.csv"]);
    let before = rollup_bytes(&s.store());

    // A new identity map makes every day stale; the config's engine is a Spark server
    // nobody listens on.
    let port = free_port();
    s.write(
        "down.toml",
        format!("[rollup]\nengine = \"spark\"\nremote = \"sc://127.0.0.1:{port}\"\n"),
    );
    s.write("ids.csv", "alias,person\nALIAS-TWO,someone@example.org\n");
    let out = s
        .uptake(&["--config", "down.toml", "roster", "identities", "ids.csv"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    if cfg!(feature = "spark") {
        assert!(
            err.contains(&format!(
                "Spark Connect at sc://127.0.0.1:{port}: cannot connect"
            )),
            "{err}"
        );
        assert!(err.contains("it is as it was"), "{err}");
    } else {
        assert!(
            err.contains("built without the Spark Connect engine"),
            "{err}"
        );
    }
    assert_eq!(rollup_bytes(&s.store()), before);

    // A server that answers but cannot read the events: the query fails on the server.
    if !cfg!(feature = "spark") {
        crate::support::say_skipped(
            "an_unreachable_or_failing_server_leaves_the_store_as_it_was: the failing-server \
             half: uptake is built without the `spark` feature (scripts/test builds it)",
        );
        return;
    }
    let Some(sail) = Sail::start("an_unreachable_or_failing_server_leaves_the_store_as_it_was")
    else {
        return;
    };
    let out = s
        .uptake(&[
            "rollup",
            "--engine",
            "spark",
            "--remote",
            &sail.remote(),
            "--events",
            "/nonexistent/uptake/events",
        ])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("/nonexistent/uptake/events"), "{err}");
    assert!(err.contains("the rollup is as it was"), "{err}");
    assert_eq!(rollup_bytes(&s.store()), before);
    // The same server with the right events: the refresh then goes through.
    let out = s.stdout(&["rollup", "--engine", "spark", "--remote", &sail.remote()]);
    assert!(out.starts_with("rollup: "), "{out}");
    assert!(out.contains("on Spark "), "{out}");
}
