//! A profile: one session (demo mode's, or a Google client's) and its engine, driven in the
//! background for as long as the app runs — unless another process runs it — paused and
//! resumed by the person, and closed before another profile opens.

use std::sync::{Mutex, MutexGuard};

use tokio::runtime::Handle;
use tokio::task::JoinHandle;

use crate::desktop::launch::{AppStatus, Mode};
use crate::desktop::shelf::Shelf;
use crate::download::DownloadOptions;
use crate::engine::{Engine, EngineError};
use crate::failure::{Failure, Problem};
use crate::session::{Session, SessionOptions};

/// A configured app: its session, and its engine unless another process runs it.
pub struct Profile {
    pub mode: Mode,
    pub session: Session,
    /// The engine, or why another process has it.
    engine: Result<Engine, String>,
    /// The task driving the engine's run loop; `None` while paused.
    runner: Mutex<Option<JoinHandle<()>>>,
    /// Where the run loop runs: resuming may be asked from outside it (the tray's menu).
    runtime: Handle,
}

impl Profile {
    /// Opens the session of `options` and starts driving its engine on the current runtime;
    /// `watch` sees the engine before it runs (the host follows its events there). Another
    /// process running the engine of the same data folder is no failure: the profile then
    /// shows what that process does.
    pub async fn open(
        mode: Mode,
        options: &SessionOptions,
        downloads: DownloadOptions,
        watch: impl FnOnce(&Engine),
    ) -> Result<Self, Problem> {
        let session = Session::open(options).await?;
        let runtime = Handle::current();
        let (engine, runner) = match session.engine(downloads) {
            Ok(engine) => {
                watch(&engine);
                let runner = drive(&runtime, &engine);
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
            runtime,
        })
    }

    pub fn status(&self) -> AppStatus {
        AppStatus::of(self.mode, &self.session, self.engine.is_ok(), self.paused())
    }

    /// The engine; `engine_elsewhere` while another process runs it.
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
            (false, None) => *runner = Some(drive(&self.runtime, engine)),
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

    fn runner(&self) -> MutexGuard<'_, Option<JoinHandle<()>>> {
        self.runner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Drives the engine's run loop until paused or closed, restarting it after an error.
fn drive(runtime: &Handle, engine: &Engine) -> JoinHandle<()> {
    let runner = engine.clone();
    runtime.spawn(async move { runner.run_restarting().await })
}
