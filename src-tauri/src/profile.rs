//! The session in use (`carryout::desktop::launch` says which Google it talks to and where it
//! keeps things) and its engine, driven in the background, its events forwarded to the window,
//! the tray and notifications.

use std::path::PathBuf;
use std::sync::Mutex;

use carryout::desktop::launch::{self, AppStatus, Mode};
use carryout::desktop::shelf::Shelf;
use carryout::download::DownloadOptions;
use carryout::engine::{Engine, EngineError, EngineEvent};
use carryout::failure::{Failure, Problem};
use carryout::session::{Session, SessionOptions};
use tauri::async_runtime::JoinHandle;
use tauri::{AppHandle, Emitter};

use crate::{settings, tray};

/// A configured app: its session, and its engine unless another process runs it.
pub struct Profile {
    pub mode: Mode,
    pub session: Session,
    pub engine: Result<Engine, String>,
    /// The task driving the engine's run loop; `None` while paused.
    runner: Mutex<Option<JoinHandle<()>>>,
}

impl Profile {
    /// Demo mode: the session keeps its data, secrets and backups in a throwaway profile.
    pub async fn demo(app: &AppHandle) -> Result<Self, Problem> {
        Self::open(app, Mode::Demo, &launch::demo_options()).await
    }

    /// The person's own client, or the emulator of `CARRYOUT_EMULATOR`.
    pub async fn google(app: &AppHandle, client_file: Option<PathBuf>) -> Result<Self, Problem> {
        let options = launch::google_options(client_file, &settings::load(app))?;
        Self::open(app, Mode::Google, &options).await
    }

    /// The backup folder, the history and parallel downloads are read from the preferences
    /// here: a change applies from the next start.
    async fn open(app: &AppHandle, mode: Mode, options: &SessionOptions) -> Result<Self, Problem> {
        let session = Session::open(options).await?;
        let downloads = DownloadOptions {
            parallel: settings::load(app).parallel_downloads,
            ..DownloadOptions::default()
        };
        let (engine, runner) = match session.engine(downloads) {
            Ok(engine) => {
                forward_events(app, &engine);
                let runner = drive(&engine);
                (Ok(engine), Some(runner))
            }
            Err(EngineError::Elsewhere { .. }) => {
                let elsewhere = EngineError::Elsewhere {
                    data_dir: options.data_dir.clone(),
                };
                (Err(Problem::from(elsewhere).message), None)
            }
            Err(other) => return Err(other.into()),
        };
        Ok(Self {
            mode,
            session,
            engine,
            runner: Mutex::new(runner),
        })
    }

    pub fn status(&self) -> AppStatus {
        AppStatus::of(self.mode, &self.session, self.engine.is_ok(), self.paused())
    }

    pub fn engine(&self) -> Result<&Engine, Problem> {
        self.engine
            .as_ref()
            .map_err(|message| Problem::new(Failure::EngineElsewhere, message))
    }

    /// The backup folder, as the Library reads it.
    pub fn shelf(&self) -> Shelf<'_> {
        Shelf {
            root: &self.session.backup_dir,
        }
    }

    pub fn paused(&self) -> bool {
        self.engine.is_ok() && self.runner().is_none()
    }

    /// Stops driving the engine's run loop, or starts it again. Downloads stopped mid-way
    /// resume from their part files. Not kept: a restart always runs.
    pub fn set_paused(&self, paused: bool) {
        let (Ok(engine), mut runner) = (&self.engine, self.runner()) else {
            return;
        };
        match (paused, runner.take()) {
            (true, Some(running)) => running.abort(),
            (false, None) => *runner = Some(drive(engine)),
            (_, unchanged) => *runner = unchanged,
        }
    }

    /// Stops driving the engine and waits until its run loop, and the export being kept in
    /// the history, have ended, so that the engine, its lock on the data folder and its work
    /// in the profile's folders go with this profile.
    pub async fn close(&self) {
        let running = self.runner().take();
        if let Some(running) = running {
            running.abort();
            let _ = running.await;
        }
        if let Ok(engine) = &self.engine {
            engine.stop_keeping_history().await;
        }
    }

    fn runner(&self) -> std::sync::MutexGuard<'_, Option<JoinHandle<()>>> {
        self.runner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Broadcasts the engine's events to the window as `engine`, tells the tray, and notifies the
/// person of what deserves it, for as long as the engine lives.
fn forward_events(app: &AppHandle, engine: &Engine) {
    let (emitter, tray, language) = (app.clone(), app.clone(), app.clone());
    // The window draws progress at most ten times a second per export, on the wall clock.
    let mut pacer =
        carryout::desktop::notices::TransferPacer::new(std::time::Duration::from_millis(100));
    tauri::async_runtime::spawn(carryout::desktop::notices::follow(
        engine.subscribe(),
        move || settings::language(&language),
        tray::DesktopNotifier(app.clone()),
        move |event| {
            if !pacer.admit(event, std::time::Instant::now()) {
                return;
            }
            let _ = emitter.emit("engine", event);
            if matches!(event, EngineEvent::Export { .. }) {
                tray::refresh(&tray);
            }
        },
    ));
}

/// Drives the engine's run loop until paused or quit, restarting it after an error.
fn drive(engine: &Engine) -> JoinHandle<()> {
    let runner = engine.clone();
    tauri::async_runtime::spawn(async move { runner.run_restarting().await })
}
