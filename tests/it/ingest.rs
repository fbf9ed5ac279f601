use predicates::prelude::*;

use crate::support::{Scratch, partition_files};

const EVENTS: &str = "ts,person,tool,action,channel\n\
2024-03-01T09:00:00+01:00,ana@x.org,slack,message,general\n\
2024-03-01T23:30:00-02:00,Bo@X.org,slack,reply,general\n\
2024-03-02T10:00:00Z,ana@x.org,slack,reaction,general\n\
not-a-date,ana@x.org,slack,message,general\n";

#[test]
fn accounting_rejects_and_partitions() {
    let s = Scratch::new();
    let f = s.write("export.csv", EVENTS);
    let out = s.stdout_rejecting(&["ingest", "generic", f.to_str().unwrap()]);
    assert!(
        out.contains("read 4 = stored 3 + duplicates 0 + rejected 1 + excluded (bots/system) 0"),
        "{out}"
    );
    // ana at 08:00Z on the 1st; bo at 23:30-02:00 = 01:30Z on the 2nd; ana at 10:00Z on the 2nd.
    let files = partition_files(&s.store());
    let days: Vec<String> = files
        .iter()
        .map(|p| {
            p.parent()
                .unwrap()
                .file_name()
                .unwrap()
                .to_string_lossy()
                .to_string()
        })
        .collect();
    assert_eq!(days, vec!["date=2024-03-01", "date=2024-03-02"]);

    let rejects: Vec<_> = std::fs::read_dir(s.store().join("rejects"))
        .unwrap()
        .collect();
    assert_eq!(rejects.len(), 1);
    let text = std::fs::read_to_string(rejects[0].as_ref().unwrap().path()).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("batch,file,line,field,reason,record"));
    let row = lines.next().unwrap();
    assert!(row.contains(",5,ts,"), "{row}");
    assert!(row.contains("`not-a-date` is not a timestamp"), "{row}");
    assert_eq!(lines.next(), None);
}

#[test]
fn reingest_adds_nothing() {
    let s = Scratch::new();
    let f = s.write("export.csv", EVENTS);
    let path = f.to_str().unwrap();
    s.stdout_rejecting(&["ingest", "generic", path]);
    let before = partition_files(&s.store());

    let again = s.stdout(&["ingest", "generic", path]);
    assert!(
        again.contains("already ingested (same content), skipped"),
        "{again}"
    );
    assert!(again.contains("nothing new"), "{again}");

    let forced = s.stdout_rejecting(&["ingest", "generic", path, "--force"]);
    assert!(
        forced.contains("read 4 = stored 0 + duplicates 3 + rejected 1 + excluded (bots/system) 0"),
        "{forced}"
    );
    assert_eq!(
        partition_files(&s.store()),
        before,
        "no new partition files"
    );
}

#[test]
fn overlapping_export_stores_only_the_new_days() {
    let s = Scratch::new();
    let first = s.write(
        "week1.csv",
        "ts,person,tool,action,event_id\n\
2024-03-01T09:00:00Z,a@x.org,teams,message,1\n\
2024-03-02T09:00:00Z,a@x.org,teams,message,2\n",
    );
    // Downloaded later: repeats event 2 (with another spelling of the same instant) and adds 3.
    let second = s.write(
        "week2.csv",
        "ts,person,tool,action,event_id\n\
2024-03-02T10:00:00+01:00,a@x.org,teams,message,2\n\
2024-03-03T09:00:00Z,a@x.org,teams,message,3\n",
    );
    s.stdout(&["ingest", "generic", first.to_str().unwrap()]);
    let out = s.stdout(&["ingest", "generic", second.to_str().unwrap()]);
    assert!(
        out.contains("read 2 = stored 1 + duplicates 1 + rejected 0"),
        "{out}"
    );
    let status = s.stdout(&["status"]);
    assert!(
        status.contains("events: 3 from 2024-03-01 to 2024-03-03 (3 days), 1 distinct people"),
        "{status}"
    );
}

#[test]
fn folder_ingest_with_mapping_timezone_and_bots() {
    let s = Scratch::new();
    s.write(
        "in/a.csv",
        "Horodatage;Courriel;Evenement;Robot\n\
01/03/2024 00:30;ana@x.org;view;non\n\
01/03/2024 08:00;bot@x.org;post;oui\n",
    );
    s.write("in/sub/b.ndjson", "{\"Horodatage\": \"2024-03-01 09:00\", \"Courriel\": \"bo@x.org\", \"Evenement\": \"edit\"}\n");
    s.write("in/notes.md", "not an export");
    let out = s.stdout(&[
        "ingest",
        "generic",
        "in",
        "--tool",
        "Intranet",
        "--tz",
        "Europe/Paris",
        "--map",
        "ts=Horodatage,person=Courriel,action=Evenement,is_bot=Robot",
    ]);
    assert!(
        out.contains("read 3 = stored 2 + duplicates 0 + rejected 0 + excluded (bots/system) 1"),
        "{out}"
    );
    // 00:30 in Paris on 1 March is 23:30 UTC on 29 February.
    let status = s.stdout(&["status"]);
    assert!(
        status.contains("events: 2 from 2024-02-29 to 2024-03-01 (2 days), 2 distinct people"),
        "{status}"
    );
    assert!(status.contains("intranet"), "{status}");
}

#[test]
fn unreadable_file_fails_alone_and_stores_nothing_of_itself() {
    let s = Scratch::new();
    s.write(
        "in/good.csv",
        "ts,person,tool,action\n2024-03-01T09:00:00Z,a@x.org,teams,message\n",
    );
    s.write("in/wrong.csv", "time,who,what\n2024-03-01,a,b\n");
    s.uptake(&["ingest", "generic", "in"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "wrong.csv: FAILED, nothing stored",
        ))
        .stderr(predicate::str::contains(
            "no column `ts` for field `ts`; columns are: time, who, what",
        ));
    let status = s.stdout(&["status"]);
    assert!(status.contains("events: 1 from 2024-03-01"), "{status}");
    // The failed file is not remembered as ingested: once fixed it is read.
    s.write(
        "in/wrong.csv",
        "ts,person,tool,action\n2024-03-05T09:00:00Z,b@x.org,teams,message\n",
    );
    let out = s.stdout(&["ingest", "generic", "in"]);
    assert!(out.contains("good.csv: already ingested"), "{out}");
    assert!(out.contains("read 1 = stored 1"), "{out}");
}

#[test]
fn status_reports_gaps_unmatched_people_and_rejects() {
    let s = Scratch::new();
    let f = s.write(
        "e.csv",
        "ts,person,tool,action\n\
2024-03-01T09:00:00Z,a@x.org,teams,message\n\
2024-03-04T09:00:00Z,stranger@y.org,teams,message\n\
2024-03-04T09:00:01Z,stranger@y.org,teams,message\n\
bad,a@x.org,teams,message\n",
    );
    s.stdout_rejecting(&["ingest", "generic", f.to_str().unwrap()]);
    let r = s.write("r.csv", "person,registered_at\na@x.org,2024-02-01\n");
    s.stdout(&["roster", "import", r.to_str().unwrap()]);
    let status = s.stdout(&["status"]);
    assert!(
        status.contains("gaps: 2 day(s) without any event:\n  2024-03-02 .. 2024-03-03"),
        "{status}"
    );
    assert!(
        status.contains(
            "unmatched identities: 1 people in the events are not in the roster (2 events)"
        ),
        "{status}"
    );
    assert!(status.contains("stranger@y.org (2 events)"), "{status}");
    assert!(
        status.contains("rejected records: 1 in 1 file(s)"),
        "{status}"
    );
}

/// People of a partner the plan declares are partners in `uptake status`, not unmatched
/// identities that count for no one; the others outside the roster still are.
#[test]
fn status_calls_a_declared_partners_guests_partners() {
    let s = Scratch::with_org(
        "person,registered_at\na@x.org,2026-01-01\n",
        "ts,person,tool,action\n\
2026-01-05T09:00:00Z,a@x.org,slack,message\n\
2026-01-05T10:00:00Z,paul@durand.example,slack,message\n\
2026-01-06T10:00:00Z,paul@durand.example,slack,message\n\
2026-01-06T11:00:00Z,ines@durand-conseil.example,slack,message\n\
2026-01-06T12:00:00Z,stranger@y.org,slack,message\n",
    );
    s.write(
        "plan.toml",
        "t0 = 2026-01-01\n[[partner]]\nname = \"Durand\"\ndomains = [\"durand.example\", \"durand-conseil.example\"]\n",
    );
    s.write("uptake.toml", "plan = \"plan.toml\"\n");
    let status = s.stdout(&["status"]);
    assert!(
        status.contains(
            "partners: 2 people in the events are guests of the plan's partners (3 events)"
        ),
        "{status}"
    );
    assert!(
        status.contains("\n  Durand: 2 people (3 events)\n"),
        "{status}"
    );
    assert!(
        status.contains(
            "unmatched identities: 1 people in the events are not in the roster (1 events); they cannot count for anyone:\n  stranger@y.org (1 events)\n"
        ),
        "{status}"
    );
    assert!(!status.contains("durand.example ("), "{status}");
}

#[test]
fn status_without_store_says_so() {
    let s = Scratch::new();
    s.uptake(&["status"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no uptake store at"));
}

/// A Parquet file (read by columns, streamed) and a CSV (read by rows) in one run share
/// one set of ids: an event in both is stored once, and a re-run stores nothing.
#[test]
fn parquet_and_csv_in_one_run_drop_each_others_duplicates() {
    use polars::prelude::*;
    let s = Scratch::new();
    std::fs::create_dir_all(s.path("in")).unwrap();
    // Days out of order, event 2 twice, one row without a person.
    let mut df = df!(
        "ts" => ["2024-03-02T10:00:00Z", "2024-03-01T09:00:00Z", "2024-03-02T10:00:00Z", "2024-03-01T11:00:00Z", "2024-03-03T08:00:00Z"],
        "person" => [Some("A@x.org"), Some("b@x.org"), Some("a@x.org"), None, Some("b@x.org")],
        "tool" => ["teams"; 5],
        "action" => ["message"; 5],
        "event_id" => ["2", "1", "2", "4", "3"],
    )
    .unwrap();
    ParquetWriter::new(std::fs::File::create(s.path("in/a.parquet")).unwrap())
        .finish(&mut df)
        .unwrap();
    // Event 3 again (the same instant written another way), and a new event 5.
    s.write(
        "in/b.csv",
        "ts,person,tool,action,event_id\n\
2024-03-03T09:00:00+01:00,b@x.org,teams,message,3\n\
2024-03-04T09:00:00Z,a@x.org,teams,message,5\n",
    );
    let out = s.stdout_rejecting(&["ingest", "generic", "in"]);
    assert!(
        out.contains("a.parquet: read 5, stored 3, duplicates 1, rejected 1, excluded 0"),
        "{out}"
    );
    assert!(
        out.contains("b.csv: read 2, stored 1, duplicates 1, rejected 0, excluded 0"),
        "{out}"
    );
    assert!(out.contains("over 4 day(s)"), "{out}");
    let rejects = crate::support::rejects_text(&s.store());
    assert!(
        rejects.contains("a.parquet,4,person,empty person"),
        "{rejects}"
    );
    let keys = ["event_id", "day", "person"];
    let stored = crate::support::event_counts(&s.store(), &keys);
    let want: std::collections::BTreeMap<String, u64> = [
        ("teams:1|2024-03-01|b@x.org", 1),
        ("teams:2|2024-03-02|a@x.org", 1),
        ("teams:3|2024-03-03|b@x.org", 1),
        ("teams:5|2024-03-04|a@x.org", 1),
    ]
    .into_iter()
    .map(|(k, n)| (k.to_string(), n))
    .collect();
    assert_eq!(stored, want);
    let before = partition_files(&s.store());
    let again = s.stdout_rejecting(&["ingest", "generic", "in", "--force"]);
    assert!(
        again.contains("a.parquet: read 5, stored 0, duplicates 4, rejected 1"),
        "{again}"
    );
    assert_eq!(partition_files(&s.store()), before);
}

/// `n` events of one person a minute apart from 2024-03-01, as CSV compressed with gzip.
fn gzipped_events(n: usize) -> Vec<u8> {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    writeln!(gz, "ts,person,tool,action,event_id").unwrap();
    for i in 0..n {
        let (h, m) = (i / 60, i % 60);
        let (d, h) = (1 + h / 24, h % 24);
        writeln!(
            gz,
            "2024-03-{d:02}T{h:02}:{m:02}:00Z,a@x.org,teams,message,{i}"
        )
        .unwrap();
    }
    gz.finish().unwrap()
}

#[test]
fn a_csv_cut_short_fails_alone_before_its_first_batch_and_fails_the_run_after() {
    let s = Scratch::new();
    s.write(
        "in/good.csv",
        "ts,person,tool,action\n2024-03-01T09:00:00Z,b@x.org,teams,message\n",
    );
    // Cut inside the first batch (256 Ki records): the file fails alone.
    let small = gzipped_events(2_000);
    s.write("in/small.csv.gz", &small[..small.len() / 2]);
    s.uptake(&["ingest", "generic", "in"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "small.csv.gz: FAILED, nothing stored",
        ))
        .stdout(predicate::str::contains("good.csv: read 1, stored 1"));
    let status = s.stdout(&["status"]);
    assert!(status.contains("events: 1 from 2024-03-01"), "{status}");

    // Cut after the first batch, which is already staged: the run fails, and the
    // store is as it was.
    let large = gzipped_events(300_000);
    std::fs::remove_file(s.path("in/small.csv.gz")).unwrap();
    s.write("in/large.csv.gz", &large[..large.len() * 19 / 20]);
    let before = partition_files(&s.store());
    s.uptake(&["ingest", "generic", "in"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("the store is unchanged"))
        .stderr(predicate::str::contains("large.csv.gz: line "));
    assert_eq!(partition_files(&s.store()), before);
    let status = s.stdout(&["status"]);
    assert!(status.contains("events: 1 from 2024-03-01"), "{status}");
}
