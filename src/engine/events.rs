//! What the engine tells its hosts: every state change of an export, download bytes and
//! warnings, as typed events on a broadcast channel (the app's live view, the CLI's progress).

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::exports::ExportRow;
use crate::auth::GrantId;
use crate::codes::code_enum;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EngineEvent {
    /// A row changed; the row as it is now stored.
    Export { export: Box<ExportRow> },
    /// Bytes of an export's download on disk so far (cumulative over its archives, ≤ 10 Hz).
    Transfer { id: i64, done: u64, total: u64 },
    /// Something a person should know that is not a state change (also kept: see
    /// [`super::Engine::warnings`]).
    Warning { warning: Warning },
    /// The history kept this many new snapshots (and retention and the backup folder followed):
    /// the Library's versions changed.
    HistoryKept { snapshots: usize },
    /// Bytes of an export stored in the history so far, said at each whole percent; the
    /// export's place in its snapshot is `path` (`/<group>/<export folder>`).
    HistoryStoring { path: String, done: u64, total: u64 },
}

/// A warning as kept and shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub id: i64,
    /// The export it concerns, if one.
    pub export_id: Option<i64>,
    /// The sign-in it concerns, if one.
    pub grant_id: Option<GrantId>,
    pub code: WarningCode,
    pub message: String,
    pub created_at: DateTime<Utc>,
}

code_enum! {
    pub enum WarningCode {
        /// Google deletes the archive within days and it is not yet verified on disk.
        ArchiveExpiring,
        /// A full export has more than 5 % fewer records than the group's previous one.
        DataShrank,
        /// The 24 h window of time-based access holds per client: later runs carry every due
        /// group of the grant in one job.
        WindowPerClient,
        /// A time-based sign-in ends within 14 (then 3) days; renew it while Google allows.
        GrantExpiring,
        /// A Testing client's sign-ins end after 7 days and cannot be renewed (said once).
        TestingLimit,
        /// A Testing client's sign-in ends within a day: consent again for its groups.
        ReconsentDue,
        /// The scheduled re-verify found files on disk that no longer match their receipts.
        LibraryChanged,
        /// The run loop stopped on an error (the state database failing); the app starts it
        /// again, waiting longer each time.
        EngineStopped,
        /// The history repository was made: it is encrypted, and its password is needed to
        /// read it (said once per repository).
        HistoryMade,
        /// A verified export could not be kept in the history; it stays in the backup folder
        /// and is kept with the next export.
        HistoryNotKept,
    }
}
