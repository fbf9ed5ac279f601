use predicates::prelude::*;

use crate::support::Scratch;

#[test]
fn import_replaces_and_reports() {
    let s = Scratch::new();
    let r1 = s.write(
        "r1.csv",
        "person,registered_at,department\na@x.org,2024-01-01,Sales\nb@x.org,2024-01-01,IT\n",
    );
    let out = s.stdout(&["roster", "import", r1.to_str().unwrap()]);
    assert!(out.contains("roster: 2 people from"), "{out}");
    let r2 = s.write("r2.csv", "Email,Licence,region\nc@x.org,2024-02-01,North\n");
    let out = s.stdout(&[
        "roster",
        "import",
        r2.to_str().unwrap(),
        "--map",
        "person=Email,registered_at=Licence",
    ]);
    assert!(
        out.contains("roster: 1 people from") && out.contains("(replaces 2)"),
        "{out}"
    );
    assert!(out.contains("free attributes kept: region"), "{out}");
}

#[test]
fn bad_roster_names_line_and_field_and_keeps_the_old_one() {
    let s = Scratch::new();
    let good = s.write("good.csv", "person,registered_at\na@x.org,2024-01-01\n");
    s.stdout(&["roster", "import", good.to_str().unwrap()]);
    let bad = s.write(
        "bad.csv",
        "person,registered_at,ambassador\na@x.org,2024-01-01,maybe\na@x.org,2024-01-02,no\n",
    );
    s.uptake(&["roster", "import", bad.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.csv: 2 invalid roster row(s)"))
        .stderr(predicate::str::contains(
            "line 2: field `ambassador`: `maybe` is not a yes/no value",
        ))
        .stderr(predicate::str::contains(
            "line 3: field `person`: `a@x.org` already appears on line 2",
        ));
    let status = s.stdout(&["status"]);
    assert!(
        status.contains("roster: 1 people, imported from") && status.contains("good.csv"),
        "{status}"
    );
}

#[test]
fn identity_map_matches_tool_accounts_to_roster_people() {
    let s = Scratch::new();
    let export = concat!(
        "{\"type\":\"version\",\"version\":1}\n",
        "{\"type\":\"user\",\"user\":{\"username\":\"ana\",\"email\":\"ana@x.org\"}}\n",
        "{\"type\":\"user\",\"user\":{\"username\":\"carl\"}}\n",
        "{\"type\":\"post\",\"post\":{\"team\":\"t\",\"channel\":\"c\",\"user\":\"ana\",\"message\":\"a\",\"create_at\":1709287200000}}\n",
        "{\"type\":\"post\",\"post\":{\"team\":\"t\",\"channel\":\"c\",\"user\":\"carl\",\"message\":\"b\",\"create_at\":1709287300000}}\n",
        "{\"type\":\"post\",\"post\":{\"team\":\"t\",\"channel\":\"c\",\"user\":\"carl\",\"message\":\"c\",\"create_at\":1709373700000}}\n",
    );
    let f = s.write("mm.jsonl", export);
    s.stdout(&["-q", "ingest", "mattermost", f.to_str().unwrap()]);
    let roster = s.write(
        "r.csv",
        "person,registered_at\nana@x.org,2024-01-01\ncarl.dupont@x.org,2024-01-01\n",
    );
    s.stdout(&["roster", "import", roster.to_str().unwrap()]);
    let status = s.stdout(&["status"]);
    assert!(
        status.contains(
            "unmatched identities: 1 people in the events are not in the roster (2 events)"
        ),
        "{status}"
    );
    assert!(status.contains("  mattermost:carl (2 events)"), "{status}");

    let bad = s.write("bad.csv", "alias,person\nmattermost:carl,\n");
    s.uptake(&["roster", "identities", bad.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "bad.csv: 1 invalid identity map row(s):\n  line 2: field `person`: empty",
        ));
    let map = s.write(
        "ids.csv",
        "alias,person\nMattermost:Carl,Carl.Dupont@x.org\n",
    );
    let out = s.stdout(&["roster", "identities", map.to_str().unwrap()]);
    assert!(
        out.contains("identities: 1 alias(es) from")
            && out.contains("rollup recomputed for 2 day(s)"),
        "{out}"
    );
    let status = s.stdout(&["status"]);
    assert!(
        status.contains("every person in the events is in the roster"),
        "{status}"
    );
    // Carl's two days now count for him: the roster's 2 people are both activated.
    let summary = s.stdout(&[
        "metrics",
        "summary",
        "--as-of",
        "2024-03-02",
        "--min-group",
        "1",
    ]);
    assert!(
        summary
            .lines()
            .any(|l| l.starts_with("all") && l.split_whitespace().nth(3) == Some("2")),
        "{summary}"
    );
}

#[test]
fn accounts_are_checked_against_the_roster() {
    let s = Scratch::new();
    let export = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/synthetic/mattermost-export.jsonl");
    let out = s.stdout_rejecting(&["ingest", "mattermost", export.to_str().unwrap()]);
    // user lines ana, bob, carl and the bot ci-bot.
    assert!(out.contains("accounts listed: 4"), "{out}");
    let roster = s.write(
        "r.csv",
        "person,registered_at,name\nana.martin@contoso.com,2026-03-01,Ana\ndora@contoso.com,2026-03-01,Dora\n",
    );
    s.stdout(&["roster", "import", roster.to_str().unwrap()]);
    let csv = s.stdout(&["roster", "accounts", "--format", "csv"]);
    assert_eq!(
        csv,
        "check,tool,account,person,name,account_date,registered_at\n\
         not_in_roster,mattermost,bob,bob.durand@contoso.com,,,\n\
         not_in_roster,mattermost,carl,mattermost:carl,,,\n\
         no_account,mattermost,,dora@contoso.com,Dora,,2026-03-01\n"
    );
    let map = s.write(
        "ids.csv",
        "alias,person\nmattermost:carl,dora@contoso.com\n",
    );
    s.stdout(&["roster", "identities", map.to_str().unwrap()]);
    let text = s.stdout(&["roster", "accounts"]);
    assert!(
        text.starts_with(
            "4 account(s) in 1 tool(s) (mattermost) against 2 roster people: 1 not_in_roster\n"
        ),
        "{text}"
    );
}

/// `text` in Windows-1252, as Excel's "CSV (semicolon separated)" writes it on a French
/// Windows: every character below U+0100 outside U+0080..U+009F is its own single byte
/// there (`é` is 0xE9).
fn cp1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| {
            let b = u8::try_from(u32::from(c)).expect("a Latin-1 character");
            assert!(!(0x80..0xa0).contains(&b), "not the same in Windows-1252");
            b
        })
        .collect()
}

/// A Windows-1252 roster, identity map and event file are read with their accents; a
/// Windows-1252 file read as UTF-8 because --encoding says so is refused, saying it is
/// not UTF-8.
#[test]
fn windows_1252_files_are_decoded() {
    let s = Scratch::new();
    let roster = s.write(
        "rh.csv",
        cp1252(
            "Courriel;Date d'entrée;Service\r\nana@x.org;01/09/2026;Carré\r\nluc@x.org;02/09/2026;Comptabilité générale\r\n",
        ),
    );
    let bytes = std::fs::read(&roster).unwrap();
    assert!(std::str::from_utf8(&bytes).is_err() && bytes.contains(&0xe9));
    let map = "person=Courriel,registered_at=Date d'entrée,department=Service";
    let expected = [
        ("ana@x.org", "2026-09-01", Some("Carré")),
        ("luc@x.org", "2026-09-02", Some("Comptabilité générale")),
    ];
    for encoding in [None, Some("windows-1252")] {
        let mut args = vec!["roster", "import", roster.to_str().unwrap(), "--map", map];
        args.extend(encoding.iter().flat_map(|e| ["--encoding", e]));
        let out = s.stdout(&args);
        assert!(out.contains("roster: 2 people from"), "{encoding:?}: {out}");
        let people = uptake_store::Store::open_existing(s.store())
            .unwrap()
            .read_roster()
            .unwrap()
            .unwrap()
            .people;
        let got: Vec<(&str, String, Option<&str>)> = people
            .iter()
            .map(|p| {
                (
                    p.person.as_str(),
                    p.registered_at.to_string(),
                    p.department.as_deref(),
                )
            })
            .collect();
        let want: Vec<(&str, String, Option<&str>)> = expected
            .iter()
            .map(|(p, d, s)| (*p, d.to_string(), *s))
            .collect();
        assert_eq!(got, want, "{encoding:?}");
    }
    s.uptake(&[
        "roster",
        "import",
        roster.to_str().unwrap(),
        "--map",
        map,
        "--encoding",
        "utf-8",
    ])
    .assert()
    .code(2)
    .stderr(predicate::str::contains("rh.csv: this file is not UTF-8"))
    .stderr(predicate::str::contains("Date d'entr\u{fffd}e"));

    let identities = s.write(
        "ids.csv",
        cp1252("alias;personne\r\ntrello:chloé;ana@x.org\r\n"),
    );
    let out = s.stdout(&["roster", "identities", identities.to_str().unwrap()]);
    assert!(out.contains("identities: 1 alias(es)"), "{out}");
    let map = uptake_store::Store::open_existing(s.store())
        .unwrap()
        .read_identities()
        .unwrap();
    assert_eq!(
        map.aliases.get("trello:chloé").map(String::as_str),
        Some("ana@x.org")
    );

    let events = s.write(
        "ev.csv",
        cp1252("Horodatage;Courriel;Outil;Évènement\r\n2026-09-02 09:00;zoé@x.org;intranet;consulté\r\n"),
    );
    let out = s.stdout(&[
        "ingest",
        "generic",
        events.to_str().unwrap(),
        "--map",
        "ts=Horodatage,person=Courriel,tool=Outil,action=Évènement",
    ]);
    assert!(
        out.contains("read 1 = stored 1 + duplicates 0 + rejected 0"),
        "{out}"
    );
    assert_eq!(
        crate::support::event_counts(&s.store(), &["person", "action"]),
        [("zoé@x.org|consulté".to_string(), 1)]
            .into_iter()
            .collect()
    );
}
