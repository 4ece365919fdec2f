//! Why the history could not be read or written. Its messages never hold a password: a
//! location is shown starred.

use std::path::PathBuf;

/// Why the history could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error(
        "the history repository {location} does not open with this password: give the one it \
         was made with (in the app: Settings, History; on the command line: \
         --history-password-file)"
    )]
    WrongPassword { location: String },
    /// The repository refused or failed: its own words, which never hold the password.
    #[error("the history repository {location}: {detail}")]
    Repository { location: String, detail: String },
    /// A snapshot that does not hold what the receipt names (restic skips files it cannot
    /// read rather than failing).
    #[error("the snapshot of {export} is incomplete: {detail}")]
    Incomplete { export: PathBuf, detail: String },
    #[error("{path}: {detail}")]
    Receipt { path: PathBuf, detail: String },
    /// A folder or file outside the repository could not be read or written.
    #[error("{path}: {detail}")]
    Disk { path: PathBuf, detail: String },
    /// The password could not be read, or could not be made and kept.
    #[error("the history's password: {detail}")]
    Password { detail: String },
    #[error(
        "the backup folder {} has no name to put a history beside: name the history's place",
        backup_dir.display()
    )]
    NoPlace { backup_dir: PathBuf },
    /// A repository of one of restic's other backends, which this build does not reach.
    #[error(
        "{location}: Carryout keeps its history in a folder (a path, or local:PATH), on a REST \
         server (rest:https://host/path/) or on any of rclone's remotes (rclone:REMOTE:path, \
         the remote set up once with `rclone config`), as restic names them; restic's own \
         `{scheme}:` backend is not supported: reach the same storage through rclone"
    )]
    Unsupported { location: String, scheme: String },
    /// A location restic would not read (a REST server's address that is no http(s) URL).
    #[error("{location}: {detail}")]
    InvalidLocation { location: String, detail: String },
    /// The history's REST server refused the sign-in or the request.
    #[error("the history's server {location} refused Carryout: {detail}")]
    ServerRefused { location: String, detail: String },
    /// The history's REST server did not answer, or kept failing.
    #[error("the history's server {location} could not be reached: {detail}")]
    ServerUnreachable { location: String, detail: String },
}
