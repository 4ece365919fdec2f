//! Object names from Google, turned into file names.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|raw: &str| carryout::fuzzing::file_name(raw));
