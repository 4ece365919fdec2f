//! One engine per data dir: an advisory lock on `<data dir>/engine.lock`, held while the
//! engine lives, so the app and a `carryout run` never drive the same jobs at once.

use std::fs::File;
use std::path::{Path, PathBuf};

use super::EngineError;
use crate::files::private;

pub const LOCK_FILE: &str = "engine.lock";

/// Held for as long as the engine runs; released when dropped (or when the process dies).
#[derive(Debug)]
pub struct EngineLock {
    _file: File,
}

impl EngineLock {
    pub fn acquire(data_dir: &Path) -> Result<Self, EngineError> {
        let path = data_dir.join(LOCK_FILE);
        let io = |source| EngineError::Io {
            path: path.clone(),
            source,
        };
        let file = private::file_options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io)?;
        // fs4's lock: the standard library's needs a newer Rust than the project's minimum.
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => Ok(Self { _file: file }),
            Err(fs4::TryLockError::WouldBlock) => Err(EngineError::Elsewhere {
                data_dir: PathBuf::from(data_dir),
            }),
            Err(fs4::TryLockError::Error(source)) => Err(io(source)),
        }
    }
}
