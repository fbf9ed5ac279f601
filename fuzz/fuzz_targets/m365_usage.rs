//! The `m365-usage` reader on arbitrary bytes as `usage.csv`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use uptake_fuzz::{Layout, check};

fuzz_target!(|data: &[u8]| check("m365-usage", &[Layout::file("usage.csv")], data));
