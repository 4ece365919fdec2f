//! Where the history goes, chosen in Settings: a folder, or a REST server (or an rclone remote).
//! A server is checked before it is kept: an address restic reads, a server that answers and
//! takes the sign-in. The preferences keep its address without the password; the password goes
//! into the secret store of the person's own profile (the keychain), where the session finds it
//! at the next start, and leaves it with the server. One place at a time.

use std::path::PathBuf;

use serde::Serialize;

use crate::desktop::preferences::{self, Preferences};
use crate::failure::{Failure, Problem};
use crate::history::{History, HistoryError, Location, default_cache_dir};
use crate::library::default_backup_dir;
use crate::secret::ServerPassword;
use crate::session::{SessionOptions, secret_store};
use crate::store::Store;

/// What Settings learned of the server chosen (IPC.md `ChosenServer`).
#[derive(Debug, Serialize)]
pub struct ChosenServer {
    /// The preferences to keep: the server's address in them, without its password.
    pub preferences: Preferences,
    /// A restic repository is there already (opened with the history's password at the next
    /// start); else one is made there then.
    pub holds_repository: bool,
}

/// Checks the server at `address` (restic's `rest:https://user@host/path/`, or
/// `rclone:REMOTE:path`), signed in with `password` unless the address holds one, and keeps its
/// password in the secret store of the profile `options` open.
pub fn choose_server(
    address: &str,
    password: Option<ServerPassword>,
    mut preferences: Preferences,
    options: &SessionOptions,
) -> Result<ChosenServer, Problem> {
    let refused = |error: HistoryError| Problem::new(error.failure(), error);
    let (location, kept) = match Location::parse(address.trim()).map_err(refused)? {
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
    let holds_repository = History::exists_now(&location, &default_cache_dir()).map_err(refused)?;
    let store = Store::open(&options.data_dir)?;
    secret_store(&store, &options.data_dir, options.secrets)?
        .keep_history_server_password(kept.as_ref())
        .map_err(|e| Problem::new(Failure::Disk, e))?;
    // One place at a time: a folder chosen before would come back unseen once the server goes.
    preferences.history_server = Some(location.without_password());
    preferences.history_dir = None;
    Ok(ChosenServer {
        preferences,
        holds_repository,
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
) -> Result<Preferences, Problem> {
    let backup_dir = backup_dir_in_use
        .or_else(|| preferences.backup_dir.clone())
        .or_else(default_backup_dir);
    let accepted = preferences::accept_history_dir(dir, home, backup_dir.as_deref())?;
    if preferences.history_server.take().is_some() {
        forget(options)?;
    }
    preferences.history_dir = Some(accepted);
    Ok(preferences)
}

/// The server left the preferences: its password leaves the secret store too.
pub fn forget(options: &SessionOptions) -> Result<(), Problem> {
    let store = Store::open(&options.data_dir)?;
    secret_store(&store, &options.data_dir, options.secrets)?
        .keep_history_server_password(None)
        .map_err(|e| Problem::new(Failure::Disk, e))
}
