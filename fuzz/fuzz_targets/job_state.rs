//! A job's state as Google answers it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| carryout::fuzzing::job_state(body));
