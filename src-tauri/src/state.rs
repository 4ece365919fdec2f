//! The app's one piece of state: the profile in use, and what the window and the tray read of
//! it.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use carryout::desktop::shelf::Listings;
use carryout::engine::ExportRow;
use carryout::failure::{Failure, Problem};
use serde::Serialize;
use tauri::{AppHandle, Emitter};

use crate::profile::{Mode, Profile};
use crate::tray;

type Answer<T> = Result<T, Problem>;

/// The app's one piece of state: the profile in use, if any, and the listings under way.
#[derive(Default)]
pub struct AppState {
    profile: RwLock<Option<Arc<Profile>>>,
    /// Export folders being listed, each with the flag that stops its listing.
    pub listings: Listings,
}

impl AppState {
    pub fn profile(&self) -> Answer<Arc<Profile>> {
        self.profile
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or_else(|| Problem::new(Failure::NoClient, "choose demo mode or import a client"))
    }

    /// Takes the profile out, its engine stopped: nothing of it runs on beside the next one.
    /// Demo mode's throwaway profile is removed with it, also when the app quits (Tauri's
    /// state is never dropped, so its own cleanup would not run).
    pub async fn close(&self) {
        let old = self
            .profile
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        let Some(old) = old else {
            return;
        };
        old.close().await;
        let throwaway = old.session.throwaway_dir().map(Path::to_path_buf);
        drop(old);
        if let Some(dir) = throwaway.filter(|dir| dir.exists())
            && let Err(error) = std::fs::remove_dir_all(&dir)
        {
            eprintln!(
                "carryout: the demo's folder {} stays: {error}",
                dir.display()
            );
        }
    }

    pub fn set(&self, profile: Profile) -> AppStatus {
        let status = AppStatus::of(Some(&profile));
        *self.profile.write().unwrap_or_else(|p| p.into_inner()) = Some(Arc::new(profile));
        status
    }

    /// Every export and whether the engine is paused: what the tray shows.
    pub fn overview(&self) -> (Vec<ExportRow>, bool) {
        let Ok(profile) = self.profile() else {
            return (Vec::new(), false);
        };
        let rows = profile.session.records().exports();
        (rows.unwrap_or_default(), profile.paused())
    }

    /// Every schedule runs now (also resuming a paused engine: the person asked for a run).
    pub fn run_now(&self, app: &AppHandle) -> Answer<()> {
        self.set_paused(app, false);
        Ok(self.profile()?.engine()?.run_schedules_now()?)
    }

    /// Pauses or resumes the engine; tells the window (`app_status`) and redraws the tray.
    pub fn set_paused(&self, app: &AppHandle, paused: bool) -> AppStatus {
        let profile = self.profile().ok();
        if let Some(profile) = &profile {
            profile.set_paused(paused);
        }
        let status = AppStatus::of(profile.as_deref());
        let _ = app.emit("app_status", &status);
        tray::refresh(app);
        status
    }
}

#[derive(Serialize)]
pub struct AppStatus {
    mode: Mode,
    backup_dir: Option<PathBuf>,
    engine: &'static str,
    paused: bool,
    /// The core's clock (the demo's runs faster than the wall clock) and its speed.
    now: chrono::DateTime<chrono::Utc>,
    clock_speed: f64,
}

impl AppStatus {
    pub fn of(profile: Option<&Profile>) -> Self {
        let session = profile.map(|p| &p.session);
        Self {
            now: session.map_or_else(chrono::Utc::now, |s| s.clock.now()),
            clock_speed: match session.and_then(|s| s.demo.as_ref()) {
                Some(_) => carryout::auth::DEMO_SPEED,
                None => 1.0,
            },
            mode: profile.map_or(Mode::Unconfigured, |p| p.mode),
            backup_dir: profile.map(|p| p.session.backup_dir.clone()),
            engine: match profile.map(|p| p.engine.is_ok()) {
                Some(false) => "elsewhere",
                _ => "here",
            },
            paused: profile.is_some_and(Profile::paused),
        }
    }
}
