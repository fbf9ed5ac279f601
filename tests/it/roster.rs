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
