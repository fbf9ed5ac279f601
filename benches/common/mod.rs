//! A generated organisation ingested into a temporary store, shared by the benches.
//! `UPTAKE_BENCH_PEOPLE` and `UPTAKE_BENCH_DAYS` scale it (defaults 3,000 people, 180 days).

use std::path::PathBuf;

use uptake_generate::{GenerateOptions, OutputFormat, generate};
use uptake_ingest::{GenericSource, IngestOptions, ingest, read_roster, sha256_file};
use uptake_store::Store;

pub struct Fixture {
    pub _dir: tempfile::TempDir,
    pub store: Store,
    pub events: u64,
}

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

pub fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let out: PathBuf = dir.path().join("gen");
    let mut o = GenerateOptions::new(&out);
    o.people = env("UPTAKE_BENCH_PEOPLE", 3_000);
    o.days = env("UPTAKE_BENCH_DAYS", 180) as u32;
    o.formats = vec![OutputFormat::Parquet];
    let summary = generate(&o).expect("generate");
    let store = Store::open(dir.path().join("store")).expect("store");
    ingest(
        &store,
        &GenericSource::default(),
        &[out.join("events.parquet")],
        &IngestOptions::default(),
    )
    .expect("ingest");
    let roster_file = out.join("roster.csv");
    let roster =
        read_roster(&roster_file, &Default::default(), Default::default()).expect("roster");
    let (sha, _) = sha256_file(&roster_file).expect("hash");
    store
        .write_roster(&roster.roster, &roster_file, &sha)
        .expect("write roster");
    eprintln!(
        "bench fixture: {} people, {} events",
        summary.people, summary.events
    );
    Fixture {
        _dir: dir,
        store,
        events: summary.events,
    }
}
