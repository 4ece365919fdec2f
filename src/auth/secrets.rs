//! Where refresh tokens are kept: the OS keychain by default; a 0600 file in the data dir only
//! when asked for explicitly (headless machines without a keychain); memory in tests. Never a
//! silent fallback from the keychain to a file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::grants::GrantId;
use crate::files::private;
use crate::secret::{HistoryPassword, RefreshToken, ServerPassword};

/// The keychain service name entries are filed under.
const KEYCHAIN_SERVICE: &str = "app.carryout.Carryout";
/// The opt-in file store's name inside the data dir.
pub const SECRETS_FILE_NAME: &str = "secrets.json";
/// The history password's key; a grant's id always starts with `g-`.
const HISTORY_KEY: &str = "history";
/// The key of the password of the history's REST server, when it asks for one.
const HISTORY_SERVER_KEY: &str = "history-server";
/// The keys of the passwords given for repositories made elsewhere: this, then the location.
const GIVEN_HISTORY_KEY: &str = "history@";

/// A place for refresh tokens, keyed by grant id, and for the history repository's password.
#[derive(Clone)]
pub enum SecretStore {
    /// The OS keychain (macOS Keychain, Windows Credential Manager, Secret Service/keyutils),
    /// with entries filed under this data dir's installation id: every data dir of a user
    /// shares the keychain, and must not share entries.
    Keychain { installation: String },
    /// A JSON file readable only by its owner (mode 0600).
    File(PathBuf),
    /// Process memory only, for tests and the demo.
    Memory(Arc<Mutex<BTreeMap<String, String>>>),
}

/// Where the secrets are, never what they are.
impl std::fmt::Debug for SecretStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SecretStore::Keychain { installation } => {
                write!(f, "Keychain({installation})")
            }
            SecretStore::File(path) => write!(f, "File({})", path.display()),
            SecretStore::Memory(_) => f.write_str("Memory(<redacted>)"),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error(
        "the system keychain is not available ({0}); on a machine without one, pass \
         --secrets file to keep sign-in tokens in a file only you can read"
    )]
    Keychain(String),
    #[error("the secrets file {path} could not be used: {detail}")]
    File { path: String, detail: String },
    #[error("a sign-in token is already stored for grant {0}; it was left as it is")]
    Taken(GrantId),
}

/// The warning printed whenever the file store is chosen.
pub const FILE_STORE_WARNING: &str = "warning: --secrets file keeps sign-in tokens in a plain \
     file (readable only by you) instead of the system keychain; anyone with access to your \
     account or its backups can use them";

impl SecretStore {
    pub fn memory() -> Self {
        Self::Memory(Arc::default())
    }

    /// The file store in `data_dir`.
    pub fn file_in(data_dir: &Path) -> Self {
        Self::File(data_dir.join(SECRETS_FILE_NAME))
    }

    /// The keychain store of the data dir with this installation id
    /// ([`crate::store::Store::installation_id`]).
    pub fn keychain(installation: impl Into<String>) -> Self {
        Self::Keychain {
            installation: installation.into(),
        }
    }

    /// Stores the token of a new grant; refuses, changing nothing, when the grant already has
    /// one (its token must never be overwritten by another's).
    pub fn put_new(&self, grant: &GrantId, token: &RefreshToken) -> Result<(), SecretError> {
        if self.get(grant)?.is_some() {
            return Err(SecretError::Taken(grant.clone()));
        }
        self.put(grant, token)
    }

    pub fn put(&self, grant: &GrantId, token: &RefreshToken) -> Result<(), SecretError> {
        self.put_entry(grant.as_str(), token.expose())
    }

    pub fn get(&self, grant: &GrantId) -> Result<Option<RefreshToken>, SecretError> {
        Ok(self.get_entry(grant.as_str())?.map(RefreshToken::new))
    }

    pub fn delete(&self, grant: &GrantId) -> Result<(), SecretError> {
        self.delete_entry(grant.as_str())
    }

    /// The history repository's password: the one kept here, or — the first time — a new
    /// random one, kept before it is returned so that no repository is ever made with a
    /// password that was not kept.
    pub fn history_password(&self) -> Result<HistoryPassword, SecretError> {
        // One read-modify-write of the file: two processes making it at once agree on one.
        let _lock = match self {
            SecretStore::File(path) => Some(lock_file(path)?),
            _ => None,
        };
        if let Some(kept) = self.get_entry(HISTORY_KEY)? {
            return Ok(HistoryPassword::new(kept));
        }
        let made = HistoryPassword::random();
        match self {
            SecretStore::File(path) => {
                let mut all = read_file(path)?;
                all.insert(HISTORY_KEY.to_owned(), made.expose().to_owned());
                write_file(path, &all)?;
            }
            _ => self.put_entry(HISTORY_KEY, made.expose())?,
        }
        Ok(made)
    }

    /// The password the person gave for the repository at `location` (written without a
    /// server's password), made elsewhere; `None` for a repository made with
    /// [`Self::history_password`].
    pub fn given_history_password(
        &self,
        location: &str,
    ) -> Result<Option<HistoryPassword>, SecretError> {
        let key = format!("{GIVEN_HISTORY_KEY}{location}");
        Ok(self.get_entry(&key)?.map(HistoryPassword::new))
    }

    /// Keeps the password that opens the repository at `location`, made elsewhere. The
    /// password made for this profile stays as it is, for the repositories made with it.
    pub fn keep_given_history_password(
        &self,
        location: &str,
        password: &HistoryPassword,
    ) -> Result<(), SecretError> {
        self.put_entry(&format!("{GIVEN_HISTORY_KEY}{location}"), password.expose())
    }

    /// The password kept for the history's REST server, if any.
    pub fn history_server_password(&self) -> Result<Option<ServerPassword>, SecretError> {
        Ok(self.get_entry(HISTORY_SERVER_KEY)?.map(ServerPassword::new))
    }

    /// Keeps `password` for the history's REST server, or forgets the one kept (`None`).
    pub fn keep_history_server_password(
        &self,
        password: Option<&ServerPassword>,
    ) -> Result<(), SecretError> {
        match password {
            Some(password) => self.put_entry(HISTORY_SERVER_KEY, password.expose()),
            None => self.delete_entry(HISTORY_SERVER_KEY),
        }
    }

    fn put_entry(&self, key: &str, value: &str) -> Result<(), SecretError> {
        match self {
            SecretStore::Keychain { installation } => keychain_entry(installation, key)?
                .set_password(value)
                .map_err(|e| SecretError::Keychain(e.to_string())),
            SecretStore::File(path) => {
                let _lock = lock_file(path)?;
                let mut all = read_file(path)?;
                all.insert(key.to_owned(), value.to_owned());
                write_file(path, &all)
            }
            SecretStore::Memory(map) => {
                lock(map).insert(key.to_owned(), value.to_owned());
                Ok(())
            }
        }
    }

    fn delete_entry(&self, key: &str) -> Result<(), SecretError> {
        match self {
            SecretStore::Keychain { installation } => {
                match keychain_entry(installation, key)?.delete_credential() {
                    Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
                    Err(e) => Err(SecretError::Keychain(e.to_string())),
                }
            }
            SecretStore::File(path) => {
                let _lock = lock_file(path)?;
                let mut all = read_file(path)?;
                if all.remove(key).is_some() {
                    write_file(path, &all)?;
                }
                Ok(())
            }
            SecretStore::Memory(map) => {
                lock(map).remove(key);
                Ok(())
            }
        }
    }

    fn get_entry(&self, key: &str) -> Result<Option<String>, SecretError> {
        match self {
            SecretStore::Keychain { installation } => {
                match keychain_entry(installation, key)?.get_password() {
                    Ok(value) => Ok(Some(value)),
                    Err(keyring::Error::NoEntry) => Ok(None),
                    Err(e) => Err(SecretError::Keychain(e.to_string())),
                }
            }
            SecretStore::File(path) => Ok(read_file(path)?.remove(key)),
            SecretStore::Memory(map) => Ok(lock(map).get(key).cloned()),
        }
    }
}

fn keychain_entry(installation: &str, key: &str) -> Result<keyring::Entry, SecretError> {
    keyring::Entry::new(KEYCHAIN_SERVICE, &keychain_account(installation, key))
        .map_err(|e| SecretError::Keychain(e.to_string()))
}

/// The keychain entry's account name: the data dir's installation id, then the grant's id (or
/// [`HISTORY_KEY`]).
fn keychain_account(installation: &str, key: &str) -> String {
    format!("{installation}/{key}")
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn file_error(path: &Path, detail: impl ToString) -> SecretError {
    SecretError::File {
        path: path.display().to_string(),
        detail: detail.to_string(),
    }
}

/// Holds `<secrets file>.lock` for one read-modify-write of the secrets file, so that two
/// processes on one data dir (the app and the CLI) never lose each other's changes. Released
/// when dropped.
fn lock_file(path: &Path) -> Result<std::fs::File, SecretError> {
    let lock = private::file_options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path.with_extension("json.lock"))
        .map_err(|e| file_error(path, e))?;
    // Through the trait: `File::lock` of std is newer than the supported Rust.
    fs4::FileExt::lock(&lock).map_err(|e| file_error(path, e))?;
    Ok(lock)
}

fn read_file(path: &Path) -> Result<BTreeMap<String, String>, SecretError> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            // serde's message could quote a token: say only where.
            .map_err(|e| file_error(path, format!("not valid JSON at line {}", e.line()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
        Err(e) => Err(file_error(path, e)),
    }
}

/// Writes the whole map to a new 0600 file and renames it over the old one, so the file is
/// never readable by others, even for a moment, and never half-written.
fn write_file(path: &Path, all: &BTreeMap<String, String>) -> Result<(), SecretError> {
    use std::io::Write;
    let temporary = path.with_extension("json.tmp");
    let mut file = private::file_options()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&temporary)
        .map_err(|e| file_error(path, e))?;
    #[cfg(unix)]
    {
        // `mode` only applies when creating; a leftover temporary file keeps its old mode.
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(|e| file_error(path, e))?;
    }
    let json = serde_json::to_vec_pretty(all).expect("a string map serialises");
    file.write_all(&json)
        .and_then(|()| file.sync_all())
        .map_err(|e| file_error(path, e))?;
    std::fs::rename(&temporary, path).map_err(|e| file_error(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_store_keeps_tokens_in_an_owner_only_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = SecretStore::file_in(dir.path());
        let grant = GrantId("g-1".into());
        assert!(store.get(&grant).unwrap().is_none());
        store.put(&grant, &RefreshToken::new("1//secret")).unwrap();
        assert_eq!(store.get(&grant).unwrap().unwrap().expose(), "1//secret");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(SECRETS_FILE_NAME))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        store.delete(&grant).unwrap();
        assert!(store.get(&grant).unwrap().is_none());
    }

    #[test]
    fn a_new_grant_never_overwrites_a_stored_token() {
        let store = SecretStore::memory();
        let grant = GrantId("g-1".into());
        store
            .put_new(&grant, &RefreshToken::new("1//first"))
            .unwrap();
        let error = store
            .put_new(&grant, &RefreshToken::new("1//second"))
            .unwrap_err();
        assert!(matches!(error, SecretError::Taken(_)), "{error}");
        assert_eq!(store.get(&grant).unwrap().unwrap().expose(), "1//first");
    }

    #[test]
    fn the_history_password_is_made_once_and_kept_beside_the_tokens() {
        let dir = tempfile::tempdir().unwrap();
        let store = SecretStore::file_in(dir.path());
        let grant = GrantId("g-1".into());
        store.put(&grant, &RefreshToken::new("1//secret")).unwrap();
        let made = store.history_password().unwrap();
        assert!(made.expose().len() >= 40, "a strong password");
        let again = SecretStore::file_in(dir.path()).history_password().unwrap();
        assert_eq!(again.expose(), made.expose(), "kept, not made again");
        assert_eq!(store.get(&grant).unwrap().unwrap().expose(), "1//secret");
        let other = tempfile::tempdir().unwrap();
        let elsewhere = SecretStore::file_in(other.path())
            .history_password()
            .unwrap();
        assert_ne!(elsewhere.expose(), made.expose(), "each profile its own");
    }

    #[test]
    fn a_password_given_for_a_repository_made_elsewhere_is_kept_for_that_place_alone() {
        let dir = tempfile::tempdir().unwrap();
        let store = SecretStore::file_in(dir.path());
        let made = store.history_password().unwrap();
        let given = HistoryPassword::new("made on the old laptop");
        store
            .keep_given_history_password("/mnt/nas/history", &given)
            .unwrap();
        let again = SecretStore::file_in(dir.path());
        let kept = again.given_history_password("/mnt/nas/history").unwrap();
        assert_eq!(kept.unwrap().expose(), given.expose());
        assert!(
            again
                .given_history_password("/srv/other")
                .unwrap()
                .is_none()
        );
        assert_eq!(again.history_password().unwrap().expose(), made.expose());
    }

    #[test]
    fn a_store_shown_for_debugging_shows_no_secret() {
        let store = SecretStore::memory();
        store
            .put(&GrantId("g-1".into()), &RefreshToken::new("1//secret"))
            .unwrap();
        let password = store.history_password().unwrap();
        let shown = format!("{store:?}");
        assert!(
            !shown.contains("1//secret") && !shown.contains(password.expose()),
            "{shown}"
        );
    }

    #[test]
    fn two_data_dirs_file_the_same_grant_under_different_keychain_entries() {
        let grant = GrantId("g-1".into());
        assert_ne!(
            keychain_account("installation-a", grant.as_str()),
            keychain_account("installation-b", grant.as_str())
        );
    }
}
