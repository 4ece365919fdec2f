//! Google's error answers: any body, status and Retry-After.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u16, &[u8], &str)| {
    let (http, body, retry_after) = input;
    carryout::fuzzing::google_error(http, body, retry_after);
});
