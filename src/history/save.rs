//! Storing one verified export as a snapshot.

use std::path::{Path, PathBuf};

use rustic_core::{BackupOptions, PathList, SnapshotOptions};

use super::error::HistoryError;
use super::meter::OnStoring;
use super::repo::{History, failure};
use super::snapshots::{self, Snapshot};
use crate::files::{MANIFEST_FILE, SUMS_FILE};
use crate::library::Manifest;

impl History {
    /// Stores every export of the backup folder `root` that no snapshot holds yet, oldest
    /// first; returns the new snapshots. Run after each verified export, it also stores what
    /// an interrupted run left out. `on` hears how far each one has come.
    pub fn save_missing(
        self,
        root: &Path,
        on: &OnStoring,
    ) -> Result<(History, Vec<Snapshot>), HistoryError> {
        let held = self.list(None)?;
        let mut exports = crate::library::exports(root).map_err(|e| HistoryError::Disk {
            path: root.to_path_buf(),
            detail: e.to_string(),
        })?;
        exports.sort_by_key(|export| export.manifest.export_time);
        let mut history = self;
        let mut saved = Vec::new();
        for export in exports {
            let inside = snapshot_path(root, &export.path)?;
            if held.iter().any(|s| Path::new(&s.path) == inside) {
                continue;
            }
            let (next, snapshot) = history.save(root, &export.path, on)?;
            history = next;
            saved.push(snapshot);
        }
        Ok((history, saved))
    }

    /// Stores the verified export in `export_dir` (below the backup folder `root`) as a new
    /// snapshot, and checks that it holds every file the receipt names, at its size. `on`
    /// hears the bytes read of it so far, in whole percents.
    pub fn save(
        self,
        root: &Path,
        export_dir: &Path,
        on: &OnStoring,
    ) -> Result<(History, Snapshot), HistoryError> {
        let manifest = Manifest::read(export_dir).map_err(|e| HistoryError::Receipt {
            path: export_dir.join(MANIFEST_FILE),
            detail: e.to_string(),
        })?;
        let inside = snapshot_path(root, export_dir)?;
        let mut options = SnapshotOptions::default()
            .host(Some(snapshots::HOST.to_owned()))
            .command(Some(snapshots::COMMAND.to_owned()))
            .time(manifest.export_time.map(snapshots::zoned));
        for tag in snapshots::tags_of(&manifest) {
            options = options.add_tags(&tag).map_err(|e| self.failed(e))?;
        }
        let snap = options.to_snapshot().map_err(|e| self.failed(e))?;
        let source: PathList = [export_dir].into_iter().collect();
        let backup = BackupOptions::default().as_path(Some(inside.clone()));
        let History {
            repo,
            location,
            meter,
        } = self;
        let indexed = repo.to_indexed_ids().map_err(|e| failure(&location, &e))?;
        let saved = meter
            .reporting(&inside.to_string_lossy(), on, || {
                indexed.backup(&backup, &source, snap)
            })
            .map_err(|e| failure(&location, &e))?;
        // Every file the receipt names, at its size: restic leaves out what it cannot read.
        // Read back through the index as the repository now has it, with the new trees.
        let indexed = indexed
            .drop_index()
            .to_indexed_ids()
            .map_err(|e| failure(&location, &e))?;
        let mut expected: Vec<(String, u64)> = manifest
            .files
            .iter()
            .map(|f| (f.name.clone(), f.size))
            .collect();
        for receipt_file in [MANIFEST_FILE, SUMS_FILE] {
            expected.push((
                receipt_file.to_owned(),
                file_len(&export_dir.join(receipt_file))?,
            ));
        }
        for (name, size) in expected {
            let path = inside.join(&name);
            let node = indexed
                .node_from_snapshot_and_path(&saved, &path.to_string_lossy())
                .map_err(|e| HistoryError::Incomplete {
                    export: export_dir.to_path_buf(),
                    detail: format!("{name}: {}", e.display_log()),
                })?;
            if node.meta.size != size {
                return Err(HistoryError::Incomplete {
                    export: export_dir.to_path_buf(),
                    detail: format!("{name} holds {} bytes, the receipt {size}", node.meta.size),
                });
            }
        }
        let snapshot = Snapshot::of(&saved);
        let repo = indexed.drop_index();
        let history = History {
            repo,
            location,
            meter,
        };
        Ok((history, snapshot))
    }
}

/// Where an export folder sits in its snapshot: `/<group>/<export folder>`, as in the backup
/// folder, so that a restore lays it out alike.
fn snapshot_path(root: &Path, export_dir: &Path) -> Result<PathBuf, HistoryError> {
    let relative = export_dir
        .strip_prefix(root)
        .map_err(|_| HistoryError::Receipt {
            path: export_dir.to_path_buf(),
            detail: format!("not inside the backup folder {}", root.display()),
        })?;
    Ok(Path::new("/").join(relative))
}

fn file_len(path: &Path) -> Result<u64, HistoryError> {
    std::fs::metadata(path)
        .map(|m| m.len())
        .map_err(|e| HistoryError::Receipt {
            path: path.to_path_buf(),
            detail: e.to_string(),
        })
}
