//! Writes that survive a crash or a power cut: a file is replaced whole or not at all, and a
//! rename is made durable by syncing its folder.

use std::io::Write;
use std::path::Path;

use super::names::TEMPORARY_SUFFIX;

/// Replaces `path` with `bytes` through a temporary file that is fsynced, then renamed over it,
/// so that a reader never sees half a file.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}{TEMPORARY_SUFFIX}"));
    // One left over from an earlier version may be open to others: `create` keeps its mode.
    let _ = std::fs::remove_file(&temporary);
    let mut file = super::private::file_options()
        .write(true)
        .create_new(true)
        .open(&temporary)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&temporary, path)?;
    sync_dir(path.parent().unwrap_or(Path::new(".")));
    Ok(())
}

/// Makes a rename durable. Best effort: not every platform can open a folder to sync it.
pub(crate) fn sync_dir(dir: &Path) {
    if let Ok(handle) = std::fs::File::open(dir) {
        let _ = handle.sync_all();
    }
}
