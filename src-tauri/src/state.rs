//! The app's one piece of state: the profile in use, and what the window and the tray read of
//! it.

use std::path::Path;
use std::sync::{Arc, RwLock};

use carryout::desktop::shelf::Listings;
use carryout::engine::ExportRow;
use carryout::failure::{Failure, Problem};
use tauri::{AppHandle, Emitter};

use carryout::desktop::launch::AppStatus;

use crate::profile::Profile;
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
        let status = profile.status();
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
        let status = status_of(profile.as_deref());
        let _ = app.emit("app_status", &status);
        tray::refresh(app);
        status
    }
}

/// The status of the profile in use, or of an app not configured yet.
pub fn status_of(profile: Option<&Profile>) -> AppStatus {
    profile.map_or_else(AppStatus::unconfigured, Profile::status)
}
