//! Every native reader on arbitrary bytes: the first byte picks the reader and the file
//! name it sees, the rest is the file. A reader may reject the file or its records, never
//! panic, and its accounting must balance.

#![no_main]

use libfuzzer_sys::fuzz_target;
use uptake_ingest::native_source;

const KINDS: &[(&str, &str)] = &[
    ("slack", "export.zip"),
    ("slack", "member-analytics.json"),
    ("slack", "member-analytics.csv"),
    ("m365-audit", "audit.csv"),
    ("m365-usage", "usage.csv"),
    ("google", "activity.json"),
    ("google", "activity.jsonl"),
    ("trello", "board.json"),
    ("mattermost", "export.jsonl"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let (kind, name) = KINDS[pick as usize % KINDS.len()];
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, body).expect("write");
    let source = native_source(kind).expect("known source");
    if let Ok(parsed) = source.parse(&path) {
        let stored = parsed.events.len() as u64;
        assert_eq!(
            parsed.read,
            stored + parsed.rejects.len() as u64 + parsed.excluded,
            "{kind}: accounting"
        );
    }
});
