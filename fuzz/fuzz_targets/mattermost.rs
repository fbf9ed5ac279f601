//! The `mattermost` reader on arbitrary bytes as `export.jsonl`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use uptake_fuzz::{Layout, check};

fuzz_target!(|data: &[u8]| check("mattermost", &[Layout::file("export.jsonl")], data));
