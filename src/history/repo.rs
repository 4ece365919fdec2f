//! Opening the history repository, or making it the first time.

use std::path::{Path, PathBuf};

use rustic_backend::BackendOptions;
use rustic_core::{
    ConfigOptions, Credentials, KeyOptions, OpenStatus, Repository, RepositoryOptions, RusticError,
};

use super::meter::Meter;
use crate::secret::HistoryPassword;

/// Why the history could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error(
        "the history repository {location} does not open with this password: give the one it \
         was made with"
    )]
    WrongPassword { location: String },
    /// The repository refused or failed: its own words, which never hold the password.
    #[error("the history repository {location}: {detail}")]
    Repository { location: String, detail: String },
    /// A snapshot that does not hold what the receipt names (restic skips files it cannot
    /// read rather than failing).
    #[error("the snapshot of {export} is incomplete: {detail}")]
    Incomplete { export: PathBuf, detail: String },
    #[error("{path}: {detail}")]
    Receipt { path: PathBuf, detail: String },
    /// A folder or file outside the repository could not be read or written.
    #[error("{path}: {detail}")]
    Disk { path: PathBuf, detail: String },
    /// The password could not be read, or could not be made and kept.
    #[error("the history's password: {detail}")]
    Password { detail: String },
    #[error(
        "the backup folder {} has no name to put a history beside: name the history's place",
        backup_dir.display()
    )]
    NoPlace { backup_dir: PathBuf },
    /// A repository of one of restic's other backends, which this build does not reach.
    #[error(
        "{location}: Carryout keeps its history in a folder (a path, or local:PATH); restic's \
         `{scheme}:` backend, like its other remote ones, is not supported yet — keep the \
         history in a folder and copy it there with `restic copy` or `rclone sync`"
    )]
    Unsupported { location: String, scheme: String },
}

/// Whether the repository was there or was made now (say then that it cannot be read without
/// its password).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opened {
    Existing,
    Created,
}

/// The folder of a repository `location`: a path, or `local:PATH` as restic writes it. A
/// location of another backend (`sftp:host:/path`, `rest:https://…`) is refused before anything
/// is made, so it never becomes a folder of that name.
pub(super) fn folder_of(location: &str) -> Result<PathBuf, HistoryError> {
    if let Some(path) = location.strip_prefix("local:") {
        return Ok(PathBuf::from(path));
    }
    // `scheme:` as restic's backends are named; a Windows drive (`C:`) is one letter.
    let scheme = location
        .split_once(':')
        .map(|(scheme, _)| scheme)
        .filter(|s| s.len() > 1 && s.chars().all(|c| c.is_ascii_alphanumeric()));
    match scheme {
        Some(scheme) => Err(HistoryError::Unsupported {
            location: without_password(location),
            scheme: scheme.to_owned(),
        }),
        None => Ok(PathBuf::from(location)),
    }
}

/// `location` with the password of a URL in it (`rest:https://user:secret@host/`) starred, as
/// restic shows it.
fn without_password(location: &str) -> String {
    let Some((scheme, rest)) = location.split_once(':') else {
        return location.to_owned();
    };
    match url::Url::parse(rest) {
        Ok(mut url) if url.password().is_some() => {
            let _ = url.set_password(Some("***"));
            format!("{scheme}:{url}")
        }
        _ => location.to_owned(),
    }
}

fn connect(
    location: &str,
    cache_dir: &Path,
    meter: &Meter,
) -> Result<Repository<()>, HistoryError> {
    folder_of(location)?;
    let failed = |error: Box<RusticError>| failure(location, &error);
    let backends = BackendOptions::default()
        .repository(location)
        .to_backends()
        .map_err(failed)?;
    let options = RepositoryOptions::default().cache_dir(cache_dir.to_path_buf());
    Repository::new_with_progress(&options, &backends, meter.clone()).map_err(failed)
}

/// An open history repository.
pub struct History {
    pub(super) repo: Repository<OpenStatus>,
    pub(super) location: String,
    /// Where the bytes of the snapshot being made are reported.
    pub(super) meter: Meter,
}

impl History {
    /// Opens the repository at `location` (a folder, or any location restic's local backend
    /// takes), making it first when nothing is there. `cache_dir` holds restic's cache of
    /// the repository's index and trees, rebuilt from the repository when lost.
    pub fn open_or_create(
        location: &str,
        password: &HistoryPassword,
        cache_dir: &Path,
    ) -> Result<(History, Opened), HistoryError> {
        let failed = |error: Box<RusticError>| failure(location, &error);
        // The repository's folder is its owner's alone, as the backup folder is: encrypted, it
        // still tells others how much and when.
        crate::files::private::create_dir_all(&folder_of(location)?).map_err(|e| {
            HistoryError::Disk {
                path: PathBuf::from(location),
                detail: e.to_string(),
            }
        })?;
        let meter = Meter::default();
        let repo = connect(location, cache_dir, &meter)?;
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
        let location = location.to_owned();
        Ok((
            History {
                repo,
                location,
                meter,
            },
            opened,
        ))
    }

    /// Whether a repository was made at `location`.
    pub fn exists(location: &str, cache_dir: &Path) -> Result<bool, HistoryError> {
        let repo = connect(location, cache_dir, &Meter::default())?;
        let id = repo.config_id().map_err(|e| failure(location, &e))?;
        Ok(id.is_some())
    }

    /// Opens the repository at `location`; `None` when none was made there.
    pub fn open(
        location: &str,
        password: &HistoryPassword,
        cache_dir: &Path,
    ) -> Result<Option<History>, HistoryError> {
        let failed = |error: Box<RusticError>| failure(location, &error);
        let meter = Meter::default();
        let repo = connect(location, cache_dir, &meter)?;
        if repo.config_id().map_err(failed)?.is_none() {
            return Ok(None);
        }
        let repo = repo
            .open(&Credentials::password(password.expose()))
            .map_err(failed)?;
        let location = location.to_owned();
        Ok(Some(History {
            repo,
            location,
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
    let detail = error.display_log();
    HistoryError::Repository {
        location: location.to_owned(),
        detail: detail.strip_prefix("Error: ").unwrap_or(&detail).to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_history_is_a_folder_and_another_backend_is_refused_before_anything_is_made() {
        assert_eq!(
            folder_of("/srv/history").unwrap(),
            Path::new("/srv/history")
        );
        assert_eq!(folder_of("local:/srv/h").unwrap(), Path::new("/srv/h"));
        assert_eq!(
            folder_of(r"C:\Backups\h").unwrap(),
            Path::new(r"C:\Backups\h")
        );
        assert_eq!(
            folder_of("relative history").unwrap(),
            Path::new("relative history")
        );
        for remote in [
            "sftp:me@nas:/srv/h",
            "s3:s3.amazonaws.com/bucket",
            "rclone:b2:bucket",
        ] {
            let refused = folder_of(remote).unwrap_err().to_string();
            assert!(refused.contains("is not supported yet"), "{refused}");
        }
        let refused = folder_of("rest:https://me:secret@nas:8000/h").unwrap_err();
        let said = refused.to_string();
        assert!(
            !said.contains("secret") && said.contains("me:***@nas"),
            "{said}"
        );
    }
}
