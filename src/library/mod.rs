//! The backup library: `<backup root>/<resource group>/<export time>_<job id>/` folders, each
//! with its archives and a receipt; re-verification and archive browsing.

mod contents;
pub mod manifest;
mod verify;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

pub use contents::{
    ArchiveEntry, ListOptions, NotCounted, ReadLimits, extract_archive, extraction_folder,
    list_archive, list_archive_from,
};
pub use manifest::{FileReceipt, Manifest};

/// The file name of Google's index of an export: it counts services, not data.
pub const ARCHIVE_INDEX: &str = "archive_browser.json";
pub use verify::{FileCheck, FileStatus, VerifyReport, verify};

use crate::files::private::Tightening;
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
    #[error("{0}")]
    BadReceipt(String),
    #[error("{0} already exists: remove it to extract again")]
    AlreadyExtracted(PathBuf),
    #[error(
        "{path} holds {entries} entries, more than Carryout reads ({most}); an archive from \
         Google never has that many, so the file may have been tampered with"
    )]
    TooManyEntries {
        path: PathBuf,
        entries: usize,
        most: usize,
    },
    #[error(
        "not enough free space in {dir}: extracting needs {needed} bytes, {available} are free"
    )]
    NotEnoughSpace {
        dir: PathBuf,
        needed: u64,
        available: u64,
    },
    #[error("stopped before the end")]
    Cancelled,
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

/// A receipt that could not be read, or was refused.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct UnreadableReceipt {
    /// The export folder.
    pub path: PathBuf,
    pub error: String,
}

/// What a backup folder holds: its exports, and the receipts that could not be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Library {
    pub exports: Vec<Export>,
    pub unreadable: Vec<UnreadableReceipt>,
}

/// Every export folder under `root` with a receipt, oldest first per group.
pub fn scan(root: &Path) -> Result<Library, LibraryError> {
    let mut library = Library::default();
    for group in sorted_dirs(root)? {
        for dir in sorted_dirs(&group)? {
            match Manifest::read(&dir) {
                Ok(manifest) => library.exports.push(Export {
                    path: dir,
                    manifest,
                }),
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                Err(error) => library.unreadable.push(UnreadableReceipt {
                    path: dir,
                    error: error.to_string(),
                }),
            }
        }
    }
    Ok(library)
}

/// Every export folder under `root` that has a readable receipt, oldest first per group; the
/// others are logged and skipped.
pub fn exports(root: &Path) -> Result<Vec<Export>, LibraryError> {
    let library = scan(root)?;
    for receipt in &library.unreadable {
        tracing::warn!("skipping {}: {}", receipt.path.display(), receipt.error);
    }
    Ok(library.exports)
}

/// Takes group's and others' access away from the backup folder `root`, from the group folders
/// that hold exports and from every export folder (receipt, archives, what was extracted): what
/// earlier versions made with the default umask. Anything else in `root` is left as it is:
/// the folder may be one the person also uses, and once `root` is closed to others nothing in
/// it can be reached by them anyway.
pub(crate) fn tighten(root: &Path, tightening: &mut Tightening) {
    tightening.entry(root);
    let Ok(library) = scan(root) else {
        return;
    };
    let exports = library.exports.iter().map(|e| &e.path);
    let mut groups = std::collections::BTreeSet::new();
    for dir in exports.chain(library.unreadable.iter().map(|u| &u.path)) {
        tightening.tree(dir);
        groups.extend(dir.parent());
    }
    for group in groups {
        tightening.entry(group);
    }
}

/// The export whose folder is `dir`, if `root` holds one there.
pub fn export_at(root: &Path, dir: &Path) -> Result<Option<Export>, LibraryError> {
    Ok(exports(root)?.into_iter().find(|export| export.path == dir))
}

/// `dir` as on disk (links resolved) if it is `root` or a folder inside it: a host opens and
/// reads only these for a window, whatever path the window names.
pub fn inside(root: &Path, dir: &Path) -> Option<PathBuf> {
    let (root, dir) = (root.canonicalize().ok()?, dir.canonicalize().ok()?);
    dir.starts_with(&root).then_some(dir)
}

/// `dir` (canonical) when it is the backup folder `root` or an export folder the library lists:
/// the folders the app opens in the file manager, and nothing else.
pub fn listed_folder(root: &Path, dir: &Path) -> Option<PathBuf> {
    let (root, dir) = (root.canonicalize().ok()?, dir.canonicalize().ok()?);
    if dir == root {
        return Some(dir);
    }
    let listed = exports(&root).ok()?;
    listed
        .iter()
        .any(|export| export.path.canonicalize().is_ok_and(|path| path == dir))
        .then_some(dir)
}

/// One archive of an export folder and its entries.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ArchiveListing {
    pub archive: String,
    pub entries: Vec<ArchiveEntry>,
}

/// Every archive of the export folder `dir` (as its receipt names them) and their entries, read
/// as `options` say.
pub fn contents(dir: &Path, options: &ListOptions) -> Result<Vec<ArchiveListing>, LibraryError> {
    let manifest = Manifest::read(dir).map_err(|error| match error.kind() {
        std::io::ErrorKind::InvalidData => LibraryError::BadReceipt(error.to_string()),
        _ => LibraryError::NotAnExport(dir.to_owned()),
    })?;
    manifest
        .files
        .into_iter()
        .map(|file| {
            Ok(ArchiveListing {
                entries: list_archive(&dir.join(&file.name), options)?,
                archive: file.name,
            })
        })
        .collect()
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
    #[test]
    fn only_folders_inside_the_root_are_inside() {
        let root = tempfile::tempdir().unwrap();
        let export = root.path().join("maps.reviews/2026-01-01T00-00-00Z_job");
        std::fs::create_dir_all(&export).unwrap();
        let real = |p: &std::path::Path| p.canonicalize().unwrap();
        assert_eq!(super::inside(root.path(), &export), Some(real(&export)));
        assert_eq!(
            super::inside(root.path(), root.path()),
            Some(real(root.path()))
        );
        let sneaky = export.join("../../..");
        assert_eq!(super::inside(root.path(), &sneaky), None);
        assert_eq!(
            super::inside(root.path(), &root.path().join("missing")),
            None
        );
        assert!(matches!(
            super::contents(&export, &ListOptions::with_records()),
            Err(super::LibraryError::NotAnExport(_))
        ));
    }

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
