//! The typed Data Portability client against the emulator: every method, rule and error.

mod common;
mod errors;
mod jobs;
mod leaks;
mod retries;
mod troubleshooting;
