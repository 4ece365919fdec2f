//! What the engine tells its hosts: every state change of an export, download bytes and
//! warnings, as typed events on a broadcast channel (the app's live view, the CLI's progress).

use serde::Serialize;

use super::rows::ExportRow;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EngineEvent {
    /// A row changed; the row as it is now stored.
    Export { export: Box<ExportRow> },
    /// Bytes of an export's download on disk so far (cumulative over its archives, ≤ 10 Hz).
    Transfer { id: i64, done: u64, total: u64 },
    /// Something a person should know that is not a state change.
    Warning {
        id: Option<i64>,
        code: WarningCode,
        message: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningCode {
    /// Google deletes the archive within days and it is not yet verified on disk.
    ArchiveExpiring,
    /// A full export has more than 5 % fewer records than the group's previous one.
    DataShrank,
    /// The 24 h window of time-based access holds per client: later runs carry every due
    /// group of the grant in one job.
    WindowPerClient,
}
