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

/// Slackbot is never a person, even when users.json leaves it out (as real exports often
/// do): its reminders and notices, and its reactions, are counted and excluded, in the
/// folder and zip forms alike.
#[test]
fn slackbot_is_excluded_when_users_json_omits_it() {
    let day: &[u8] = br#"[
        {"type":"message","user":"U1","ts":"1709287200.000100","text":"hi <@USLACKBOT>","reactions":[{"name":"wave","users":["USLACKBOT","U2"]}]},
        {"type":"message","user":"USLACKBOT","ts":"1709287300.000100","text":"Reminder: stand-up."},
        {"type":"message","subtype":"channel_canvas_updated","user":"USLACKBOT","ts":"1709287400.000100","reactions":[{"name":"eyes","users":["U1"]}]},
        {"type":"message","subtype":"channel_tab_added","user":"USLACKBOT","ts":"1709287500.000100"}
    ]"#;
    let users = br#"[{"id":"U1","profile":{"email":"ana@x.org"}},{"id":"U2","profile":{}}]"#;
    assert!(!String::from_utf8_lossy(users).contains("USLACKBOT"));
    let s = Scratch::new();
    s.write("dir/users.json", users);
    let dir = s.write("dir/general/2024-03-01.json", day);
    let dir = dir.parent().unwrap().parent().unwrap();
    let zip = s.path("export.zip");
    write_zip(
        &zip,
        &[("users.json", users), ("general/2024-03-01.json", day)],
    );
    // By hand: 4 messages + 3 (reaction, user) pairs = 7 records. Stored: U1's message,
    // U2's reaction to it, U1's reaction to Slackbot's canvas notice (3). Excluded: the
    // three messages of Slackbot and its reaction (4).
    for (path, store) in [(dir.to_path_buf(), "store"), (zip, "store-zip")] {
        let out = s.stdout_in(store, &["ingest", "slack", path.to_str().unwrap()]);
        assert!(
            out.contains(
                "read 7 = stored 3 + duplicates 0 + rejected 0 + excluded (bots/system) 4"
            ),
            "{}: {out}",
            path.display()
        );
        assert_eq!(
            crate::support::event_counts(&s.path(store), &["person", "action"]),
            [
                ("ana@x.org|message", 1),
                ("ana@x.org|reaction_added", 1),
                ("slack:u2|reaction_added", 1),
            ]
            .iter()
            .map(|(k, v)| (k.to_string(), *v as u64))
            .collect()
        );
    }
}

/// A `thread_broadcast` (a thread reply also sent to the channel) is stored as a thread
/// reply addressed to the thread's author, and docs/sources/slack.md says so.
#[test]
fn thread_broadcast_is_a_thread_reply_in_code_and_docs() {
    let s = Scratch::new();
    let z = s.path("export.zip");
    write_zip(
        &z,
        &[
            ("users.json", USERS),
            (
                "general/2024-03-01.json",
                br#"[{"type":"message","user":"U1","ts":"1709287200.000100","text":"root"},{"type":"message","subtype":"thread_broadcast","user":"U2","ts":"1709287300.000100","thread_ts":"1709287200.000100","root":{"user":"U1"},"text":"also to the channel"}]"#,
            ),
        ],
    );
    s.stdout(&["ingest", "slack", z.to_str().unwrap()]);
    assert_eq!(
        crate::support::event_counts(&s.store(), &["person", "action", "activity"]),
        [
            ("ana@x.org|message|post", 1),
            ("slack:u2|thread_reply|reply", 1),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), *v as u64))
        .collect()
    );
    assert_eq!(
        crate::support::interaction_counts(&s.store(), &Default::default()),
        [("slack:u2|ana@x.org|2024-03-01".to_string(), 1)]
            .into_iter()
            .collect()
    );
    // The mapping table's rows that name thread_broadcast give it the same action.
    let docs = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/sources/slack.md"),
    )
    .unwrap();
    let rows: Vec<&str> = docs
        .lines()
        .filter(|l| l.starts_with('|') && l.contains("`thread_broadcast`"))
        .collect();
    assert_eq!(rows.len(), 1, "{rows:?}");
    let cells: Vec<&str> = rows[0].split('|').map(str::trim).collect();
    assert_eq!(
        cells[2..5],
        ["`reply`", "messaging", "`thread_reply`"],
        "{}",
        rows[0]
    );
}

/// A zip of the export folder, as `zip -r export.zip slack/` and the "Compress" of
/// Windows and macOS make it: everything under one top folder (macOS adds `__MACOSX/`
/// resource forks beside it), is read as the export.
#[test]
fn zip_of_the_export_folder_is_accepted() {
    let s = Scratch::new();
    let z = s.path("export.zip");
    let day: &[u8] = br#"[{"type":"message","user":"U1","ts":"1709287200.000100","reactions":[{"name":"+1","users":["U2"]}]},{"type":"message","user":"U2","ts":"1709287300.000100"}]"#;
    let mut w = zip::ZipWriter::new(std::fs::File::create(&z).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    w.add_directory("slack/", options).unwrap();
    w.add_directory("slack/general/", options).unwrap();
    for (name, bytes) in [
        ("slack/users.json", USERS),
        ("slack/channels.json", b"[]".as_slice()),
        ("slack/general/2024-03-01.json", day),
        ("__MACOSX/slack/._users.json", b"\x00\x05\x16\x07 not json"),
        (
            "__MACOSX/slack/general/._2024-03-01.json",
            b"\x00\x05\x16\x07",
        ),
    ] {
        w.start_file(name, options).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap();
    let out = s.stdout(&["ingest", "slack", z.to_str().unwrap()]);
    // 2 messages + 1 reaction, all by people.
    assert!(
        out.contains("read 3 = stored 3 + duplicates 0 + rejected 0 + excluded (bots/system) 0"),
        "{out}"
    );
    assert_eq!(
        crate::support::event_counts(&s.store(), &["person", "action"]),
        [
            ("ana@x.org|message", 1),
            ("slack:u2|message", 1),
            ("slack:u2|reaction_added", 1),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), *v as u64))
        .collect()
    );
    // Two top folders are two things, not one export.
    let two = s.path("two.zip");
    write_zip(
        &two,
        &[("a/users.json", USERS), ("b/general/2024-03-01.json", day)],
    );
    s.uptake(&["ingest", "slack", two.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no users.json"));
}
