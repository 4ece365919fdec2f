//! Folders and files only their owner may use: the backups, the state database, locks and
//! receipts are personal data. On Unix folders are made 0700 and files 0600; on Windows they
//! inherit the access list of the folder they are made in, which for the user's profile (where
//! the data folder and the Documents folder are) lets only the user, administrators and the
//! system in.

use std::fs::OpenOptions;
use std::path::Path;

#[cfg(unix)]
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};

/// Like [`std::fs::create_dir_all`], every folder it makes being the owner's alone. Folders
/// that exist already are left as they are.
pub fn create_dir_all(path: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    builder.mode(0o700);
    builder.create(path)
}

/// [`OpenOptions`] whose `create` makes a file only its owner may read and write. A file that
/// exists already keeps its mode.
pub fn file_options() -> OpenOptions {
    #[cfg_attr(not(unix), expect(unused_mut, reason = "only Unix sets a mode"))]
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    options.mode(0o600);
    options
}

/// Takes group's and others' access away from what earlier versions made with the default
/// umask, leaving the owner's access as it is and symbolic links alone. Best effort: it counts
/// what it changed and keeps the first failure.
#[derive(Debug, Default)]
pub(crate) struct Tightening {
    pub changed: usize,
    pub failure: Option<std::io::Error>,
}

impl Tightening {
    /// `path` and, for a folder, everything in it.
    pub fn tree(&mut self, path: &Path) {
        if self.entry(path)
            && let Ok(entries) = std::fs::read_dir(path)
        {
            for entry in entries.flatten() {
                self.tree(&entry.path());
            }
        }
    }

    /// `path` alone; whether it is a folder (not a link to one).
    pub fn entry(&mut self, path: &Path) -> bool {
        let Ok(metadata) = std::fs::symlink_metadata(path) else {
            return false;
        };
        #[cfg(unix)]
        {
            let mode = metadata.permissions().mode();
            if !metadata.file_type().is_symlink() && mode & 0o077 != 0 {
                let tighter = std::fs::Permissions::from_mode(mode & !0o077);
                match std::fs::set_permissions(path, tighter) {
                    Ok(()) => self.changed += 1,
                    Err(error) => {
                        self.failure.get_or_insert(error);
                    }
                }
            }
        }
        metadata.is_dir()
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::symlink_metadata(path)
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    }

    #[test]
    fn what_is_made_is_the_owners_alone() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("a/b");
        create_dir_all(&dir).unwrap();
        let file = dir.join("f");
        file_options().write(true).create(true).open(&file).unwrap();
        assert_eq!(
            [root.path().join("a"), dir, file].map(|p| mode(&p)),
            [0o700, 0o700, 0o600]
        );
    }

    #[test]
    fn tightening_keeps_the_owners_access_and_leaves_links_alone() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("open");
        std::fs::create_dir(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        let script = dir.join("run.sh");
        std::fs::write(&script, b"").unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let outside = tempfile::NamedTempFile::new().unwrap();
        std::fs::set_permissions(outside.path(), std::fs::Permissions::from_mode(0o644)).unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.join("link")).unwrap();
        let mut tightening = Tightening::default();
        tightening.tree(&dir);
        assert!(tightening.failure.is_none(), "{tightening:?}");
        assert_eq!(tightening.changed, 2);
        assert_eq!((mode(&dir), mode(&script)), (0o700, 0o700));
        assert_eq!(mode(outside.path()), 0o644);
    }
}
