use crate::support::Scratch;

fn read(p: std::path::PathBuf) -> Vec<u8> {
    std::fs::read(p).unwrap()
}

#[test]
fn same_seed_same_files_other_seed_other_files() {
    let s = Scratch::new();
    for (dir, seed) in [("a", "5"), ("b", "5"), ("c", "6")] {
        s.stdout(&[
            "generate", "--people", "120", "--days", "90", "--seed", seed, "--out", dir,
        ]);
    }
    assert_eq!(read(s.path("a/events.csv")), read(s.path("b/events.csv")));
    assert_eq!(read(s.path("a/roster.csv")), read(s.path("b/roster.csv")));
    assert_ne!(read(s.path("a/events.csv")), read(s.path("c/events.csv")));
}

#[test]
fn generated_sample_ingests_cleanly_and_matches_its_truth() {
    let s = Scratch::new();
    s.stdout(&[
        "generate", "--people", "200", "--days", "120", "--seed", "3", "--out", "g",
    ]);
    let truth: serde_json::Value = serde_json::from_slice(&read(s.path("g/truth.json"))).unwrap();
    let events = truth["events"].as_u64().unwrap();
    let bots = truth["bot_events"].as_u64().unwrap();
    assert!(events > 1_000, "{events}");
    let out = s.stdout(&["ingest", "generic", "g/events.csv"]);
    let want = format!(
        "read {} = stored {events} + duplicates 0 + rejected 0 + excluded (bots/system) {bots}",
        events + bots
    );
    assert!(out.contains(&want), "{out}\nwant: {want}");
    let out = s.stdout(&["roster", "import", "g/roster.csv"]);
    assert!(out.contains("roster: 200 people"), "{out}");
    let status = s.stdout(&["status"]);
    assert!(
        status.contains("every person in the events is in the roster"),
        "{status}"
    );
}
