//! The `m365-audit` reader on arbitrary bytes as `audit.csv`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use uptake_fuzz::{Layout, check};

fuzz_target!(|data: &[u8]| check("m365-audit", &[Layout::file("audit.csv")], data));
