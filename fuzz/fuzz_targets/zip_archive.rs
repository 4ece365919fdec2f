//! Zip archives listed (records counted) and extracted.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let dir = tempfile::tempdir().expect("a temporary folder");
    carryout::fuzzing::zip_archive(bytes, dir.path());
});
