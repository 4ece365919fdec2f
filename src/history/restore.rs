//! Getting an export back out of the history, checked against its own receipt.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use rustic_core::repofile::SnapshotFile;
use sha2::{Digest, Sha256};

use super::error::HistoryError;
use super::repo::{History, failure};
use super::snapshots::{HOST, Snapshot};
use crate::files::{MANIFEST_FILE, SUMS_FILE};
use crate::library::Manifest;

/// What a restore wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    pub snapshot: Snapshot,
    /// The files written into the target folder, the receipt's last.
    pub files: Vec<PathBuf>,
}

impl History {
    /// Writes the export of snapshot `id` (or a unique prefix of it) into `to`, made if
    /// missing, never over a file already there: each archive is checked against the SHA-256
    /// its receipt in the snapshot names before it takes its name, so what is restored is
    /// what was verified on the day it was downloaded.
    pub fn restore(self, id: &str, to: &Path) -> Result<(History, Restored), HistoryError> {
        let (location, meter) = (self.location.clone(), self.meter.clone());
        let failed = |e: Box<rustic_core::RusticError>| failure(&location, &e);
        let snap: SnapshotFile = self
            .repo
            .get_snapshot_from_str(id, |s| s.hostname == HOST)
            .map_err(failed)?;
        let snapshot = Snapshot::of(&snap);
        let indexed = self.repo.to_indexed().map_err(failed)?;
        let inside = Path::new(&snapshot.path);
        let read = |name: &str| -> Result<Vec<u8>, HistoryError> {
            let node = indexed
                .node_from_snapshot_and_path(&snap, &inside.join(name).to_string_lossy())
                .map_err(failed)?;
            let mut bytes = Vec::new();
            indexed.dump(&node, &mut bytes).map_err(failed)?;
            Ok(bytes)
        };
        let receipt = read(MANIFEST_FILE)?;
        let manifest = Manifest::parse(&receipt, &inside.join(MANIFEST_FILE)).map_err(|e| {
            HistoryError::Receipt {
                path: inside.join(MANIFEST_FILE),
                detail: e.to_string(),
            }
        })?;
        let local = |e: std::io::Error, path: &Path| HistoryError::Disk {
            path: path.to_path_buf(),
            detail: e.to_string(),
        };
        crate::files::private::create_dir_all(to).map_err(|e| local(e, to))?;
        for name in manifest
            .files
            .iter()
            .map(|f| f.name.as_str())
            .chain([SUMS_FILE, MANIFEST_FILE])
        {
            let path = to.join(name);
            if path.exists() {
                return Err(HistoryError::Receipt {
                    path,
                    detail: "is already there: restore into an empty folder".to_owned(),
                });
            }
        }
        let mut files = Vec::new();
        for file in &manifest.files {
            let path = to.join(&file.name);
            let partial = to.join(format!("{}.restoring", file.name));
            let node = indexed
                .node_from_snapshot_and_path(&snap, &inside.join(&file.name).to_string_lossy())
                .map_err(failed)?;
            let mut out = Hashing {
                file: File::create(&partial).map_err(|e| local(e, &partial))?,
                sha256: Sha256::new(),
            };
            indexed.dump(&node, &mut out).map_err(failed)?;
            out.file.sync_all().map_err(|e| local(e, &partial))?;
            let sha256 = hex::encode(out.sha256.finalize());
            if sha256 != file.sha256 {
                let _ = std::fs::remove_file(&partial);
                return Err(HistoryError::Incomplete {
                    export: inside.to_path_buf(),
                    detail: format!(
                        "{} restored with SHA-256 {sha256}, its receipt says {}",
                        file.name, file.sha256
                    ),
                });
            }
            std::fs::rename(&partial, &path).map_err(|e| local(e, &path))?;
            files.push(path);
        }
        for (name, bytes) in [(SUMS_FILE, read(SUMS_FILE)?), (MANIFEST_FILE, receipt)] {
            let path = to.join(name);
            std::fs::write(&path, bytes).map_err(|e| local(e, &path))?;
            files.push(path);
        }
        let repo = indexed.drop_index();
        let history = History {
            repo,
            location,
            meter,
        };
        Ok((history, Restored { snapshot, files }))
    }
}

/// A file that hashes what is written to it.
struct Hashing {
    file: File,
    sha256: Sha256,
}

impl Write for Hashing {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.sha256.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}
