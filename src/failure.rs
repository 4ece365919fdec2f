//! What kind of failure an error is, in the terms a person acts on: the app says each kind in the
//! person's language with what to do (the error's own message is English, for logs). The kinds
//! cross the app's IPC as `code` (src-tauri/IPC.md); the UI knows exactly this set.

use crate::auth::{AuthError, LoopbackError};
use crate::codes::code_enum;
use crate::engine::EngineError;
use crate::session::SessionError;

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
        /// No program to open folders or links answered (on Linux: `xdg-open` is missing).
        NoOpener,
        /// A fault of Carryout itself.
        Internal,
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
