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
    // Only the partners' guests are outside the roster: 10 people, all their events.
    let guest_events = truth["guest_events"].as_u64().unwrap();
    assert!(guest_events > 0);
    let status = s.stdout(&["status"]);
    assert!(
        status.contains(&format!(
            "unmatched identities: 10 people in the events are not in the roster ({guest_events} events)"
        )),
        "{status}"
    );
    let unmatched: Vec<&str> = status
        .lines()
        .skip_while(|l| !l.starts_with("unmatched identities"))
        .skip(1)
        .take(10)
        .collect();
    assert!(
        unmatched
            .iter()
            .all(|l| l.contains("@conseil-agile.example")
                || l.contains("@transports-durand.example")),
        "{unmatched:?}"
    );
}

/// The `alias,person` rows of an identities file.
fn aliases(identities: Option<&std::path::Path>) -> std::collections::HashMap<String, String> {
    identities
        .map(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .lines()
                .skip(1)
                .map(|l| {
                    let (a, b) = l.split_once(',').unwrap();
                    (a.to_string(), b.to_string())
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Per (person, day) event counts of a store, with aliases resolved through `identities`.
fn per_person_day(
    store: &std::path::Path,
    identities: Option<&std::path::Path>,
    extra: &[&str],
) -> std::collections::BTreeMap<String, u64> {
    let map = aliases(identities);
    let mut keys = vec!["person", "day"];
    keys.extend(extra);
    let mut out = std::collections::BTreeMap::new();
    for (k, n) in crate::support::event_counts(store, &keys) {
        let (person, rest) = k.split_once('|').unwrap();
        let person = map.get(person).map_or(person, String::as_str);
        *out.entry(format!("{person}|{rest}")).or_default() += n;
    }
    out
}

#[test]
fn native_formats_round_trip_to_the_canonical_events() {
    let s = Scratch::new();
    let formats = [
        ("slack", "slack-export.zip"),
        ("m365-audit", "m365-audit.csv"),
        ("google", "google-activity.jsonl"),
        ("trello", "trello-actions.json"),
        ("mattermost", "mattermost-export.jsonl"),
    ];
    let mut canonical_csv = None;
    for (format, file) in formats {
        s.stdout(&[
            "generate",
            "--people",
            "150",
            "--days",
            "110",
            "--seed",
            "11",
            "--format",
            &format!("{format},csv"),
            "--out",
            format,
        ]);
        // The simulation does not depend on the formats asked for.
        let csv = read(s.path(&format!("{format}/events.csv")));
        match &canonical_csv {
            None => canonical_csv = Some(csv),
            Some(first) => assert!(*first == csv, "{format}: canonical events differ"),
        }
        let (native_store, canonical_store) =
            (format!("{format}-store"), format!("{format}-canonical"));
        let native = s.path(&format!("{format}/{file}"));
        let canonical = s.path(&format!("{format}/events.csv"));
        let out = s.stdout_in(&native_store, &["ingest", format, native.to_str().unwrap()]);
        assert!(out.contains("duplicates 0 + rejected 0"), "{format}: {out}");
        s.stdout_in(
            &canonical_store,
            &["ingest", "generic", canonical.to_str().unwrap()],
        );
        let identities = (format == "trello").then(|| s.path("trello/identities.csv"));
        let (native_store, canonical_store) = (s.path(&native_store), s.path(&canonical_store));
        let want = per_person_day(&canonical_store, None, &[]);
        let got = per_person_day(&native_store, identities.as_deref(), &[]);
        assert!(want.len() > 500, "{format}: {} person-days", want.len());
        assert_eq!(got, want, "{format}: events per person per day");
        // Slack, Mattermost and Trello record whom a reply or a comment addresses: the
        // same interactions as the canonical `counterparts` column.
        if matches!(format, "slack" | "mattermost" | "trello") {
            let aliases = aliases(identities.as_deref());
            let want = crate::support::interaction_counts(&canonical_store, &aliases);
            let got = crate::support::interaction_counts(&native_store, &aliases);
            assert!(want.len() > 200, "{format}: {} interactions", want.len());
            assert_eq!(got, want, "{format}: interactions per person pair per day");
        }
        // The audit log has an operation for every generated action: activities survive too.
        if format == "m365-audit" {
            assert_eq!(
                per_person_day(&native_store, None, &["activity"]),
                per_person_day(&canonical_store, None, &["activity"])
            );
        }
    }
}

#[test]
fn weekly_usage_reports_keep_each_weeks_last_active_day() {
    let s = Scratch::new();
    s.stdout(&[
        "generate",
        "--people",
        "120",
        "--days",
        "60",
        "--seed",
        "5",
        "--format",
        "m365-usage,csv",
        "--out",
        "g",
    ]);
    s.stdout_in("canonical", &["ingest", "generic", "g/events.csv"]);
    let out = s.stdout_in("usage", &["ingest", "m365-usage", "g/m365-usage"]);
    assert!(
        out.contains("duplicates") && out.contains("rejected 0"),
        "{out}"
    );
    // Report refresh dates, from the file names.
    let mut weeks: Vec<String> = std::fs::read_dir(s.path("g/m365-usage"))
        .unwrap()
        .map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().to_string();
            name["Office365ActiveUserDetail_".len()..][..10].to_string()
        })
        .collect();
    weeks.sort();
    // Every Sunday from the first one after the first event (2026-01-11) to 2026-03-01,
    // and the last simulated day, 2026-03-05 (a Thursday).
    assert_eq!(
        weeks,
        [
            "2026-01-11",
            "2026-01-18",
            "2026-01-25",
            "2026-02-01",
            "2026-02-08",
            "2026-02-15",
            "2026-02-22",
            "2026-03-01",
            "2026-03-05"
        ]
    );
    // What each report must have said: per person and tool, the last active day so far.
    let mut active: std::collections::BTreeMap<(String, String), Vec<String>> = Default::default();
    for key in crate::support::event_counts(&s.path("canonical"), &["person", "tool", "day"]).keys()
    {
        let parts: Vec<&str> = key.split('|').collect();
        if parts[1] != "trello" {
            // The usage reports know Teams and SharePoint: Slack messages are written as Teams.
            let tool = if parts[1] == "slack" {
                "teams"
            } else {
                parts[1]
            };
            active
                .entry((parts[0].to_string(), tool.to_string()))
                .or_default()
                .push(parts[2].to_string());
        }
    }
    let mut want = std::collections::BTreeSet::new();
    for ((person, tool), mut days) in active {
        days.sort();
        for w in &weeks {
            if let Some(last) = days.iter().rev().find(|d| *d <= w) {
                want.insert(format!("{person}|{tool}|{last}"));
            }
        }
    }
    let got: std::collections::BTreeSet<String> =
        crate::support::event_counts(&s.path("usage"), &["person", "tool", "day"])
            .into_keys()
            .collect();
    assert!(want.len() > 100, "{}", want.len());
    assert_eq!(got, want);
}

#[test]
fn canonical_parquet_and_csv_ingest_to_the_same_events() {
    let s = Scratch::new();
    s.stdout(&[
        "generate",
        "--people",
        "100",
        "--days",
        "70",
        "--seed",
        "5",
        "--format",
        "csv,parquet",
        "--out",
        "g",
    ]);
    s.stdout_in("from-csv", &["ingest", "generic", "g/events.csv"]);
    s.stdout_in("from-parquet", &["ingest", "generic", "g/events.parquet"]);
    // Parquet's `ts` is a UTC timestamp read as such; the CSV's is text: same instants.
    let keys = [
        "event_id", "ts", "person", "tool", "action", "activity", "client",
    ];
    let csv = crate::support::event_counts(&s.path("from-csv"), &keys);
    let parquet = crate::support::event_counts(&s.path("from-parquet"), &keys);
    assert!(csv.len() > 500, "{}", csv.len());
    assert_eq!(parquet, csv);
    let none = Default::default();
    assert_eq!(
        crate::support::interaction_counts(&s.path("from-parquet"), &none),
        crate::support::interaction_counts(&s.path("from-csv"), &none)
    );
}
