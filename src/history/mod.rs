//! The history: every verified export also kept as a snapshot in a restic repository (format
//! v2), deduplicated across days and encrypted, so months of daily backups take little more
//! space than one and stay readable by `restic` and `rustic` themselves (`snapshots`, `ls`,
//! `restore`, `check --read-data`). It is a folder or a restic REST server.
//!
//! A snapshot holds one export folder as the backup folder lays it out — its archives, its
//! `manifest.json` and `SHA256SUMS` — under `/<group or combined label>/<export folder>`, so a
//! restore gives back the very files the receipt names. It is tagged `group=<group>` for each
//! group of the job, `job=<job id>` and `access=<access type>`, and dated at Google's export
//! time. Host and command are Carryout's, not the machine's: retention groups snapshots by
//! tag, and a repository copied elsewhere says nothing of where it was made.
//!
//! The library is synchronous: async callers run it on a blocking thread.

mod diff;
mod error;
mod location;
mod meter;
mod place;
mod plain;
mod rclone;
mod reading;
mod repo;
mod rest;
mod restore;
mod retention;
mod save;
mod snapshots;
mod wire;

pub use diff::{EntryChange, EntryState, HistoryDiff};
pub use error::HistoryError;
pub use location::{Location, RestServer};
pub use meter::{OnStoring, Storing};
pub use place::{HistoryPlace, PasswordSource, beside, default_cache_dir, read_password_file};
pub use repo::{History, Opened};
pub use restore::Restored;
pub use retention::{Retention, RetentionPlan};
pub use snapshots::{Snapshot, Start};
