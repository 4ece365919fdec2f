//! The one error type that crosses IPC: `{code, message}`, `code` the core's closed set of
//! failure kinds the UI translates (src-tauri/IPC.md); `message` is English, for logs.

use carryout::auth::AuthError;
use carryout::engine::EngineError;
use carryout::failure::Failure;
use carryout::session::SessionError;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct IpcError {
    pub code: Failure,
    pub message: String,
    /// `reset_would_lose`: the groups a reset would lose.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    /// `no_opener`: the folder that could not be opened, for the person to copy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<std::path::PathBuf>,
}

impl IpcError {
    pub fn new(code: Failure, message: impl ToString) -> Self {
        Self {
            code,
            message: message.to_string(),
            groups: Vec::new(),
            path: None,
        }
    }
}

impl From<SessionError> for IpcError {
    fn from(error: SessionError) -> Self {
        Self::new(error.failure(), error)
    }
}

impl From<AuthError> for IpcError {
    fn from(error: AuthError) -> Self {
        Self::new(error.failure(), error)
    }
}

impl From<EngineError> for IpcError {
    fn from(error: EngineError) -> Self {
        let mut ipc = Self::new(error.failure(), &error);
        if let EngineError::ResetWouldLose { groups } = error {
            ipc.groups = groups;
        }
        ipc
    }
}
