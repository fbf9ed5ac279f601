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
