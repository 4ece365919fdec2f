//! The backup library: `<backup root>/<resource group>/<export time>_<job id>/` folders, each
//! with its archives and a receipt; re-verification and archive browsing.

mod contents;
pub mod manifest;
mod verify;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

pub use contents::{ArchiveEntry, extract_archive, extraction_folder, list_archive};
pub use manifest::{FileReceipt, Manifest};
pub use verify::{FileCheck, FileStatus, VerifyReport, verify};

use crate::files::sanitize_file_name;

/// Why a library operation failed.
#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is not a readable zip archive: {detail}")]
    Zip { path: PathBuf, detail: String },
    #[error(
        "{archive} was not extracted: entry {entry:?} {why}; an archive from Google never has \
         one, so the file may have been tampered with"
    )]
    UnsafeEntry {
        archive: PathBuf,
        entry: String,
        why: &'static str,
    },
    #[error("{0} is not an export folder (no manifest.json)")]
    NotAnExport(PathBuf),
    #[error("{0} already exists: remove it to extract again")]
    AlreadyExtracted(PathBuf),
}

impl LibraryError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        Self::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// One export folder and its receipt.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Export {
    pub path: PathBuf,
    pub manifest: Manifest,
}

/// Where backups go unless the person chose a folder: "Carryout" in their Documents folder
/// (their home folder when the platform names no Documents folder); `None` without a home.
pub fn default_backup_dir() -> Option<PathBuf> {
    let user = directories::UserDirs::new()?;
    Some(
        user.document_dir()
            .unwrap_or_else(|| user.home_dir())
            .join("Carryout"),
    )
}

/// The folder of one export: `<root>/<group>/<export time>_<job id>`, with names safe on every
/// platform (no `:` in the time).
pub fn export_folder(
    root: &Path,
    group: &str,
    export_time: Option<DateTime<Utc>>,
    job_id: &str,
) -> PathBuf {
    let time = export_time
        .map(|t| t.format("%Y-%m-%dT%H-%M-%SZ").to_string())
        .unwrap_or_else(|| "undated".to_owned());
    root.join(sanitize_file_name(group))
        .join(sanitize_file_name(&format!("{time}_{job_id}")))
}

/// Every export folder under `root` that has a readable receipt, oldest first per group.
pub fn exports(root: &Path) -> Result<Vec<Export>, LibraryError> {
    let mut found = Vec::new();
    for group in sorted_dirs(root)? {
        for dir in sorted_dirs(&group)? {
            match Manifest::read(&dir) {
                Ok(manifest) => found.push(Export {
                    path: dir,
                    manifest,
                }),
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                Err(error) => tracing::warn!("skipping {}: {error}", dir.display()),
            }
        }
    }
    Ok(found)
}

fn sorted_dirs(dir: &Path) -> Result<Vec<PathBuf>, LibraryError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(LibraryError::io(dir, error)),
    };
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .collect();
    dirs.sort();
    Ok(dirs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_folders_are_named_by_group_time_and_job() {
        let time = "2026-07-20T08:01:00Z".parse().unwrap();
        assert_eq!(
            export_folder(Path::new("/b"), "myactivity.search", Some(time), "job/1"),
            Path::new("/b/myactivity.search/2026-07-20T08-01-00Z_job_1")
        );
    }
}
