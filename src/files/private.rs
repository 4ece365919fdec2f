//! Folders and files only their owner may use: the backups, the state database, locks and
//! receipts are personal data. On Unix folders are made 0700 and files 0600; on Windows they
//! inherit the access list of the folder they are made in, which for the user's profile (where
//! the data folder and the Documents folder are) lets only the user, administrators and the
//! system in.

use std::fs::OpenOptions;
use std::path::Path;

#[cfg(unix)]
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};

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

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

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
}
