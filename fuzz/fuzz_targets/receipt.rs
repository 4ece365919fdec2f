//! Receipts (`manifest.json`) as found on disk.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| carryout::fuzzing::receipt(bytes));
