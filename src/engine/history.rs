//! After each verified export the history keeps it as a snapshot — and any export an earlier
//! run verified but did not keep (a crash, a full disk, a repository out of reach), so what is
//! left out is caught up with the next export. Retention then lets go of the snapshots it no
//! longer needs, and the backup folder of the full exports a newer one supersedes. The
//! repository stays open between exports: opening derives its key from the password, which is
//! slow on purpose.

use std::sync::MutexGuard;

use super::warnings::NewWarning;
use super::{Engine, EngineEvent, WarningCode};
use crate::history::{History, HistoryError, HistoryPlace, OnStoring, Opened, Snapshot, Storing};

/// The history as the engine holds it between exports.
#[derive(Default)]
pub(super) enum Keeper {
    /// Not opened yet: the next export opens it (or makes it).
    #[default]
    Closed,
    Open(Box<History>),
    /// The engine's owner is done with it: nothing more is kept, nothing is made.
    Stopped,
}

impl Engine {
    /// Waits for the export being kept, if any, and keeps nothing from then on: what owns the
    /// history's folder (demo mode's throwaway profile) may remove it once this returns. The
    /// exports verified meanwhile are caught up by the next engine on the same history.
    pub async fn stop_keeping_history(&self) {
        let engine = self.clone();
        let stopped = tokio::task::spawn_blocking(move || *engine.keeper() = Keeper::Stopped);
        if let Err(panicked) = stopped.await {
            tracing::warn!("stopping the history failed: {panicked}");
        }
    }

    fn keeper(&self) -> MutexGuard<'_, Keeper> {
        self.inner
            .keeper
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Keeps every verified export of the backup folder that the history does not hold yet.
    /// A failure is a warning: the export itself stays verified in the backup folder.
    pub(super) async fn keep_in_history(&self) {
        let Some(place) = self.inner.history.clone() else {
            return;
        };
        let engine = self.clone();
        let kept = tokio::task::spawn_blocking(move || engine.save_missing(&place)).await;
        let error = match kept {
            Ok(Ok(snapshots)) => {
                for snapshot in &snapshots {
                    tracing::info!(
                        "kept {} in the history as snapshot {}",
                        snapshot.path,
                        snapshot.id
                    );
                }
                if !snapshots.is_empty() {
                    let kept = EngineEvent::HistoryKept {
                        snapshots: snapshots.len(),
                    };
                    let _ = self.inner.events.send(kept);
                }
                return;
            }
            Ok(Err(error)) => error.to_string(),
            Err(panicked) => format!("the history's task failed: {panicked}"),
        };
        let today = self.inner.clock.now().date_naive();
        self.warn(NewWarning {
            key: format!("history_not_kept:{today}"),
            export_id: None,
            grant_id: None,
            code: WarningCode::HistoryNotKept,
            message: format!(
                "the newest exports are in the backup folder but not in the history yet \
                 ({error}); they are kept with the next export"
            ),
        });
    }

    /// Keeps what the history lacks; then, when something was kept, lets go of the snapshots
    /// retention no longer needs and of the backup folder's superseded full exports.
    fn save_missing(&self, place: &HistoryPlace) -> Result<Vec<Snapshot>, HistoryError> {
        let mut keeper = self.keeper();
        let history = match std::mem::take(&mut *keeper) {
            Keeper::Open(history) => *history,
            Keeper::Closed => self.open_history(place)?,
            Keeper::Stopped => {
                *keeper = Keeper::Stopped;
                return Ok(Vec::new());
            }
        };
        let root = &self.inner.backup_dir;
        let events = self.inner.events.clone();
        let on: OnStoring = std::sync::Arc::new(move |storing: &Storing| {
            let _ = events.send(EngineEvent::HistoryStoring {
                path: storing.path.clone(),
                done: storing.done,
                total: storing.total,
            });
        });
        let (history, saved) = history.save_missing(root, &on)?;
        let history = if saved.is_empty() {
            history
        } else {
            // Thinned while the history still holds every export the folder has.
            for folder in history.thin_backup_folder(root)? {
                tracing::info!(
                    "{} left the backup folder: the history holds it, and a newer export \
                     stands beside it",
                    folder.display()
                );
            }
            let now = self.inner.clock.now();
            let (history, plan) = history.apply_retention(&place.retention, now)?;
            for snapshot in &plan.forget {
                tracing::info!("the history let go of {} ({})", snapshot.path, snapshot.id);
            }
            history
        };
        *keeper = Keeper::Open(Box::new(history));
        Ok(saved)
    }

    fn open_history(&self, place: &HistoryPlace) -> Result<History, HistoryError> {
        let (history, opened) = place.open_or_create()?;
        if opened == Opened::Created {
            self.warn(NewWarning {
                key: format!("history_made:{}", place.location),
                export_id: None,
                grant_id: None,
                code: WarningCode::HistoryMade,
                message: format!(
                    "made the history {}: it is encrypted and cannot be read, by Carryout or \
                     by restic, without its password; keep a copy of the password \
                     (`carryout history password` shows it)",
                    place.location
                ),
            });
        }
        Ok(history)
    }
}
