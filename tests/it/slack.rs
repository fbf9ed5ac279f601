//! Slack exports: the real fixtures in ../shared/fixtures with counts established
//! independently (a Python script applying docs/sources/slack.md to the raw JSON), and
//! deliberately broken copies.

use std::io::Write;
use std::path::PathBuf;

use predicates::prelude::*;

use crate::support::Scratch;

fn fixture(rel: &str) -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures")
        .join(rel);
    if p.exists() {
        Some(p)
    } else {
        crate::support::say_skipped(&format!(
            "fixture {} is absent (../shared/fixtures not beside the repository)",
            p.display()
        ));
        None
    }
}

/// (fixture, read, stored, excluded, distinct people, interactions), counted by
/// tests/expect/slack_counts.py from the raw JSON: one record per message plus one per
/// (reaction, user); bots, integrations and system subtypes excluded (people's reactions
/// on them kept); ids `slack:<channel>/<ts>` and `.../react/<name>/<user>`; interactions
/// as docs/sources/interactions.md says (a reply's thread author, each person mentioned,
/// a reacted message's author; never the author, never a bot).
const REAL: &[(&str, u64, u64, u64, u64, u64)] = &[
    ("slack-houstondatavis/export", 1581, 1224, 357, 34, 344),
    ("slack-testarchive/testarchive.zip", 159, 53, 106, 4, 14),
    ("slack-slackdump/export-dir", 16, 13, 3, 2, 3),
    ("slack-slackdump/export.zip", 16, 13, 3, 2, 3),
];

#[test]
fn real_exports_ingest_with_independent_counts() {
    for &(rel, read, stored, excluded, people, interactions) in REAL {
        let Some(path) = fixture(rel) else { continue };
        let s = Scratch::new();
        let out = s.stdout(&["ingest", "slack", path.to_str().unwrap()]);
        let want = format!(
            "read {read} = stored {stored} + duplicates 0 + rejected 0 + excluded (bots/system) {excluded}"
        );
        assert!(out.contains(&want), "{rel}: {out}\nwant: {want}");
        let status = s.stdout(&["status"]);
        assert!(
            status.contains(&format!("{stored} from")),
            "{rel}: {status}"
        );
        assert!(
            status.contains(&format!("{people} distinct people")),
            "{rel}: {status}"
        );
        let edges: u64 = crate::support::interaction_counts(&s.store(), &Default::default())
            .values()
            .sum();
        assert_eq!(edges, interactions, "{rel}: interactions");
    }
}

#[test]
fn folder_and_zip_of_one_export_are_the_same_events() {
    let (Some(dir), Some(zip)) = (
        fixture("slack-slackdump/export-dir"),
        fixture("slack-slackdump/export.zip"),
    ) else {
        return;
    };
    let s = Scratch::new();
    s.stdout(&["ingest", "slack", dir.to_str().unwrap()]);
    let out = s.stdout(&["ingest", "slack", zip.to_str().unwrap()]);
    assert!(
        out.contains("read 16 = stored 0 + duplicates 13 + rejected 0 + excluded (bots/system) 3"),
        "{out}"
    );
}

fn write_zip(path: &std::path::Path, files: &[(&str, &[u8])]) {
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, bytes) in files {
        z.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap();
}

const USERS: &[u8] = br#"[{"id":"U1","profile":{"email":"Ana@X.org"}},{"id":"U2","profile":{}},{"id":"B1","is_bot":true,"profile":{}}]"#;

#[test]
fn broken_day_file_is_rejected_and_the_rest_stored() {
    let s = Scratch::new();
    let z = s.path("export.zip");
    write_zip(
        &z,
        &[
            ("users.json", USERS),
            ("general/2024-03-01.json", br#"[{"type":"message","user":"U1","ts":"1709287200.000100","text":"hi","reactions":[{"name":"+1","users":["U2","B1"]}]},{"type":"message","user":"U2","ts":"1709287300.000100","thread_ts":"1709287200.000100"},{"type":"message","subtype":"channel_join","user":"U2","ts":"1709287400.000100"},{"type":"message","user":"U1","ts":"soon"}]"#),
            ("general/2024-03-02.json", b"[{\"type\": \"message\", \"user\": "),
        ],
    );
    let out = s.stdout_rejecting(&["ingest", "slack", z.to_str().unwrap()]);
    // Day 1: 4 messages + 2 reactions = 6 records: post, reply and U2's reaction stored;
    // the bot's reaction and the join excluded; the message with ts "soon" rejected.
    // Day 2: unreadable, one record rejected.
    assert!(
        out.contains("read 7 = stored 3 + duplicates 0 + rejected 2 + excluded (bots/system) 2"),
        "{out}"
    );
    let text = crate::support::rejects_text(&s.store());
    assert!(
        text.contains("export.zip!general/2024-03-01.json,4,ts,"),
        "{text}"
    );
    assert!(
        text.contains("export.zip!general/2024-03-02.json,0,*,\"invalid JSON"),
        "{text}"
    );
    let status = s.stdout(&["status"]);
    // ana@x.org (from users.json) and slack:u2 (no e-mail): 2 people.
    assert!(
        status.contains("events: 3 from 2024-03-01 to 2024-03-01 (1 days), 2 distinct people"),
        "{status}"
    );
}

#[test]
fn truncated_or_foreign_zip_fails_alone() {
    let s = Scratch::new();
    let good = s.path("in/good.zip");
    std::fs::create_dir_all(s.path("in")).unwrap();
    write_zip(
        &good,
        &[
            ("users.json", USERS),
            (
                "general/2024-03-01.json",
                br#"[{"type":"message","user":"U1","ts":"1709287200.000100"}]"#,
            ),
        ],
    );
    let bytes = std::fs::read(&good).unwrap();
    s.write("in/truncated.zip", &bytes[..bytes.len() / 2]);
    write_zip(&s.path("in/other.zip"), &[("readme.txt", b"not slack")]);
    s.uptake(&["ingest", "slack", "in"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("good.zip: read 1, stored 1"))
        .stdout(predicate::str::contains(
            "truncated.zip: FAILED, nothing stored",
        ))
        .stdout(predicate::str::contains(
            "other.zip: FAILED, nothing stored",
        ))
        .stderr(predicate::str::contains("not a readable zip archive"))
        .stderr(predicate::str::contains(
            "no users.json: not a Slack export",
        ));
}

#[test]
fn zip_bomb_is_refused() {
    let s = Scratch::new();
    let z = s.path("bomb.zip");
    let zeros = vec![0u8; 4 << 20];
    let mut w = zip::ZipWriter::new(std::fs::File::create(&z).unwrap());
    w.start_file(
        "users.json",
        zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated),
    )
    .unwrap();
    w.write_all(&zeros).unwrap();
    w.finish().unwrap();
    s.uptake(&["ingest", "slack", z.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("refused as a possible zip bomb"));
}

#[test]
fn member_analytics_are_active_days_and_accounts() {
    let s = Scratch::new();
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/synthetic/slack-member-analytics_2026-03-02.json.gz");
    let out = s.stdout_rejecting(&["ingest", "slack", file.to_str().unwrap()]);
    // Six member-days: bob's is inactive (an account, not a record); of the five active,
    // line 5's date is "yesterday" and line 6 repeats line 1.
    assert!(
        out.contains("read 5 = stored 3 + duplicates 1 + rejected 1 + excluded (bots/system) 0"),
        "{out}"
    );
    assert!(out.contains("accounts listed: 3"), "{out}");
    assert_eq!(
        crate::support::event_counts(&s.store(), &["person", "day", "activity", "client"]),
        [
            ("ana.martin@contoso.com|2026-03-02|post|desktop", 1),
            ("ana.martin@contoso.com|2026-03-03|view|unknown", 1),
            ("slack:u02nomail|2026-03-02|react|mobile", 1),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), *v as u64))
        .collect()
    );
    // date_claimed 1767225600 is 2026-01-01: bob's account and billable seat date.
    let roster = s.write(
        "r.csv",
        "person,registered_at\nbob.durand@contoso.com,2026-01-05\n",
    );
    s.stdout(&["roster", "import", roster.to_str().unwrap()]);
    let csv = s.stdout(&["roster", "accounts", "--format", "csv"]);
    assert!(
        csv.contains("registered_differs,,,bob.durand@contoso.com,,2026-01-01,2026-01-05\n"),
        "{csv}"
    );
}
