//! The `trello` reader on arbitrary bytes as `board.json`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use uptake_fuzz::{Layout, check};

fuzz_target!(|data: &[u8]| check("trello", &[Layout::file("board.json")], data));
