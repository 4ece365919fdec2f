//! The app's one piece of state: the profile in use, if any, and the Library's listings under
//! way; what the window and the tray read of it and do with it. Work that blocks (the database,
//! the disk, a server) runs on a blocking thread, never on the async workers the window's
//! commands run on.

use std::path::Path;
use std::sync::{Arc, RwLock};

use crate::desktop::launch::AppStatus;
use crate::desktop::profile::Profile;
use crate::desktop::shelf::Listings;
use crate::engine::{Engine, ExportRow};
use crate::failure::{Failure, Problem};
use crate::session::Records;
use crate::store::StoreError;

/// Runs blocking `work` on a blocking thread of the current runtime.
pub async fn off_thread<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, Problem> + Send + 'static,
) -> Result<T, Problem> {
    let done = tokio::task::spawn_blocking(work).await;
    done.map_err(Problem::internal)?
}

#[derive(Default)]
pub struct AppState {
    profile: RwLock<Option<Arc<Profile>>>,
    /// Export folders being listed, each with the flag that stops its listing.
    pub listings: Listings,
}

impl AppState {
    /// The profile in use; `no_client` before demo mode is chosen or a client imported.
    pub fn profile(&self) -> Result<Arc<Profile>, Problem> {
        self.profile
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or_else(|| Problem::new(Failure::NoClient, "choose demo mode or import a client"))
    }

    /// Runs blocking `work` with the profile in use.
    pub async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Profile) -> Result<T, Problem> + Send + 'static,
    ) -> Result<T, Problem> {
        let profile = self.profile()?;
        off_thread(move || work(&profile)).await
    }

    /// Runs blocking `work` on the engine; `engine_elsewhere` while another process runs it.
    pub async fn on_engine<T: Send + 'static, E: Into<Problem>>(
        &self,
        work: impl FnOnce(&Engine) -> Result<T, E> + Send + 'static,
    ) -> Result<T, Problem> {
        self.blocking(|profile| work(profile.engine()?).map_err(Into::into))
            .await
    }

    /// Runs blocking `work` on the state database alone, which works while another process
    /// runs the engine.
    pub async fn on_records<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Records) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, Problem> {
        self.blocking(|profile| Ok(work(&profile.session.records())?))
            .await
    }

    /// Puts `profile` in use; the one before must have been [closed](Self::close).
    pub fn set(&self, profile: Profile) -> AppStatus {
        let status = profile.status();
        *self.profile.write().unwrap_or_else(|p| p.into_inner()) = Some(Arc::new(profile));
        status
    }

    /// Takes the profile out, its engine stopped: nothing of it runs on beside the next one.
    /// Demo mode's throwaway profile is removed with it, also when the app quits (the host's
    /// state may never be dropped, so the session's own cleanup would not run).
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

    /// The status of the profile in use, or of an app not configured yet.
    pub fn status(&self) -> AppStatus {
        self.profile()
            .map_or_else(|_| AppStatus::unconfigured(), |profile| profile.status())
    }

    /// Every export and whether the engine is paused: what the tray shows.
    pub fn overview(&self) -> (Vec<ExportRow>, bool) {
        let Ok(profile) = self.profile() else {
            return (Vec::new(), false);
        };
        let rows = profile.session.records().exports();
        (rows.unwrap_or_default(), profile.paused())
    }

    /// Whether the engine of the profile in use is paused.
    pub fn paused(&self) -> bool {
        self.profile().is_ok_and(|profile| profile.paused())
    }

    /// Pauses or resumes the engine of the profile in use; the status after.
    pub fn set_paused(&self, paused: bool) -> AppStatus {
        if let Ok(profile) = self.profile() {
            profile.set_paused(paused);
        }
        self.status()
    }

    /// Every schedule runs now; the host resumes a paused engine first (the person asked for a
    /// run) and says so.
    pub fn run_schedules_now(&self) -> Result<(), Problem> {
        Ok(self.profile()?.engine()?.run_schedules_now()?)
    }
}
