//! Opening the history repository, or making it the first time.

use std::path::Path;
use std::sync::Arc;

use rustic_backend::BackendOptions;
use rustic_core::{
    ConfigOptions, Credentials, KeyOptions, OpenStatus, Repository, RepositoryBackends,
    RepositoryOptions, RusticError,
};

use super::error::HistoryError;
use super::location::Location;
use super::meter::Meter;
use super::rest::{self, RestBackend};
use crate::api::RetryPolicy;
use crate::secret::HistoryPassword;

/// Whether the repository was there or was made now (say then that it cannot be read without
/// its password).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opened {
    Existing,
    Created,
}

fn connect(
    location: &Location,
    cache_dir: &Path,
    meter: &Meter,
    retry: RetryPolicy,
) -> Result<Repository<()>, HistoryError> {
    let failed = |error: Box<RusticError>| failure(&location.to_string(), &error);
    let backends = match location {
        Location::Folder(path) => BackendOptions::default()
            .repository(format!("local:{}", path.to_string_lossy()))
            .to_backends()
            .map_err(failed)?,
        Location::Rest(server) => {
            let backend = RestBackend::network(server.clone(), retry).map_err(failed)?;
            RepositoryBackends::new(Arc::new(backend), None)
        }
        Location::Rclone(remote) => {
            let backend = RestBackend::rclone(remote, retry).map_err(failed)?;
            RepositoryBackends::new(Arc::new(backend), None)
        }
    };
    let options = RepositoryOptions::default().cache_dir(cache_dir.to_path_buf());
    Repository::new_with_progress(&options, &backends, meter.clone()).map_err(failed)
}

/// An open history repository.
pub struct History {
    pub(super) repo: Repository<OpenStatus>,
    /// The location as it may be shown: a server's password starred.
    pub(super) location: String,
    /// Where the bytes of the snapshot being made are reported.
    pub(super) meter: Meter,
}

impl History {
    /// Opens the repository at `location` (a folder, or any location restic's local backend
    /// takes), making it first when nothing is there. `cache_dir` holds restic's cache of
    /// the repository's index and trees, rebuilt from the repository when lost.
    pub fn open_or_create(
        location: &Location,
        password: &HistoryPassword,
        cache_dir: &Path,
    ) -> Result<(History, Opened), HistoryError> {
        let shown = location.to_string();
        let failed = |error: Box<RusticError>| failure(&shown, &error);
        // The repository's folder is its owner's alone, as the backup folder is: encrypted, it
        // still tells others how much and when.
        if let Some(folder) = location.folder() {
            crate::files::private::create_dir_all(folder).map_err(|e| HistoryError::Disk {
                path: folder.to_path_buf(),
                detail: e.to_string(),
            })?;
        }
        let meter = Meter::default();
        let repo = connect(location, cache_dir, &meter, RetryPolicy::default())?;
        let credentials = Credentials::password(password.expose());
        let (repo, opened) = if repo.config_id().map_err(failed)?.is_some() {
            (repo.open(&credentials).map_err(failed)?, Opened::Existing)
        } else {
            let made = repo
                .init(
                    &credentials,
                    &KeyOptions::default(),
                    &ConfigOptions::default(),
                )
                .map_err(failed)?;
            (made, Opened::Created)
        };
        Ok((
            History {
                repo,
                location: shown,
                meter,
            },
            opened,
        ))
    }

    /// Whether a repository was made at `location`.
    pub fn exists(location: &Location, cache_dir: &Path) -> Result<bool, HistoryError> {
        Self::made_at(location, cache_dir, RetryPolicy::default())
    }

    /// [`History::exists`], asked once more at most: a person waits on the answer (Settings'
    /// check of a server), where the engine's work may wait out a restarting server.
    pub fn exists_now(location: &Location, cache_dir: &Path) -> Result<bool, HistoryError> {
        let retry = RetryPolicy {
            attempts: 2,
            ..RetryPolicy::default()
        };
        Self::made_at(location, cache_dir, retry)
    }

    fn made_at(
        location: &Location,
        cache_dir: &Path,
        retry: RetryPolicy,
    ) -> Result<bool, HistoryError> {
        let repo = connect(location, cache_dir, &Meter::default(), retry)?;
        let id = repo
            .config_id()
            .map_err(|e| failure(&location.to_string(), &e))?;
        Ok(id.is_some())
    }

    /// Opens the repository at `location`; `None` when none was made there.
    pub fn open(
        location: &Location,
        password: &HistoryPassword,
        cache_dir: &Path,
    ) -> Result<Option<History>, HistoryError> {
        let shown = location.to_string();
        let failed = |error: Box<RusticError>| failure(&shown, &error);
        let meter = Meter::default();
        let repo = connect(location, cache_dir, &meter, RetryPolicy::default())?;
        if repo.config_id().map_err(failed)?.is_none() {
            return Ok(None);
        }
        let repo = repo
            .open(&Credentials::password(password.expose()))
            .map_err(failed)?;
        Ok(Some(History {
            repo,
            location: shown,
            meter,
        }))
    }

    pub(super) fn failed(&self, error: Box<RusticError>) -> HistoryError {
        failure(&self.location, &error)
    }
}

pub(super) fn failure(location: &str, error: &RusticError) -> HistoryError {
    if error.is_incorrect_password() {
        return HistoryError::WrongPassword {
            location: location.to_owned(),
        };
    }
    // rustic's log line, without its "Error: " and its classification for developers.
    let logged = error.display_log();
    let detail = logged.strip_prefix("Error: ").unwrap_or(&logged);
    let detail = match detail.split_once(" (kind: related to ") {
        Some((said, rest)) => match rest.split_once(')') {
            Some((_, cause)) => format!("{said}{cause}"),
            None => said.to_owned(),
        },
        None => detail.to_owned(),
    };
    let location = location.to_owned();
    if error.is_code(rest::REFUSED) {
        HistoryError::ServerRefused { location, detail }
    } else if error.is_code(rest::UNREACHABLE) {
        HistoryError::ServerUnreachable { location, detail }
    } else {
        HistoryError::Repository { location, detail }
    }
}
