//! The backup folder keeps the newest export of each group plainly, as before there was a
//! history: an older full export leaves it once the history holds it and a newer full export
//! of its groups (also held) stands beside it. Incremental exports stay — each holds days no
//! other plain export does, and they are small.

use std::path::{Path, PathBuf};

use super::error::HistoryError;
use super::repo::History;
use crate::library::{self, Export};

impl History {
    /// Removes from the backup folder `root` the full exports that a newer full export of the
    /// same groups supersedes, when the history holds both; returns the folders removed.
    pub fn thin_backup_folder(&self, root: &Path) -> Result<Vec<PathBuf>, HistoryError> {
        let held: Vec<PathBuf> = self
            .list(None)?
            .into_iter()
            .map(|s| PathBuf::from(s.path))
            .collect();
        let is_held = |export: &Export| {
            let inside =
                Path::new("/").join(export.path.strip_prefix(root).unwrap_or(&export.path));
            held.contains(&inside)
        };
        let exports = library::exports(root).map_err(|e| HistoryError::Disk {
            path: root.to_path_buf(),
            detail: e.to_string(),
        })?;
        let full: Vec<&Export> = exports
            .iter()
            .filter(|e| e.manifest.start_time.is_none() && e.manifest.export_time.is_some())
            .filter(|e| is_held(e))
            .collect();
        let mut removed = Vec::new();
        for old in &full {
            let superseded = full.iter().any(|new| {
                new.manifest.export_time > old.manifest.export_time
                    && old
                        .manifest
                        .groups
                        .iter()
                        .all(|g| new.manifest.groups.contains(g))
            });
            if superseded {
                std::fs::remove_dir_all(&old.path).map_err(|e| HistoryError::Disk {
                    path: old.path.clone(),
                    detail: e.to_string(),
                })?;
                removed.push(old.path.clone());
            }
        }
        Ok(removed)
    }
}
