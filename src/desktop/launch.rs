//! How the app opens a session: demo mode (an emulator inside the app, a throwaway profile),
//! the person's own OAuth client, or — for tests and development — an emulator named by
//! `CARRYOUT_EMULATOR`; and the status the window reads of it.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::desktop::preferences::Preferences;
use crate::failure::{Failure, Problem};
use crate::session::{Backend, SecretsChoice, Session, SessionOptions};
use crate::test_switch;

/// Environment overrides, for the end-to-end tests and for development.
pub const DATA_DIR_ENV: &str = "CARRYOUT_DATA_DIR";
pub const BACKUP_DIR_ENV: &str = "CARRYOUT_BACKUP_DIR";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Unconfigured,
    Demo,
    Google,
}

/// Demo mode: the session keeps its data, secrets and backups in a throwaway profile.
#[cfg(feature = "demo")]
pub fn demo_options() -> SessionOptions {
    SessionOptions {
        data_dir: std::env::temp_dir(),
        backend: Backend::Demo,
        client_file: None,
        secrets: SecretsChoice::File,
        backup_dir: None,
        history: Default::default(),
    }
}

/// The person's own client (a `client_secret_*.json`), or the emulator of `CARRYOUT_EMULATOR`,
/// with the backup folder the person chose (`CARRYOUT_BACKUP_DIR` overrides it) and the history
/// their preferences ask for. The data folder is made, private, when missing.
pub fn google_options(
    client_file: Option<PathBuf>,
    preferences: &Preferences,
) -> Result<SessionOptions, Problem> {
    // An emulator's tokens open nothing real: they stay in the data dir, not the keychain.
    let emulator = test_switch::var_os(test_switch::EMULATOR);
    let (backend, secrets) = match emulator.and_then(|url| url.into_string().ok()) {
        Some(url) => (Backend::Emulator(url), SecretsChoice::File),
        None => (Backend::Google, SecretsChoice::Keychain),
    };
    let data_dir = match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) => PathBuf::from(dir),
        None => crate::session::default_data_dir()
            .ok_or_else(|| Problem::new(Failure::Disk, "no home folder for Carryout's data"))?,
    };
    crate::files::private::create_dir_all(&data_dir).map_err(|e| Problem::new(Failure::Disk, e))?;
    Ok(SessionOptions {
        data_dir,
        backend,
        client_file,
        secrets,
        backup_dir: std::env::var_os(BACKUP_DIR_ENV)
            .map(PathBuf::from)
            .or_else(|| preferences.backup_dir.clone()),
        history: preferences.history_choice(),
    })
}

/// What the window shows of the app's state (IPC.md `AppStatus`).
#[derive(Debug, Serialize)]
pub struct AppStatus {
    mode: Mode,
    backup_dir: Option<PathBuf>,
    /// Where verified exports are also kept; `None` while the history is off.
    history: Option<String>,
    /// `here`, or `elsewhere` while another process runs the engine.
    engine: &'static str,
    paused: bool,
    /// The core's clock (the demo's runs faster than the wall clock) and its speed.
    now: DateTime<Utc>,
    clock_speed: f64,
}

impl AppStatus {
    /// Before demo mode is chosen or a client imported.
    pub fn unconfigured() -> Self {
        Self {
            mode: Mode::Unconfigured,
            backup_dir: None,
            history: None,
            engine: "here",
            paused: false,
            now: Utc::now(),
            clock_speed: 1.0,
        }
    }

    pub fn of(mode: Mode, session: &Session, engine_here: bool, paused: bool) -> Self {
        Self {
            mode,
            backup_dir: Some(session.backup_dir.clone()),
            history: session
                .history
                .as_ref()
                .map(|place| place.location.to_string()),
            engine: if engine_here { "here" } else { "elsewhere" },
            paused,
            now: session.clock.now(),
            clock_speed: clock_speed(session),
        }
    }
}

#[cfg(feature = "demo")]
fn clock_speed(session: &Session) -> f64 {
    match session.demo {
        Some(_) => crate::auth::DEMO_SPEED,
        None => 1.0,
    }
}

#[cfg(not(feature = "demo"))]
fn clock_speed(_: &Session) -> f64 {
    1.0
}
