//! The emulator's `Range` header parser: any header, any object length.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, u64)| {
    let (header, len) = input;
    if let Some((start, end)) = carryout_emulator::requested_range(header, len) {
        assert!(
            start < end && end <= len,
            "{header:?} of {len}: {start}..{end}"
        );
    }
});
