//! Downloads and the backup library against the emulator: resume, refresh, integrity, faults,
//! hostile names and archives, and receipts standard tools accept.

#[allow(
    dead_code,
    reason = "shared with the API tests; not every helper is used here"
)]
#[path = "../api/common.rs"]
mod common;

mod cli;
mod faults;
mod hostile;
mod leaks;
mod library;
mod processes;
mod space;
mod support;
mod threads;
mod transfers;
