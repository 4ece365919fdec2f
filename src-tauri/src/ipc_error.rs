//! The one error type that crosses IPC: `{code, message}`, `code` from a closed set the UI
//! translates (src-tauri/IPC.md); `message` is English, for logs.

use carryout::auth::{AuthError, LoopbackError, SessionError};
use carryout::engine::EngineError;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct IpcError {
    pub code: &'static str,
    pub message: String,
    /// `reset_would_lose`: the groups a reset would lose.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
}

impl IpcError {
    pub fn new(code: &'static str, message: impl ToString) -> Self {
        Self {
            code,
            message: message.to_string(),
            groups: Vec::new(),
        }
    }
}

impl From<SessionError> for IpcError {
    fn from(error: SessionError) -> Self {
        let code = match &error {
            SessionError::NoClient => "no_client",
            SessionError::Client(_) => "bad_client_file",
            SessionError::Endpoints(_) | SessionError::Api(_) => "network",
            SessionError::NoBackupDir | SessionError::DemoProfile(_) => "disk",
            SessionError::Store(_) => "internal",
        };
        Self::new(code, error)
    }
}

impl From<AuthError> for IpcError {
    fn from(error: AuthError) -> Self {
        let code = match &error {
            AuthError::NotSignedIn { .. } => "not_signed_in",
            AuthError::GrantExpired { .. } | AuthError::GrantRevoked(_) => "grant_expired",
            AuthError::Loopback(LoopbackError::Timeout(_)) => "consent_timeout",
            AuthError::Loopback(LoopbackError::Denied) => "consent_denied",
            AuthError::UnknownResource(_) | AuthError::UnknownGrant(_) => "not_found",
            AuthError::NotRenewable { .. } => "refused",
            AuthError::Token(_)
            | AuthError::CodeRejected { .. }
            | AuthError::AccessCheck { .. } => "google",
            _ => "internal",
        };
        Self::new(code, error)
    }
}

impl From<EngineError> for IpcError {
    fn from(error: EngineError) -> Self {
        let code = match &error {
            EngineError::Elsewhere { .. } => "engine_elsewhere",
            EngineError::UnknownGroup(_)
            | EngineError::UnknownExport(_)
            | EngineError::UnknownSchedule(_)
            | EngineError::UnknownWarning(_) => "not_found",
            EngineError::Refused { .. } | EngineError::BadSchedule => "refused",
            EngineError::ResetWouldLose { groups } => {
                let mut refusal = Self::new("reset_would_lose", &error);
                refusal.groups = groups.clone();
                return refusal;
            }
            EngineError::Io { .. } => "disk",
            EngineError::Auth(auth) => return Self::new(IpcError::from_auth_code(auth), &error),
            EngineError::Api(_) => "google",
            EngineError::Store(_) => "internal",
        };
        Self::new(code, error)
    }
}

impl IpcError {
    fn from_auth_code(error: &AuthError) -> &'static str {
        match error {
            AuthError::NotSignedIn { .. } => "not_signed_in",
            AuthError::GrantExpired { .. } | AuthError::GrantRevoked(_) => "grant_expired",
            _ => "google",
        }
    }
}
