//! Native exports other than Slack: Trello (the real board in ../shared/fixtures, counts
//! from its JSON with python3), and Microsoft 365 audit, Google Reports and Mattermost
//! (synthetic files written from the vendors' documented schemas, tests/fixtures/synthetic,
//! counted by hand record by record in the comments below).

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::support::{Scratch, event_counts};

fn synthetic(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/synthetic")
        .join(name)
        .display()
        .to_string()
}

fn counts(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

#[test]
fn trello_board_at_the_export_cap_and_its_comments() {
    let base = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/trello-gocd");
    if !base.exists() {
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "SKIPPED: {} is absent", base.display());
        return;
    }
    let s = Scratch::new();
    let board = base.join("board.json").display().to_string();
    let comments = base.join("comments.json").display().to_string();
    let out = s.stdout(&["ingest", "trello", &board, &comments]);
    // python3: 1,000 actions in the board, 133 comment actions of which 93 are in the board.
    assert!(
        out.contains(
            "read 1133 = stored 1040 + duplicates 93 + rejected 0 + excluded (bots/system) 0"
        ),
        "{out}"
    );
    assert!(
        out.contains("exactly 1000 actions, Trello's export cap"),
        "{out}"
    );
    assert!(out.contains("(2019-04-17T21:17:11.388Z)"), "{out}");
    // By type (python3 collections.Counter over the de-duplicated actions): commentCard 133;
    // createCard 72 + createList 8 + addChecklistToCard 8 + convertToCardFromCheckItem 1;
    // addAttachmentToCard 41; updateCard 576 + addMemberToCard 103 + updateList 31 +
    // updateCheckItemStateOnCard 31 + removeMemberFromCard 25 + deleteAttachmentFromCard 3
    // + deleteCard 1; addMemberToBoard 4 + enablePlugin 3.
    assert_eq!(
        event_counts(&s.store(), &["activity"]),
        counts(&[
            ("create", 89),
            ("edit", 770),
            ("other", 7),
            ("reply", 133),
            ("share", 41)
        ])
    );
    let people = event_counts(&s.store(), &["person"]);
    // python3: 402 in the board, and 10 of the 40 comments missing from it.
    assert_eq!(people.len(), 10, "{people:?}");
    assert_eq!(people["trello:marquesfarques"], 402 + 10, "{people:?}");
    // tests/expect/trello_interactions.py: 130 interactions in the board (members added to
    // or removed from cards, @mentions of its members) and 45 in the comments it lacks.
    let edges: u64 = crate::support::interaction_counts(&s.store(), &Default::default())
        .values()
        .sum();
    assert_eq!(edges, 130 + 45);
    // The same board downloaded again is recognised by its content.
    let again = s.stdout(&["ingest", "trello", &board]);
    assert!(again.contains("already ingested"), "{again}");
}

#[test]
fn m365_audit_classic_and_new_column_sets() {
    let s = Scratch::new();
    let out = s.stdout_rejecting(&[
        "ingest",
        "m365-audit",
        &synthetic("AuditLog_2026-03-02.csv"),
        &synthetic("AuditLog_new-search.csv"),
    ]);
    // Classic file, 12 rows: 8 person actions; excluded a failed sign-in, app@sharepoint and a
    // UserType 4 system record; rejected row 11 (line 12), whose AuditData is cut short.
    // New-search file: its first record repeats Id ...0001, its second is new.
    assert!(
        out.contains(
            "AuditLog_2026-03-02.csv: read 12, stored 8, duplicates 0, rejected 1, excluded 3"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "AuditLog_new-search.csv: read 2, stored 1, duplicates 1, rejected 0, excluded 0"
        ),
        "{out}"
    );
    let text = crate::support::rejects_text(&s.store());
    assert!(
        text.contains("AuditLog_2026-03-02.csv,12,AuditData,invalid JSON"),
        "{text}"
    );
    assert_eq!(
        event_counts(&s.store(), &["tool", "activity", "category", "client"]),
        counts(&[
            ("m365|login|access|unknown", 1),
            ("onedrive|edit|documents|desktop", 1),
            ("outlook|view|messaging|mobile", 1),
            ("sharepoint|create|documents|unknown", 1),
            ("sharepoint|view|documents|web", 1),
            ("teams|meet|meetings|unknown", 1),
            ("teams|post|messaging|unknown", 1),
            ("teams|react|messaging|unknown", 1),
            ("teams|reply|messaging|unknown", 1),
        ])
    );
    // UserIds are lower-cased e-mails: Ana.Martin@ and ana.martin@ are one person.
    assert_eq!(
        event_counts(&s.store(), &["person"]),
        counts(&[
            ("ana.martin@contoso.com", 3),
            ("bob.durand@contoso.com", 3),
            ("chloe.petit@contoso.com", 3)
        ])
    );
}

#[test]
fn m365_audit_without_audit_data_fails_that_file_only() {
    let s = Scratch::new();
    let wrong = s.write("wrong.csv", "Date,User,Action\n2026-03-02,a@x.org,post\n");
    let good = synthetic("AuditLog_new-search.csv");
    let out = s
        .uptake(&["ingest", "m365-audit", wrong.to_str().unwrap(), &good])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stdout.contains("wrong.csv: FAILED, nothing stored"),
        "{stdout}"
    );
    assert!(
        stdout.contains("AuditLog_new-search.csv: read 2, stored 2"),
        "{stdout}"
    );
    assert!(
        stderr.contains("no `AuditData` column: not a unified audit log export (columns are: Date, User, Action)"),
        "{stderr}"
    );
}

#[test]
fn google_reports_pages_and_ndjson() {
    let s = Scratch::new();
    let out = s.stdout_rejecting(&[
        "ingest",
        "google",
        &synthetic("google-drive.json"),
        &synthetic("google-login.json"),
        &synthetic("google-meet-chat.jsonl"),
    ]);
    // drive: 4 activities, one with two events (edit, rename), one by an API key (excluded).
    // login: a success and a failure (excluded). jsonl: a meet call, a chat message and a
    // line cut short (rejected).
    assert!(
        out.contains("google-drive.json: read 5, stored 4, duplicates 0, rejected 0, excluded 1"),
        "{out}"
    );
    assert!(
        out.contains("google-login.json: read 2, stored 1, duplicates 0, rejected 0, excluded 1"),
        "{out}"
    );
    assert!(
        out.contains(
            "google-meet-chat.jsonl: read 3, stored 2, duplicates 0, rejected 1, excluded 0"
        ),
        "{out}"
    );
    assert_eq!(
        event_counts(
            &s.store(),
            &["tool", "action", "activity", "category", "client"]
        ),
        counts(&[
            ("google-chat|message_posted|post|messaging|unknown", 1),
            ("google-drive|change_user_access|share|documents|unknown", 1),
            ("google-drive|edit|edit|documents|unknown", 1),
            ("google-drive|rename|edit|documents|unknown", 1),
            ("google-drive|view|view|documents|unknown", 1),
            ("google-meet|call_ended|meet|meetings|mobile", 1),
            ("google-workspace|login_success|login|access|unknown", 1),
        ])
    );
    // Chloé shared "Offre client" with Bob (`target_user`): the one interaction.
    assert_eq!(
        crate::support::interaction_counts(&s.store(), &Default::default()),
        counts(&[(
            "chloe.petit@contoso.com|bob.durand@contoso.com|2026-03-02",
            1
        )])
    );
    // The same page saved under another name is the same events.
    let copy = s.write(
        "copy.json",
        std::fs::read(synthetic("google-drive.json")).unwrap(),
    );
    let again = s.stdout(&["ingest", "google", copy.to_str().unwrap()]);
    assert!(again.contains("already ingested"), "{again}");
}

#[test]
fn mattermost_bulk_export() {
    let s = Scratch::new();
    let out = s.stdout_rejecting(&[
        "ingest",
        "mattermost",
        &synthetic("mattermost-export.jsonl"),
    ]);
    // ana's post, carl's reaction to it, bob's reply, ana's reaction to the reply, carl's
    // direct message and carl's post with a file: 6 stored. The ci-bot post and carl's
    // system join: excluded. Line 13 cut short and line 15 without create_at: rejected.
    assert!(
        out.contains("read 10 = stored 6 + duplicates 0 + rejected 2 + excluded (bots/system) 2"),
        "{out}"
    );
    assert_eq!(
        event_counts(&s.store(), &["person", "action"]),
        counts(&[
            ("ana.martin@contoso.com|post", 1),
            ("ana.martin@contoso.com|reaction", 1),
            ("bob.durand@contoso.com|reply", 1),
            ("mattermost:carl|direct_post", 1),
            ("mattermost:carl|file_share", 1),
            ("mattermost:carl|reaction", 1),
        ])
    );
    // Whom each addresses: carl's reaction and bob's reply -> ana (the post's author);
    // ana's reaction -> bob (the reply's); carl's direct message -> ana (the other member).
    assert_eq!(
        crate::support::interaction_counts(&s.store(), &Default::default()),
        counts(&[
            (
                "ana.martin@contoso.com|bob.durand@contoso.com|2026-03-02",
                1
            ),
            (
                "bob.durand@contoso.com|ana.martin@contoso.com|2026-03-02",
                1
            ),
            ("mattermost:carl|ana.martin@contoso.com|2026-03-02", 2),
        ])
    );
    // create_at 1772442000000 ms is 2026-03-02 09:00:00 UTC.
    assert!(
        out.contains("new events from 2026-03-02 09:00:00Z to 2026-03-02 12:00:00Z"),
        "{out}"
    );
}

#[test]
fn non_utf8_and_truncated_native_files() {
    let s = Scratch::new();
    let bad = s.write(
        "board.json",
        b"{\"actions\": [{\"id\": \"1\", \"type\": \"createCard\"",
    );
    let latin1 = s.write(
        "mm.jsonl",
        b"{\"type\":\"version\",\"version\":1}\n{\"type\":\"post\",\"post\":{\"user\":\"ana\",\"message\":\"caf\xe9\",\"create_at\":1772442000000}}\n",
    );
    let out = s
        .uptake(&["ingest", "trello", bad.to_str().unwrap()])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("board.json: invalid JSON: EOF while parsing"),
        "{stderr}"
    );
    assert!(crate::support::partition_files(&s.store()).is_empty());
    let out = s.stdout_rejecting(&["ingest", "mattermost", latin1.to_str().unwrap()]);
    assert!(
        out.contains("read 1 = stored 0 + duplicates 0 + rejected 1 + excluded (bots/system) 0"),
        "{out}"
    );
}

#[test]
fn m365_usage_reports_build_a_history_and_licences() {
    let s = Scratch::new();
    let week1 = synthetic("TeamsUserActivityUserDetail_2026-03-08.csv");
    let week2 = synthetic("TeamsUserActivityUserDetail_2026-03-15.csv");
    let office = synthetic("Office365ActiveUserDetail_2026-03-15.csv");
    // Week 1: ana 03-06, bob 03-04, dan 02-20 (deleted since), chloe never active.
    let out = s.stdout(&["ingest", "m365-usage", &week1]);
    assert!(
        out.contains("read 3 = stored 3 + duplicates 0 + rejected 0"),
        "{out}"
    );
    assert!(out.contains("accounts listed: 4"), "{out}");
    // Week 2: ana 03-13 and chloe 03-12 are new, bob's 03-04 is known, eve's
    // `13/03/2026` is not ISO. Office 365: ana's Exchange 03-14 and OneDrive 03-10 and
    // chloe's Exchange 03-11 are new; ana's Teams 03-13 is week 2's observation again.
    let out = s.stdout_rejecting(&["ingest", "m365-usage", &week2, &office]);
    assert!(
        out.contains(
            "TeamsUserActivityUserDetail_2026-03-15.csv: read 4, stored 2, duplicates 1, rejected 1"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "Office365ActiveUserDetail_2026-03-15.csv: read 4, stored 3, duplicates 1, rejected 0"
        ),
        "{out}"
    );
    assert_eq!(
        event_counts(&s.store(), &["person", "day", "tool", "activity"]),
        counts(&[
            ("ana.martin@contoso.com|2026-03-06|teams|post", 1),
            ("ana.martin@contoso.com|2026-03-10|onedrive|edit", 1),
            ("ana.martin@contoso.com|2026-03-13|teams|post", 1),
            ("ana.martin@contoso.com|2026-03-14|outlook|post", 1),
            ("bob.durand@contoso.com|2026-03-04|teams|meet", 1),
            ("chloe.petit@contoso.com|2026-03-11|outlook|post", 1),
            ("chloe.petit@contoso.com|2026-03-12|teams|other", 1),
            ("dan.roux@contoso.com|2026-02-20|teams|other", 1),
        ])
    );
    // Licence assignment dates against the roster: ana's earliest licence is 2026-01-15.
    let roster = s.write(
        "r.csv",
        "person,registered_at\nana.martin@contoso.com,2026-02-02\nbob.durand@contoso.com,2026-02-02\n",
    );
    s.stdout(&["roster", "import", roster.to_str().unwrap()]);
    let csv = s.stdout(&["roster", "accounts", "--format", "csv"]);
    assert!(
        csv.contains("registered_differs,,,ana.martin@contoso.com,,2026-01-15,2026-02-02\n"),
        "{csv}"
    );
    // bob has a Teams account but no Exchange, OneDrive or SharePoint licence.
    assert!(
        csv.contains("no_account,outlook,,bob.durand@contoso.com,,,2026-02-02\n"),
        "{csv}"
    );
    assert!(!csv.contains("no_account,teams,,bob"), "{csv}");
    assert!(
        csv.contains("not_in_roster,teams,dan.roux@contoso.com"),
        "{csv}"
    );
}

#[test]
fn m365_audit_row_with_latin1_bytes_is_rejected_alone() {
    let s = Scratch::new();
    let mut bytes = std::fs::read(synthetic("AuditLog_new-search.csv")).unwrap();
    // A spreadsheet re-saved the file in Latin-1: `é` as the single byte 0xE9.
    let at = bytes.windows(6).position(|w| w == b"chloe.").unwrap();
    bytes[at + 4] = 0xE9;
    let file = s.write("latin1.csv", bytes);
    let out = s.stdout_rejecting(&["ingest", "m365-audit", file.to_str().unwrap()]);
    assert!(
        out.contains("read 2 = stored 1 + duplicates 0 + rejected 1"),
        "{out}"
    );
    let text = crate::support::rejects_text(&s.store());
    assert!(
        text.contains("latin1.csv,3,UserId,not valid UTF-8"),
        "{text}"
    );
}
