//! Which Google the app talks to and where it keeps things: demo mode (an emulator inside the
//! app, a throwaway profile), the person's own OAuth client, or — for tests and development —
//! an emulator named by `CARRYOUT_EMULATOR`. Holds the session and its engine.

use std::path::PathBuf;

use carryout::auth::{Backend, SecretsChoice, Session, SessionOptions};
use carryout::download::DownloadOptions;
use carryout::engine::{Engine, EngineError, RunUntil};
use serde::Serialize;
use tauri::{AppHandle, Emitter};

use crate::ipc_error::IpcError;

/// Environment overrides, for the end-to-end tests and for development.
pub const EMULATOR_ENV: &str = "CARRYOUT_EMULATOR";
pub const DATA_DIR_ENV: &str = "CARRYOUT_DATA_DIR";
pub const BACKUP_DIR_ENV: &str = "CARRYOUT_BACKUP_DIR";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Unconfigured,
    Demo,
    Google,
}

/// A configured app: its session, and its engine unless another process runs it.
pub struct Profile {
    pub mode: Mode,
    pub session: Session,
    pub engine: Result<Engine, String>,
}

impl Profile {
    /// Demo mode: the session keeps its data, secrets and backups in a throwaway profile.
    pub async fn demo(app: &AppHandle) -> Result<Self, IpcError> {
        let options = SessionOptions {
            data_dir: std::env::temp_dir(),
            backend: Backend::Demo,
            client_file: None,
            secrets: SecretsChoice::File,
            backup_dir: None,
        };
        Self::open(app, Mode::Demo, &options).await
    }

    /// The person's own client (a `client_secret_*.json`), or the emulator of `CARRYOUT_EMULATOR`.
    pub async fn google(app: &AppHandle, client_file: Option<PathBuf>) -> Result<Self, IpcError> {
        // An emulator's tokens open nothing real: they stay in the data dir, not the keychain.
        let (backend, secrets) = match std::env::var(EMULATOR_ENV) {
            Ok(url) => (Backend::Emulator(url), SecretsChoice::File),
            Err(_) => (Backend::Google, SecretsChoice::Keychain),
        };
        let data_dir = match std::env::var_os(DATA_DIR_ENV) {
            Some(dir) => PathBuf::from(dir),
            None => carryout::auth::default_data_dir()
                .ok_or_else(|| IpcError::new("disk", "no home folder for Carryout's data"))?,
        };
        std::fs::create_dir_all(&data_dir).map_err(|e| IpcError::new("disk", e))?;
        let options = SessionOptions {
            data_dir,
            backend,
            client_file,
            secrets,
            backup_dir: std::env::var_os(BACKUP_DIR_ENV).map(PathBuf::from),
        };
        Self::open(app, Mode::Google, &options).await
    }

    async fn open(app: &AppHandle, mode: Mode, options: &SessionOptions) -> Result<Self, IpcError> {
        let session = Session::open(options).await?;
        let engine = match session.engine(DownloadOptions::default()) {
            Ok(engine) => {
                run_in_background(app, &engine);
                Ok(engine)
            }
            Err(EngineError::Elsewhere { .. }) => Err(IpcError::from(EngineError::Elsewhere {
                data_dir: options.data_dir.clone(),
            })
            .message),
            Err(other) => return Err(other.into()),
        };
        Ok(Self {
            mode,
            session,
            engine,
        })
    }

    pub fn engine(&self) -> Result<&Engine, IpcError> {
        self.engine
            .as_ref()
            .map_err(|message| IpcError::new("engine_elsewhere", message))
    }
}

/// Runs the engine for as long as the app lives and broadcasts its events as `engine`.
fn run_in_background(app: &AppHandle, engine: &Engine) {
    let mut events = engine.subscribe();
    let emitter = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            match events.recv().await {
                Ok(event) => {
                    let _ = emitter.emit("engine", &event);
                }
                Err(carryout::engine::RecvError::Lagged(_)) => continue,
                Err(carryout::engine::RecvError::Closed) => break,
            }
        }
    });
    let runner = engine.clone();
    tauri::async_runtime::spawn(async move {
        if let Err(error) = runner.run(RunUntil::Stopped).await {
            eprintln!("carryout: the export engine stopped: {error}");
        }
    });
}
