//! Where the history repository is and with what password it opens: a folder beside the
//! backup folder unless named, and a password read from a file (restic's own
//! `--password-file`) or, without one, made once and kept with the sign-in tokens.

use std::path::{Path, PathBuf};

use super::error::HistoryError;
use super::location::Location;
use super::repo::{History, Opened};
use super::retention::Retention;
use crate::auth::SecretStore;
use crate::secret::HistoryPassword;

/// Where a person's password for the history comes from.
#[derive(Debug, Clone)]
pub enum PasswordSource {
    /// A file holding it on its first line, as restic reads `--password-file`.
    File(PathBuf),
    /// Made once, the first time a repository is made, and kept in the secret store (the
    /// system keychain, or the owner-only secrets file) beside the sign-in tokens; or, for a
    /// repository made elsewhere, the password the person gave for it, kept there too.
    Kept(SecretStore),
}

/// The history repository of a profile: its location, its password and restic's cache.
#[derive(Debug, Clone)]
pub struct HistoryPlace {
    pub location: Location,
    pub password: PasswordSource,
    /// restic's cache of the repository's index and trees, rebuilt from it when lost.
    pub cache_dir: PathBuf,
    /// What the engine keeps after each export it stores.
    pub retention: Retention,
}

impl HistoryPlace {
    /// `location`, or the default beside `backup_dir`, kept by `retention`.
    pub fn new(
        location: Option<Location>,
        backup_dir: &Path,
        password: PasswordSource,
        retention: Retention,
    ) -> Result<Self, HistoryError> {
        let location = match location {
            Some(location) => location,
            None => Location::Folder(beside(backup_dir)?),
        };
        Ok(Self {
            location,
            password,
            cache_dir: default_cache_dir(),
            retention: retention.within_limits(),
        })
    }

    /// The password: read from its file, the one given for this repository, or the one made
    /// for this profile (made now the first time).
    pub fn password(&self) -> Result<HistoryPassword, HistoryError> {
        match &self.password {
            PasswordSource::File(path) => read_password_file(path),
            PasswordSource::Kept(store) => {
                let location = self.location.without_password();
                let given = store.given_history_password(&location).transpose();
                given
                    .unwrap_or_else(|| store.history_password())
                    .map_err(|error| HistoryError::Password {
                        detail: error.to_string(),
                    })
            }
        }
    }

    /// The repository, made now when there is none.
    pub fn open_or_create(&self) -> Result<(History, Opened), HistoryError> {
        History::open_or_create(&self.location, &self.password()?, &self.cache_dir)
    }

    /// The repository; `None` when none was made here yet.
    pub fn open(&self) -> Result<Option<History>, HistoryError> {
        if !self.exists()? {
            return Ok(None);
        }
        History::open(&self.location, &self.password()?, &self.cache_dir)
    }

    /// Whether a repository was made here, asked without a password: listing never makes a
    /// password (or a repository) that nobody asked for.
    pub fn exists(&self) -> Result<bool, HistoryError> {
        History::exists(&self.location, &self.cache_dir)
    }
}

/// The default repository: `<backup folder> history`, beside the backup folder, so that the
/// backup folder holds only plain exports and a copy of it does not copy the history.
pub fn beside(backup_dir: &Path) -> Result<PathBuf, HistoryError> {
    let name = backup_dir
        .file_name()
        .map(|name| format!("{} history", name.to_string_lossy()))
        .ok_or_else(|| HistoryError::NoPlace {
            backup_dir: backup_dir.to_path_buf(),
        })?;
    Ok(backup_dir.with_file_name(name))
}

/// restic's cache, in the user's cache folder.
pub fn default_cache_dir() -> PathBuf {
    directories::ProjectDirs::from("app", "Carryout", "Carryout").map_or_else(
        || std::env::temp_dir().join("carryout-history-cache"),
        |dirs| dirs.cache_dir().join("history"),
    )
}

/// The first line of `path`, without its line ending, as restic reads a password file.
pub fn read_password_file(path: &Path) -> Result<HistoryPassword, HistoryError> {
    let failed = |detail: String| HistoryError::Password {
        detail: format!("the password file {}: {detail}", path.display()),
    };
    let text = std::fs::read_to_string(path).map_err(|e| failed(e.to_string()))?;
    let password = text.lines().next().unwrap_or_default();
    if password.is_empty() {
        return Err(failed("its first line is empty".to_owned()));
    }
    Ok(HistoryPassword::new(password))
}
