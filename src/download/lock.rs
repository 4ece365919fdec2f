//! One process at a time per archive: an advisory lock on `<name>.part.lock` beside the part,
//! held while the archive downloads, so that the app and the CLI (or two CLIs) never write
//! into one part at once.

use std::fs::File;
use std::path::{Path, PathBuf};

use super::DownloadError;
use crate::files::{LOCK_SUFFIX, private};

/// The lock of one archive; released when dropped.
pub(super) struct ArchiveLock {
    file: File,
    path: PathBuf,
}

impl ArchiveLock {
    /// Takes the lock of `file_name` in `export_dir`, or fails with [`DownloadError::Busy`]
    /// when another process (or another download in this one) holds it.
    pub fn take(export_dir: &Path, file_name: &str) -> Result<Self, DownloadError> {
        let path = export_dir.join(format!("{file_name}{LOCK_SUFFIX}"));
        let file = private::file_options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| DownloadError::io(&path, e))?;
        // Called through the trait: `File::try_lock` of std is newer than the supported Rust.
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => Ok(Self { file, path }),
            Err(fs4::TryLockError::WouldBlock) => Err(DownloadError::Busy {
                archive: file_name.to_owned(),
            }),
            Err(fs4::TryLockError::Error(error)) => Err(DownloadError::io(&path, error)),
        }
    }

    /// Removes the lock file once the archive is complete, still holding the lock. A process
    /// that opened the file before its removal and then gets the lock finds the archive
    /// complete, which is all it checks under the lock.
    pub fn remove(self) {
        let _ = std::fs::remove_file(&self.path);
        drop(self.file);
    }
}
