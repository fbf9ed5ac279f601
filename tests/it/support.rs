use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// A scratch folder with a store inside, and a way to run uptake against it.
pub struct Scratch {
    pub dir: tempfile::TempDir,
}

impl Scratch {
    pub fn new() -> Scratch {
        Scratch {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// A scratch store holding `events` (generic CSV, ingested) and `roster` (imported).
    pub fn with_org(roster: &str, events: &str) -> Scratch {
        let s = Scratch::new();
        s.write("roster.csv", roster);
        s.write("events.csv", events);
        s.stdout(&["ingest", "generic", "events.csv"]);
        s.stdout(&["roster", "import", "roster.csv"]);
        s
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn store(&self) -> PathBuf {
        self.path("store")
    }

    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, contents).unwrap();
        p
    }

    /// `uptake --store <scratch>/store ARGS...`, run in the scratch folder.
    pub fn uptake(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("uptake").unwrap();
        cmd.current_dir(self.dir.path())
            .env_remove("UPTAKE_STORE")
            .env_remove("UPTAKE_CONFIG")
            .arg("--store")
            .arg(self.store())
            .args(args);
        cmd
    }

    /// Like [`Scratch::stdout`], against another store of the scratch folder.
    pub fn stdout_in(&self, store: &str, args: &[&str]) -> String {
        let mut cmd = Command::cargo_bin("uptake").unwrap();
        cmd.current_dir(self.dir.path())
            .env_remove("UPTAKE_STORE")
            .env_remove("UPTAKE_CONFIG")
            .arg("--store")
            .arg(self.path(store))
            .args(args);
        let out = cmd.assert().success().get_output().clone();
        String::from_utf8(out.stdout).unwrap()
    }

    /// Like [`Scratch::stdout`] for an ingest whose rejects exceed the 5 % allowed by
    /// default: it stores the rest and exits with 3.
    pub fn stdout_rejecting(&self, args: &[&str]) -> String {
        let out = self.uptake(args).assert().code(3).get_output().clone();
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn stdout(&self, args: &[&str]) -> String {
        let out = self.uptake(args).assert().success().get_output().clone();
        String::from_utf8(out.stdout).unwrap()
    }
}

/// Every Parquet file under the store's events folder.
pub fn partition_files(store: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(days) = std::fs::read_dir(store.join("events")) else {
        return out;
    };
    for day in days {
        for f in std::fs::read_dir(day.unwrap().path()).unwrap() {
            out.push(f.unwrap().path());
        }
    }
    out.sort();
    out
}

/// Stored events counted by the given columns (`day` is the UTC date of `ts`), keyed by
/// the values joined with `|`: an independent read of the store's Parquet files.
pub fn event_counts(store: &Path, keys: &[&str]) -> std::collections::BTreeMap<String, u64> {
    use polars::prelude::*;
    let store = uptake_store::Store::open_existing(store).unwrap();
    let Some(lf) = store.scan_events().unwrap() else {
        return Default::default();
    };
    let cols: Vec<Expr> = keys
        .iter()
        .map(|k| match *k {
            "day" => col("ts").dt().date().cast(DataType::String).alias("day"),
            k => col(k).cast(DataType::String),
        })
        .collect();
    let df = lf
        .select(cols)
        .group_by(keys.iter().map(|k| col(*k)).collect::<Vec<_>>())
        .agg([len().alias("n")])
        .collect()
        .unwrap();
    let n = df.column("n").unwrap().cast(&DataType::UInt64).unwrap();
    let n = n.u64().unwrap();
    let key_cols: Vec<_> = keys
        .iter()
        .map(|k| df.column(k).unwrap().str().unwrap().clone())
        .collect();
    (0..df.height())
        .map(|i| {
            let key: Vec<&str> = key_cols.iter().map(|c| c.get(i).unwrap_or("")).collect();
            (key.join("|"), n.get(i).unwrap_or(0))
        })
        .collect()
}

/// The stored interactions as `person|counterpart|day` -> count, both ends mapped through
/// `aliases`: an independent read of the `counterparts` lists in the Parquet files.
pub fn interaction_counts(
    store: &Path,
    aliases: &std::collections::HashMap<String, String>,
) -> std::collections::BTreeMap<String, u64> {
    use polars::prelude::*;
    let store = uptake_store::Store::open_existing(store).unwrap();
    let mut out = std::collections::BTreeMap::new();
    let Some(lf) = store.scan_events().unwrap() else {
        return out;
    };
    let df = lf
        .select([
            col("person"),
            col("ts").dt().date().cast(DataType::String).alias("day"),
            col("counterparts"),
        ])
        .collect()
        .unwrap();
    let resolve = |k: &str| aliases.get(k).cloned().unwrap_or_else(|| k.to_string());
    let person = df.column("person").unwrap().str().unwrap().clone();
    let day = df.column("day").unwrap().str().unwrap().clone();
    let lists = df.column("counterparts").unwrap().list().unwrap().clone();
    for i in 0..df.height() {
        let Some(list) = lists.get_as_series(i) else {
            continue;
        };
        for c in list.str().unwrap().iter().flatten() {
            let key = format!(
                "{}|{}|{}",
                resolve(person.get(i).unwrap()),
                resolve(c),
                day.get(i).unwrap()
            );
            *out.entry(key).or_default() += 1;
        }
    }
    out
}

/// The text of the store's only rejects file.
pub fn rejects_text(store: &Path) -> String {
    let file = std::fs::read_dir(store.join("rejects"))
        .unwrap()
        .next()
        .expect("a rejects file")
        .unwrap();
    std::fs::read_to_string(file.path()).unwrap()
}

/// Says on the terminal that a test skipped part or all of itself, and why. Straight to
/// stderr: the test harness captures `eprintln!`, and a skip must be seen.
pub fn say_skipped(why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED: {why}");
}
