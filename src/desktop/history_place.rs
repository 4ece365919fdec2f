//! Where the history goes, chosen in Settings: a folder, or a REST server (or an rclone remote).
//! A server is checked before it is kept: an address restic reads, a server that answers and
//! takes the sign-in. The preferences keep its address without the password; the password goes
//! into the secret store of the person's own profile (the keychain), where the session finds it
//! at the next start, and leaves it with the server. One place at a time.
//!
//! A place that already holds a repository is opened to see whether the password Carryout has
//! opens it; one made elsewhere (another computer, restic itself) asks for its own password,
//! which is checked against it and kept for that place in the secret store.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::auth::SecretStore;
use crate::desktop::preferences::{self, Preferences};
use crate::failure::{Failure, Problem};
use crate::history::{History, HistoryError, HistoryPlace, Location, default_cache_dir};
use crate::library::default_backup_dir;
use crate::secret::{HistoryPassword, ServerPassword};
use crate::session::{SessionOptions, secret_store};
use crate::store::Store;

/// What the place chosen for the history holds (IPC.md `Repository`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Repository {
    /// No repository yet: one is made there, with this profile's password, at the next start.
    New,
    /// A repository that the password Carryout has for it opens.
    Opens,
    /// A repository made with another password (elsewhere): the person gives it.
    NeedsPassword,
}

/// What Settings learned of the place chosen (IPC.md `ChosenPlace`).
#[derive(Debug, Serialize)]
pub struct ChosenPlace {
    /// The preferences to keep: the place in them (a server's address without its password).
    pub preferences: Preferences,
    pub repository: Repository,
}

fn problem(error: HistoryError) -> Problem {
    Problem::new(error.failure(), error)
}

fn secrets(options: &SessionOptions) -> Result<SecretStore, Problem> {
    let store = Store::open(&options.data_dir)?;
    Ok(secret_store(&store, &options.data_dir, options.secrets)?)
}

/// The backup folder the history keeps apart from (and beside, by default): the one of the
/// profile in use, else the one the preferences name.
fn backup_dir(in_use: Option<PathBuf>, preferences: &Preferences) -> Option<PathBuf> {
    in_use
        .or_else(|| preferences.backup_dir.clone())
        .or_else(default_backup_dir)
}

/// The history's place as the next start reads it from `preferences`, with the password the
/// profile has for it.
fn place(
    preferences: &Preferences,
    backup_dir: Option<&Path>,
    secrets: &SecretStore,
) -> Result<HistoryPlace, Problem> {
    let backup_dir = backup_dir
        .ok_or_else(|| Problem::new(Failure::Disk, "no backup folder to put the history beside"))?;
    let place = preferences.history_choice().place(backup_dir, secrets);
    place
        .map_err(problem)?
        .ok_or_else(|| Problem::new(Failure::Refused, "the history is off"))
}

/// What `place` holds, opened with the password the profile has for it.
fn repository(place: &HistoryPlace) -> Result<Repository, Problem> {
    match place.open() {
        Ok(None) => Ok(Repository::New),
        Ok(Some(_)) => Ok(Repository::Opens),
        Err(HistoryError::WrongPassword { .. }) => Ok(Repository::NeedsPassword),
        Err(other) => Err(problem(other)),
    }
}

/// Checks `password` against the repository at the place `preferences` name and keeps it for
/// that place: the history opens with it from the next start.
pub fn give_password(
    password: HistoryPassword,
    backup_dir_in_use: Option<PathBuf>,
    preferences: Preferences,
    options: &SessionOptions,
) -> Result<ChosenPlace, Problem> {
    let secrets = secrets(options)?;
    let backup_dir = backup_dir(backup_dir_in_use, &preferences);
    let place = place(&preferences, backup_dir.as_deref(), &secrets)?;
    let opened = History::open(&place.location, &password, &place.cache_dir).map_err(problem)?;
    if opened.is_none() {
        return Err(Problem::new(
            Failure::NotFound,
            format!(
                "{} holds no history yet: Carryout makes one there with its own password",
                place.location
            ),
        ));
    }
    let location = place.location.without_password();
    secrets
        .keep_given_history_password(&location, &password)
        .map_err(|e| Problem::new(Failure::Disk, e))?;
    Ok(ChosenPlace {
        preferences,
        repository: Repository::Opens,
    })
}

/// Checks the server at `address` (restic's `rest:https://user@host/path/`, or
/// `rclone:REMOTE:path`), signed in with `password` unless the address holds one, and keeps its
/// password in the secret store of the profile `options` open.
pub fn choose_server(
    address: &str,
    password: Option<ServerPassword>,
    mut preferences: Preferences,
    options: &SessionOptions,
) -> Result<ChosenPlace, Problem> {
    let (location, kept) = match Location::parse(address.trim()).map_err(problem)? {
        Location::Rest(mut server) => {
            server.password = server.password.or(password);
            let kept = server.password.clone();
            (Location::Rest(server), kept)
        }
        // rclone keeps its remotes' secrets in its own configuration.
        rclone @ Location::Rclone(_) => (rclone, None),
        Location::Folder(_) => {
            return Err(Problem::new(
                Failure::UnsuitableHistoryServer,
                "a server's address starts with rest:, as in rest:https://user@nas:8000/carryout/, \
                 and an rclone remote's with rclone: (a folder is chosen with Choose folder)",
            ));
        }
    };
    let holds_repository = History::exists_now(&location, &default_cache_dir()).map_err(problem)?;
    let secrets = secrets(options)?;
    secrets
        .keep_history_server_password(kept.as_ref())
        .map_err(|e| Problem::new(Failure::Disk, e))?;
    // One place at a time: a folder chosen before would come back unseen once the server goes.
    preferences.history_server = Some(location.without_password());
    preferences.history_dir = None;
    let repository = match holds_repository {
        true => {
            let backup_dir = backup_dir(None, &preferences);
            repository(&place(&preferences, backup_dir.as_deref(), &secrets)?)?
        }
        false => Repository::New,
    };
    Ok(ChosenPlace {
        preferences,
        repository,
    })
}

/// The folder `dir` the person chose in the system's dialog, when it can hold the history
/// ([`preferences::accept_history_dir`]) apart from the backup folder: the one of the profile in
/// use (`backup_dir_in_use`), else the one the preferences name. A server chosen before is let
/// go, its password forgotten.
pub fn choose_folder(
    dir: PathBuf,
    home: Option<PathBuf>,
    backup_dir_in_use: Option<PathBuf>,
    mut preferences: Preferences,
    options: &SessionOptions,
) -> Result<ChosenPlace, Problem> {
    let backup_dir = backup_dir(backup_dir_in_use, &preferences);
    let accepted = preferences::accept_history_dir(dir, home, backup_dir.as_deref())?;
    if preferences.history_server.take().is_some() {
        forget(options)?;
    }
    preferences.history_dir = Some(accepted);
    let place = place(&preferences, backup_dir.as_deref(), &secrets(options)?)?;
    Ok(ChosenPlace {
        repository: repository(&place)?,
        preferences,
    })
}

/// The server left the preferences: its password leaves the secret store too.
pub fn forget(options: &SessionOptions) -> Result<(), Problem> {
    secrets(options)?
        .keep_history_server_password(None)
        .map_err(|e| Problem::new(Failure::Disk, e))
}
