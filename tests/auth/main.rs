//! Sign-in against the emulator: the consent flow, grants, tokens, batches and secret hygiene.

mod common;
mod consent_errors;
#[cfg(feature = "demo")]
mod demo;
mod exit_status;
mod grants;
mod leaks;
mod native_app;
mod processes;
mod round_trip;
