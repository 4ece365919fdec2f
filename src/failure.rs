//! What kind of failure an error is, in the terms a person acts on: the app says each kind in the
//! person's language with what to do (the error's own message is English, for logs). The kinds
//! cross the app's IPC as `code` (src-tauri/IPC.md); the UI knows exactly this set.

use std::path::PathBuf;

use serde::Serialize;

use crate::auth::{AuthError, LoopbackError};
use crate::codes::code_enum;
use crate::engine::EngineError;
use crate::history::HistoryError;
use crate::library::LibraryError;
use crate::session::SessionError;
use crate::store::StoreError;

code_enum! {
    pub enum Failure {
        /// No OAuth client yet: import one or try demo mode.
        NoClient,
        /// The client file is not a Desktop app's `client_secret_*.json`.
        BadClientFile,
        /// No sign-in covers what was asked.
        NotSignedIn,
        /// The person refused consent in the browser.
        ConsentDenied,
        /// Nobody answered the consent page in time.
        ConsentTimeout,
        /// The sign-in ended or was revoked: sign in again.
        GrantExpired,
        /// Another Carryout runs the exports of this data folder.
        EngineElsewhere,
        /// Google could not be reached.
        Network,
        /// Google answered with an error.
        Google,
        /// A file or folder could not be read or written.
        Disk,
        /// What was named does not exist (any more).
        NotFound,
        /// Not possible in the current state (e.g. cancelling a verified export).
        Refused,
        /// A reset would lose exports not yet on disk; the refusal names their groups.
        ResetWouldLose,
        /// The chosen folder cannot hold backups: the root of a drive, the home folder itself, a
        /// system folder.
        UnsuitableFolder,
        /// The chosen folder cannot hold the history: one that could not hold backups, the
        /// backup folder or a folder in or around it, or a folder of other files than a
        /// restic repository.
        UnsuitableHistoryFolder,
        /// What was written for the history's server is not a restic REST server's address.
        UnsuitableHistoryServer,
        /// The history's server refused the user and password (or the request).
        HistoryServerRefused,
        /// The history's server did not answer, or kept failing.
        HistoryServerUnreachable,
        /// The history's repository does not open with this password: it was made with
        /// another (elsewhere), which the person gives.
        HistoryWrongPassword,
        /// No program to open folders or links answered (on Linux: `xdg-open` is missing).
        NoOpener,
        /// A fault of Carryout itself.
        Internal,
    }
}

/// A failure as a host shows it: its kind, the English message (for logs) and what the person
/// needs to act on it. The app's IPC errors are exactly this (`{code, message, …}`).
#[derive(Debug, Serialize)]
pub struct Problem {
    pub code: Failure,
    pub message: String,
    /// `reset_would_lose`: the groups a reset would lose.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<crate::catalog::GroupId>,
    /// `no_opener`: the folder that could not be opened, for the person to copy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<PathBuf>,
}

impl Problem {
    pub fn new(code: Failure, message: impl ToString) -> Self {
        Self {
            code,
            message: message.to_string(),
            groups: Vec::new(),
            path: None,
        }
    }

    /// A fault of Carryout itself (a task that panicked, a settings file that will not save).
    pub fn internal(message: impl ToString) -> Self {
        Self::new(Failure::Internal, message)
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<SessionError> for Problem {
    fn from(error: SessionError) -> Self {
        Self::new(error.failure(), error)
    }
}

impl From<AuthError> for Problem {
    fn from(error: AuthError) -> Self {
        Self::new(error.failure(), error)
    }
}

impl From<EngineError> for Problem {
    fn from(error: EngineError) -> Self {
        let mut problem = Self::new(error.failure(), &error);
        if let EngineError::ResetWouldLose { groups } = error {
            problem.groups = groups;
        }
        problem
    }
}

/// The state database failing is no fault of the person's.
impl From<StoreError> for Problem {
    fn from(error: StoreError) -> Self {
        Self::internal(error)
    }
}

impl From<LibraryError> for Problem {
    fn from(error: LibraryError) -> Self {
        let code = match &error {
            LibraryError::NotAnExport(_) => Failure::NotFound,
            LibraryError::Cancelled => Failure::Refused,
            _ => Failure::Disk,
        };
        Self::new(code, error)
    }
}

impl SessionError {
    pub fn failure(&self) -> Failure {
        match self {
            SessionError::NoClient => Failure::NoClient,
            SessionError::Client(_) => Failure::BadClientFile,
            SessionError::Endpoints(_) | SessionError::Api(_) => Failure::Network,
            SessionError::NoBackupDir => Failure::Disk,
            #[cfg(feature = "demo")]
            SessionError::DemoProfile(_) => Failure::Disk,
            SessionError::Store(_) => Failure::Internal,
            SessionError::OtherSecretStore { .. } => Failure::Refused,
            SessionError::History(error) => error.failure(),
        }
    }
}

impl HistoryError {
    pub fn failure(&self) -> Failure {
        match self {
            HistoryError::WrongPassword { .. } => Failure::HistoryWrongPassword,
            HistoryError::Password { .. } => Failure::Refused,
            HistoryError::InvalidLocation { .. } | HistoryError::Unsupported { .. } => {
                Failure::UnsuitableHistoryServer
            }
            HistoryError::ServerRefused { .. } => Failure::HistoryServerRefused,
            HistoryError::ServerUnreachable { .. } => Failure::HistoryServerUnreachable,
            _ => Failure::Disk,
        }
    }
}

impl AuthError {
    pub fn failure(&self) -> Failure {
        match self {
            AuthError::NotSignedIn { .. } => Failure::NotSignedIn,
            AuthError::GrantExpired { .. } | AuthError::GrantRevoked(_) => Failure::GrantExpired,
            AuthError::Loopback(LoopbackError::Timeout(_)) => Failure::ConsentTimeout,
            AuthError::Loopback(LoopbackError::Denied) => Failure::ConsentDenied,
            AuthError::UnknownResource(_) | AuthError::UnknownGrant(_) => Failure::NotFound,
            AuthError::NotRenewable { .. } => Failure::Refused,
            AuthError::Token(_)
            | AuthError::CodeRejected { .. }
            | AuthError::AccessCheck { .. } => Failure::Google,
            _ => Failure::Internal,
        }
    }
}

impl EngineError {
    pub fn failure(&self) -> Failure {
        match self {
            EngineError::Elsewhere { .. } => Failure::EngineElsewhere,
            EngineError::UnknownGroup(_)
            | EngineError::UnknownExport(_)
            | EngineError::UnknownSchedule(_)
            | EngineError::UnknownWarning(_) => Failure::NotFound,
            EngineError::Refused { .. } | EngineError::BadSchedule => Failure::Refused,
            EngineError::ResetWouldLose { .. } => Failure::ResetWouldLose,
            EngineError::Io { .. } => Failure::Disk,
            EngineError::Auth(auth) => auth.failure(),
            EngineError::Api(_) => Failure::Google,
            EngineError::Store(_) => Failure::Internal,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_engine_error_about_signing_in_is_the_same_kind_as_the_sign_in_error() {
        let auth = || AuthError::Loopback(LoopbackError::Denied);
        assert_eq!(auth().failure(), Failure::ConsentDenied);
        assert_eq!(EngineError::Auth(auth()).failure(), Failure::ConsentDenied);
    }
}
