//! The `google` reader on arbitrary bytes: the first byte picks a Reports API JSON page
//! or NDJSON, the rest is the file.

#![no_main]

use libfuzzer_sys::fuzz_target;
use uptake_fuzz::{Layout, check};

const LAYOUTS: &[Layout] = &[Layout::file("activity.json"), Layout::file("activity.jsonl")];

fuzz_target!(|data: &[u8]| check("google", LAYOUTS, data));
