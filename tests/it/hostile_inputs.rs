//! Inputs made to harm the person running the ingest (issue 32, items 8 to 12): links
//! out of the input folder, names that are not UTF-8 or hold escape codes, gzip bombs,
//! stray quotes, formulas in rejected records.

use std::io::Write;

use predicates::prelude::*;

use crate::support::{Scratch, rejects_text};

const HEADER: &str = "ts,person,tool,action\n";

fn event(day: u32, person: &str) -> String {
    format!("2024-03-{day:02}T09:00:00Z,{person},teams,message\n")
}

/// The rejects file's rows (without the header), parsed as CSV.
fn reject_rows(s: &Scratch) -> Vec<Vec<String>> {
    let text = rejects_text(&s.store());
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[cfg(unix)]
#[test]
fn links_out_of_an_input_folder_are_skipped_and_counted_and_a_loop_fails_nothing() {
    use std::os::unix::fs::symlink;
    let s = Scratch::new();
    s.write("in/good.csv", format!("{HEADER}{}", event(1, "a@x.org")));
    s.write(
        "in/sub/inner.csv",
        format!("{HEADER}{}", event(2, "b@x.org")),
    );
    // A header line no source reads: it must appear nowhere.
    s.write(
        "outside/secret.csv",
        "root:$6$SECRET-HASH:19000:0:99999:7:::\n",
    );
    s.write(
        "outside/events.csv",
        format!("{HEADER}{}", event(3, "c@x.org")),
    );
    symlink(s.path("outside/secret.csv"), s.path("in/shadow.csv")).unwrap();
    symlink("../outside/events.csv", s.path("in/other.csv")).unwrap();
    symlink(".", s.path("in/sub/loop")).unwrap();
    // A link within the folder is read as the file it points to.
    symlink("../good.csv", s.path("in/sub/again.csv")).unwrap();
    let summary = s.path("summary.json");
    let out = s
        .uptake(&[
            "--summary-json",
            summary.to_str().unwrap(),
            "ingest",
            "generic",
            "in",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("SECRET").not())
        .stderr(predicate::str::contains(
            "shadow.csv: a symbolic link out of the input folder",
        ))
        .stderr(predicate::str::contains(
            "other.csv: a symbolic link out of the input folder",
        ))
        .stderr(predicate::str::contains(
            "loop: a folder already read: a symbolic link loop",
        ))
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    // good.csv and inner.csv; again.csv has good.csv's content.
    assert!(out.contains("read 2 = stored 2 + duplicates 0"), "{out}");
    assert!(out.contains("again.csv: already ingested"), "{out}");
    assert!(out.contains("skipped 3 folder entries"), "{out}");
    assert!(!out.contains("SECRET"), "{out}");
    let manifest = std::fs::read_to_string(s.store().join("manifest.json")).unwrap();
    assert!(!manifest.contains("SECRET"), "{manifest}");
    assert!(!manifest.contains("events.csv"), "{manifest}");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(summary).unwrap()).unwrap();
    let skipped: Vec<String> = summary["ingests"][0]["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(skipped, ["in/other.csv", "in/shadow.csv", "in/sub/loop"]);
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_ingested_under_its_lossy_name() {
    use std::os::unix::ffi::OsStrExt;
    let s = Scratch::new();
    s.write("in/good.csv", format!("{HEADER}{}", event(1, "a@x.org")));
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.csv");
    std::fs::write(
        s.path("in").join(name),
        format!("{HEADER}{}", event(2, "b@x.org")),
    )
    .unwrap();
    let out = s.stdout(&["ingest", "generic", "in"]);
    assert!(out.contains("read 2 = stored 2"), "{out}");
    assert!(out.contains("caf\u{fffd}.csv: read 1, stored 1"), "{out}");
}

#[cfg(unix)]
#[test]
fn escape_codes_in_file_names_are_printed_escaped() {
    let s = Scratch::new();
    s.write(
        "in/\u{1b}]0;owned\u{7}x.csv",
        format!("{HEADER}{}", event(1, "a@x.org")),
    );
    let out = s.stdout(&["ingest", "generic", "in"]);
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
    assert!(
        out.contains("in/\\u{1b}]0;owned\\u{7}x.csv: read 1, stored 1"),
        "{out}"
    );
}

#[test]
fn a_formula_in_a_rejected_record_is_inert_in_the_rejects_file() {
    let s = Scratch::new();
    s.write(
        "in.csv",
        format!(
            "{HEADER}{}=HYPERLINK(\"http://evil\";\"x\"),a@x.org,teams,message\n",
            event(1, "a@x.org")
        ),
    );
    s.stdout_rejecting(&["ingest", "generic", "in.csv"]);
    let rows = reject_rows(&s);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0][2], "3");
    assert_eq!(
        rows[0][5],
        "'=HYPERLINK(\"http://evil\";\"x\"),a@x.org,teams,message"
    );
}

#[test]
fn a_gzip_bomb_fails_its_file_naming_it_and_the_others_are_stored() {
    let s = Scratch::new();
    s.write("in/good.csv", format!("{HEADER}{}", event(1, "a@x.org")));
    // 40 MB of zeros in one field pack into about 40 KB, 1000 to 1: over the 200 to 1
    // (plus 16 MiB) a gzip input may expand to.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(HEADER.as_bytes()).unwrap();
    gz.write_all(b"2024-03-02T09:00:00Z,b@x.org,teams,")
        .unwrap();
    gz.write_all(&vec![b'0'; 40 << 20]).unwrap();
    let packed = gz.finish().unwrap();
    assert!(packed.len() < 200_000, "{}", packed.len());
    s.write("in/bomb.csv.gz", packed);
    s.uptake(&["ingest", "generic", "in"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "bomb.csv.gz: FAILED, nothing stored",
        ))
        .stdout(predicate::str::contains("read 1 = stored 1"))
        .stderr(predicate::str::contains(
            "in/bomb.csv.gz decompresses to more than",
        ))
        .stderr(predicate::str::contains("refused as a possible gzip bomb"));
}

#[test]
fn a_record_merged_by_an_unterminated_quote_is_rejected_with_its_lines() {
    let s = Scratch::new();
    // Line 3 opens a quote that line 27 closes: one record of four fields over 25 lines.
    let mut text = format!("{HEADER}{}", event(1, "a@x.org"));
    text.push_str("2024-03-02T09:00:00Z,\"b@x.org,teams,message\n");
    for day in 3..=25 {
        text.push_str(&event(day, "c@x.org"));
    }
    text.push_str("end\",teams,message\n");
    text.push_str(&event(28, "d@x.org"));
    s.write("in.csv", text);
    let out = s.stdout_rejecting(&["ingest", "generic", "in.csv"]);
    assert!(
        out.contains("read 3 = stored 2 + duplicates 0 + rejected 1"),
        "{out}"
    );
    let rows = reject_rows(&s);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0][2], "3");
    assert!(
        rows[0][4].starts_with("one record over lines 3 to 27, more than 20"),
        "{rows:?}"
    );
}

#[test]
fn a_record_with_more_fields_than_the_header_is_rejected_with_its_text() {
    let s = Scratch::new();
    s.write(
        "in.csv",
        format!(
            "{HEADER}{}2024-03-02T09:00:00Z,b@x.org,teams,message,extra\n",
            event(1, "a@x.org")
        ),
    );
    s.stdout_rejecting(&["ingest", "generic", "in.csv"]);
    let rows = reject_rows(&s);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(
        rows[0][2..],
        [
            "3",
            "*",
            "5 fields where the header has 4",
            "2024-03-02T09:00:00Z,b@x.org,teams,message,extra"
        ]
    );
}

#[test]
fn google_ndjson_lines_that_are_bare_values_are_counted_and_rejected() {
    let s = Scratch::new();
    let activity = r#"{"kind": "admin#reports#activity", "id": {"time": "2026-03-02T15:00:00.000Z", "uniqueQualifier": "-302", "applicationName": "chat"}, "actor": {"email": "bob@x.org"}, "events": [{"type": "user_action", "name": "message_posted"}]}"#;
    s.write("g.jsonl", format!("{activity}\n42\nnull\n"));
    let out = s.stdout_rejecting(&["ingest", "google", "g.jsonl"]);
    assert!(
        out.contains("read 3 = stored 1 + duplicates 0 + rejected 2"),
        "{out}"
    );
    let rows = reject_rows(&s);
    let lines: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r[2].as_str(), r[4].as_str()))
        .collect();
    assert_eq!(
        lines,
        [
            ("2", "not a JSON object: a bare value"),
            ("3", "not a JSON object: a bare value")
        ]
    );
}

#[test]
fn a_file_that_is_not_a_csv_is_refused_without_printing_its_first_line() {
    let s = Scratch::new();
    let hash = "SECRET".repeat(15);
    s.write(
        "shadow.csv",
        format!("root:$6$salt${hash}:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n"),
    );
    s.uptake(&["ingest", "generic", "shadow.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("SECRET").not())
        .stderr(predicate::str::contains(
            // `root:$6$salt$` 13, the hash 90, `:19000:0:99999:7:::` 19.
            "no column `ts` for field `ts`; columns are: (a name of 122 characters, not shown)",
        ));
    let manifest = std::fs::read_to_string(s.store().join("manifest.json")).unwrap_or_default();
    assert!(!manifest.contains("SECRET"), "{manifest}");
}

#[cfg(unix)]
#[test]
fn links_inside_a_slack_export_folder_are_not_followed_and_are_reported() {
    use std::os::unix::fs::symlink;
    let s = Scratch::new();
    let users = br#"[{"id":"U1","profile":{"email":"ana@x.org"}},{"id":"U2","profile":{"email":"bo@x.org"}}]"#;
    let day = |user: &str| {
        format!(r#"[{{"type":"message","user":"{user}","ts":"1709287200.000100","text":"hi"}}]"#)
    };
    s.write("export/users.json", users);
    s.write("export/general/2024-03-01.json", day("U1"));
    s.write("outside/2024-03-01.json", day("U2"));
    symlink(s.path("outside"), s.path("export/random")).unwrap();
    symlink(".", s.path("export/general/loop")).unwrap();
    let out = s
        .uptake(&["ingest", "slack", "export"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "skipped export/general/loop: a symbolic link inside an export folder: not followed",
        ))
        .stderr(predicate::str::contains(
            "skipped export/random: a symbolic link inside an export folder: not followed",
        ))
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    // ana's one message; bo's, behind the link, is not read.
    assert!(out.contains("read 1 = stored 1 + duplicates 0"), "{out}");
    assert!(out.contains("skipped 2 folder entries"), "{out}");
    assert_eq!(
        crate::support::event_counts(&s.store(), &["person"]),
        [("ana@x.org".to_string(), 1)].into_iter().collect()
    );
}

#[test]
fn status_prints_a_person_key_with_escape_codes_escaped() {
    let s = Scratch::with_org(
        "person,registered_at\na@x.org,2024-01-01\n",
        &format!(
            "{HEADER}{}{}",
            event(1, "a@x.org"),
            event(2, "\u{1b}[31mevil@x.org")
        ),
    );
    let out = s.stdout(&["status"]);
    assert!(!out.contains('\u{1b}'), "{out:?}");
    assert!(out.contains("  \\u{1b}[31mevil@x.org (1 events)"), "{out}");
}

#[test]
fn a_field_over_a_mebibyte_is_rejected_naming_its_length() {
    let s = Scratch::new();
    let long = "x".repeat((1 << 20) + 1);
    s.write(
        "in.csv",
        format!(
            "{HEADER}{}2024-03-02T09:00:00Z,b@x.org,teams,{long}\n",
            event(1, "a@x.org")
        ),
    );
    let out = s.stdout_rejecting(&["ingest", "generic", "in.csv"]);
    assert!(
        out.contains("read 2 = stored 1 + duplicates 0 + rejected 1"),
        "{out}"
    );
    let rows = reject_rows(&s);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0][2], "3");
    assert_eq!(
        rows[0][4],
        "field 4 is 1048577 bytes long, over the 1048576 allowed: a stray or unterminated quote (\")?"
    );
}
