//! The `slack` reader on arbitrary bytes. The first byte picks what the rest is: the
//! export zip, member analytics as NDJSON or CSV, or (because a zip's checksums stop most
//! mutations before the JSON) one day file or `users.json` of a folder export.

#![no_main]

use libfuzzer_sys::fuzz_target;
use uptake_fuzz::{Layout, check};

const USERS: &str = r#"[{"id":"U1","name":"ada","profile":{"email":"ada@example.org"}},
{"id":"B1","name":"bot","is_bot":true,"profile":{}}]"#;
const CHANNELS: &str = r#"[{"id":"C1","name":"general"}]"#;
const DAY: &str = r#"[{"type":"message","user":"U1","text":"hi","ts":"1700000000.000100"}]"#;

const LAYOUTS: &[Layout] = &[
    Layout::file("export.zip"),
    Layout::file("member-analytics.json"),
    Layout::file("member-analytics.csv"),
    Layout {
        file: "general/2023-11-14.json",
        beside: &[("users.json", USERS), ("channels.json", CHANNELS)],
    },
    Layout {
        file: "users.json",
        beside: &[("channels.json", CHANNELS), ("general/2023-11-14.json", DAY)],
    },
];

fuzz_target!(|data: &[u8]| check("slack", LAYOUTS, data));
