//! Opens a profile (`carryout::desktop::profile`) with what the app's preferences ask for, its
//! engine's events forwarded to the window, the tray and notifications.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use carryout::desktop::launch::{self, Mode};
use carryout::desktop::notices::{self, TransferPacer};
use carryout::desktop::profile::Profile;
use carryout::download::DownloadOptions;
use carryout::engine::{Engine, EngineEvent};
use carryout::failure::Problem;
use carryout::session::SessionOptions;
use tauri::{AppHandle, Emitter};

use crate::{settings, tray};

/// Demo mode: the session keeps its data, secrets and backups in a throwaway profile.
pub async fn demo(app: &AppHandle) -> Result<Profile, Problem> {
    open(app, Mode::Demo, &launch::demo_options()).await
}

/// The person's own client, or the emulator of `CARRYOUT_EMULATOR`.
pub async fn google(app: &AppHandle, client_file: Option<PathBuf>) -> Result<Profile, Problem> {
    let options = launch::google_options(client_file, &settings::load(app))?;
    open(app, Mode::Google, &options).await
}

/// The backup folder, the history and parallel downloads are read from the preferences here:
/// a change applies from the next start.
async fn open(app: &AppHandle, mode: Mode, options: &SessionOptions) -> Result<Profile, Problem> {
    let downloads = DownloadOptions {
        parallel: settings::load(app).parallel_downloads,
        ..DownloadOptions::default()
    };
    Profile::open(mode, options, downloads, |engine| {
        forward_events(app, engine)
    })
    .await
}

/// Broadcasts the engine's events to the window as `engine`, tells the tray, and notifies the
/// person of what deserves it, for as long as the engine lives.
fn forward_events(app: &AppHandle, engine: &Engine) {
    let (emitter, language) = (app.clone(), app.clone());
    // The window draws progress at most ten times a second per export, on the wall clock.
    let mut pacer = TransferPacer::new(Duration::from_millis(100));
    tauri::async_runtime::spawn(notices::follow(
        engine.subscribe(),
        move || settings::language(&language),
        tray::DesktopNotifier(app.clone()),
        move |event| {
            if !pacer.admit(event, Instant::now()) {
                return;
            }
            let _ = emitter.emit("engine", event);
            if matches!(event, EngineEvent::Export { .. }) {
                tray::refresh(&emitter);
            }
        },
    ));
}
