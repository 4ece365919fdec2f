//! The core as a host sets it up: which Google (the real one, an emulator at a URL, or one
//! started in-process for demo mode), which OAuth client, which secret store, which data dir
//! and backup folder — the same choices for the CLI's global options and the app's settings,
//! made once here so that neither rebuilds the store, the API client or the clock. A host
//! reads through [`Session::records`] (which works beside another process running the engine)
//! and backs up through the engine it gets from [`Session::engine`] ([`Engine::backup`]).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::api::{ApiError, DataPortability};
#[cfg(feature = "demo")]
use crate::auth::Demo;
use crate::auth::{Auth, ClientConfig, ClientConfigError, EndpointError, Endpoints, SecretStore};
use crate::clock::{Clock, SystemClock};
use crate::download::{DownloadError, DownloadOptions, Downloader};
use crate::engine::{
    Coverage, Engine, EngineError, EngineParts, ExportRow, Exports, Warning, Warnings,
};
use crate::files::private::Tightening;
use crate::history::{HistoryError, HistoryPlace, Location, PasswordSource, Retention};
use crate::store::{Store, StoreError};

/// The one-off task of [`make_private`], as the state database records it.
const MADE_PRIVATE: &str = "made_private";

/// Earlier versions made the data dir and the backups with the default umask (folders 0755,
/// files 0644 on most systems): the first session of this version takes group's and others'
/// access away from them.
fn make_private(data_dir: &Path, backup_dir: &Path) {
    let mut tightening = Tightening::default();
    tightening.tree(data_dir);
    crate::library::tighten(backup_dir, &mut tightening);
    if tightening.changed > 0 {
        tracing::info!(
            "{} folders and files in {} and {} were open to other users; now only their owner \
             may use them",
            tightening.changed,
            data_dir.display(),
            backup_dir.display()
        );
    }
    if let Some(error) = tightening.failure {
        tracing::warn!("some folders or files could not be made private: {error}");
    }
}

/// Where Carryout keeps its state when not told otherwise: the platform's data folder, the
/// same for the app and the command line.
pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("app", "Carryout", "Carryout")
        .map(|dirs| dirs.data_dir().to_path_buf())
}

/// Which Google the session talks to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    Google,
    /// An emulator already running at this base URL.
    Emulator(String),
    /// An emulator started inside this process, living as long as the session, with a
    /// throwaway profile: its own data dir (removed when the session drops) and secrets in
    /// memory, so that nothing of it reaches the person's real profile.
    #[cfg(feature = "demo")]
    Demo,
}

/// Where refresh tokens are kept. A data dir keeps them in one store, the one its first
/// session chose: a session asking for the other is refused ([`SessionError::OtherSecretStore`]),
/// as it would find none of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretsChoice {
    /// The system keychain.
    Keychain,
    /// A file in the data dir only its owner can read: an explicit opt-in for machines
    /// without a keychain.
    File,
}

impl SecretsChoice {
    fn kind(self) -> &'static str {
        match self {
            SecretsChoice::Keychain => "keychain",
            SecretsChoice::File => "file",
        }
    }

    fn describe(kind: &str) -> &'static str {
        match kind {
            "file" => "a file in the data folder (--secrets file)",
            _ => "the system keychain (--secrets keychain, the app's choice)",
        }
    }
}

#[derive(Debug, Clone)]
pub struct SessionOptions {
    /// The person's profile; demo mode leaves it alone.
    pub data_dir: PathBuf,
    pub backend: Backend,
    /// A `client_secret_*.json`; without it an emulator's own client is used (the real Google
    /// needs one).
    pub client_file: Option<PathBuf>,
    pub secrets: SecretsChoice,
    /// Where backups go; `None`: [`crate::library::default_backup_dir`] (in demo mode, a folder
    /// of the throwaway profile).
    pub backup_dir: Option<PathBuf>,
    /// Whether and where verified exports are also kept as snapshots.
    pub history: HistoryChoice,
}

/// Whether every verified export is also kept in the history (a restic repository), where,
/// and with which password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HistoryChoice {
    /// No history at all (`--no-history`, a demo told so).
    Off,
    /// New exports stay in the backup folder only; what the history at `location` (`None`:
    /// beside the backup folder) holds stays readable — listed, compared, restored.
    Stopped { location: Option<Location> },
    Keep {
        /// The repository; `None`: beside the backup folder ([`crate::history::beside`]).
        location: Option<Location>,
        /// A file holding its password; `None`: made once and kept with the sign-in tokens.
        password_file: Option<PathBuf>,
        /// What is kept after each export stored.
        retention: Retention,
    },
}

impl Default for HistoryChoice {
    fn default() -> Self {
        Self::Keep {
            location: None,
            password_file: None,
            retention: Retention::default(),
        }
    }
}

impl HistoryChoice {
    /// The history's place for a profile whose secrets are in `secrets`.
    pub fn place(
        &self,
        backup_dir: &Path,
        secrets: &SecretStore,
    ) -> Result<Option<HistoryPlace>, HistoryError> {
        let (location, password_file, retention) = match self {
            HistoryChoice::Off => return Ok(None),
            HistoryChoice::Stopped { location } => (location, &None, Retention::default()),
            HistoryChoice::Keep {
                location,
                password_file,
                retention,
            } => (location, password_file, *retention),
        };
        let password = match password_file {
            Some(file) => PasswordSource::File(file.clone()),
            None => PasswordSource::Kept(secrets.clone()),
        };
        // A server that asks for a password and was named without one: the one kept for it.
        let location = match location {
            Some(Location::Rest(server)) if server.user.is_some() && server.password.is_none() => {
                let kept =
                    secrets
                        .history_server_password()
                        .map_err(|error| HistoryError::Password {
                            detail: error.to_string(),
                        })?;
                Some(Location::Rest(server.clone()).signed_in_with(None, kept))
            }
            other => other.clone(),
        };
        HistoryPlace::new(location, backup_dir, password, retention).map(Some)
    }

    /// Whether new exports go into the history.
    pub fn keeps_new(&self) -> bool {
        matches!(self, HistoryChoice::Keep { .. })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error(
        "no OAuth client: import the client_secret_*.json of your \"Desktop app\" OAuth client \
         (Google Cloud Console → Credentials), or try demo mode"
    )]
    NoClient,
    #[error("no home folder found to put backups in: choose a backup folder")]
    NoBackupDir,
    #[cfg(feature = "demo")]
    #[error("could not create demo mode's temporary profile: {0}")]
    DemoProfile(#[source] std::io::Error),
    #[error(transparent)]
    Client(#[from] ClientConfigError),
    #[error(transparent)]
    Endpoints(#[from] EndpointError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("could not set up the API client: {0}")]
    Api(#[from] ApiError),
    #[error(
        "the sign-ins of {data_dir} are kept in {kept}, not in {asked}: use that one, or \
         another data folder (--data-dir) for a separate set of sign-ins"
    )]
    OtherSecretStore {
        data_dir: PathBuf,
        kept: &'static str,
        asked: &'static str,
    },
    #[error(transparent)]
    History(#[from] HistoryError),
}

/// The secret store a data dir keeps its sign-ins in, refused when it is not the one chosen.
pub fn secret_store(
    store: &Store,
    data_dir: &Path,
    choice: SecretsChoice,
) -> Result<SecretStore, SessionError> {
    let kept = store.secret_keeper(choice.kind())?;
    if kept != choice.kind() {
        return Err(SessionError::OtherSecretStore {
            data_dir: data_dir.to_path_buf(),
            kept: SecretsChoice::describe(&kept),
            asked: SecretsChoice::describe(choice.kind()),
        });
    }
    Ok(match choice {
        SecretsChoice::Keychain => SecretStore::keychain(store.installation_id()?),
        SecretsChoice::File => SecretStore::file_in(data_dir),
    })
}

/// Everything the core's operations need, set up once per host.
pub struct Session {
    pub auth: Arc<Auth>,
    pub store: Store,
    pub api: DataPortability,
    /// The system clock; with an emulator, the emulator's (its jobs may run faster).
    pub clock: Arc<dyn Clock>,
    /// The history: where verified exports are also kept, or were kept until it was stopped;
    /// `None` when it is off.
    pub history: Option<HistoryPlace>,
    /// Whether the engine keeps new exports in [`Self::history`].
    pub keeps_history: bool,
    /// The history as the Library reads it, opened once: opening derives the key from the
    /// password, slow on purpose.
    pub(crate) history_read: std::sync::Mutex<Option<crate::history::History>>,
    /// The profile in use: the person's, or demo mode's throwaway one.
    pub data_dir: PathBuf,
    pub backup_dir: PathBuf,
    /// In demo mode, the emulator the session talks to.
    #[cfg(feature = "demo")]
    pub demo: Option<Demo>,
    /// Demo mode's profile, held for its `Drop`, which removes it when the session drops.
    /// Declared last so that it outlives every field holding its database open.
    #[cfg(feature = "demo")]
    throwaway: Option<tempfile::TempDir>,
}

impl Session {
    pub async fn open(options: &SessionOptions) -> Result<Self, SessionError> {
        let client_file = options
            .client_file
            .as_deref()
            .map(ClientConfig::load)
            .transpose()?;
        let (endpoints, client, clock): (_, _, Arc<dyn Clock>) = match &options.backend {
            #[cfg(feature = "demo")]
            Backend::Demo => return Self::open_demo(options, client_file).await,
            Backend::Emulator(url) => {
                let endpoints = Endpoints::emulator(url)?;
                let http = reqwest::Client::new();
                let client = match client_file {
                    Some(client) => client,
                    None => endpoints.emulator_client(&http).await?,
                };
                let clock = Arc::new(endpoints.emulator_clock(&http).await?);
                (endpoints, client, clock)
            }
            Backend::Google => (
                Endpoints::google(),
                client_file.ok_or(SessionError::NoClient)?,
                Arc::new(SystemClock),
            ),
        };
        let store = Store::open(&options.data_dir)?;
        let secrets = secret_store(&store, &options.data_dir, options.secrets)?;
        let backup_dir = match &options.backup_dir {
            Some(dir) => dir.clone(),
            None => crate::library::default_backup_dir().ok_or(SessionError::NoBackupDir)?,
        };
        Self::assemble(
            &client, &endpoints, store, secrets, clock, options, backup_dir,
        )
    }

    /// Demo mode: an emulator in this process and a throwaway profile, whatever the options
    /// say about the person's data dir and secret store.
    #[cfg(feature = "demo")]
    async fn open_demo(
        options: &SessionOptions,
        client_file: Option<ClientConfig>,
    ) -> Result<Self, SessionError> {
        let demo = Demo::start().await?;
        let client = client_file.unwrap_or_else(|| demo.client.clone());
        let profile = tempfile::Builder::new()
            .prefix("carryout-demo-")
            .tempdir()
            .map_err(SessionError::DemoProfile)?;
        let backup_dir = match &options.backup_dir {
            Some(dir) => dir.clone(),
            None => profile.path().join("backups"),
        };
        // The demo's history is its own too: in its profile, whatever backup folder,
        // repository or password file the options name, its password in memory. A history
        // beside a backup folder the person named would outlive the password that opens it.
        let own = Some(Location::Folder(profile.path().join("history")));
        let history = match &options.history {
            HistoryChoice::Off => HistoryChoice::Off,
            HistoryChoice::Stopped { .. } => HistoryChoice::Stopped { location: own },
            HistoryChoice::Keep { retention, .. } => HistoryChoice::Keep {
                location: own,
                password_file: None,
                retention: *retention,
            },
        };
        let options = SessionOptions {
            data_dir: profile.path().to_path_buf(),
            history,
            ..options.clone()
        };
        let mut session = Self::assemble(
            &client,
            &demo.endpoints,
            Store::open(profile.path())?,
            SecretStore::memory(),
            Arc::new(demo.clock()),
            &options,
            backup_dir,
        )?;
        if let Some(place) = &mut session.history {
            place.cache_dir = profile.path().join("history-cache");
        }
        session.demo = Some(demo);
        session.throwaway = Some(profile);
        Ok(session)
    }

    fn assemble(
        client: &ClientConfig,
        endpoints: &Endpoints,
        store: Store,
        secrets: SecretStore,
        clock: Arc<dyn Clock>,
        options: &SessionOptions,
        backup_dir: PathBuf,
    ) -> Result<Self, SessionError> {
        let data_dir = options.data_dir.clone();
        store.once(MADE_PRIVATE, || make_private(&data_dir, &backup_dir))?;
        let history = options.history.place(&backup_dir, &secrets)?;
        let auth = Auth::new(client, endpoints, store.clone(), secrets, clock.clone())?;
        Ok(Self {
            history,
            keeps_history: options.history.keeps_new(),
            history_read: std::sync::Mutex::default(),
            api: auth.api().clone(),
            auth: Arc::new(auth),
            store,
            clock,
            data_dir,
            backup_dir,
            #[cfg(feature = "demo")]
            demo: None,
            #[cfg(feature = "demo")]
            throwaway: None,
        })
    }

    /// Demo mode's throwaway profile (its database and, unless told otherwise, its backups),
    /// which goes when the session drops; a host that may outlive its own drops (an app's
    /// state at exit) removes it itself.
    pub fn throwaway_dir(&self) -> Option<&std::path::Path> {
        #[cfg(feature = "demo")]
        return self.throwaway.as_ref().map(tempfile::TempDir::path);
        #[cfg(not(feature = "demo"))]
        None
    }

    /// What this data dir holds, read alone: also while another process runs the engine.
    pub fn records(&self) -> Records {
        Records {
            store: self.store.clone(),
        }
    }

    /// The export engine of this session's data dir; [`EngineError::Elsewhere`] while
    /// another process runs it.
    pub fn engine(&self, downloads: DownloadOptions) -> Result<Engine, EngineError> {
        let downloader = Downloader::new(self.store.clone(), self.clock.clone(), downloads)
            .map_err(|error| match error {
                DownloadError::Store(store) => EngineError::Store(store),
                other => EngineError::Io {
                    path: self.backup_dir.clone(),
                    source: std::io::Error::other(other.to_string()),
                },
            })?;
        Engine::new(EngineParts {
            store: self.store.clone(),
            auth: self.auth.clone(),
            api: self.api.clone(),
            downloader,
            clock: self.clock.clone(),
            backup_dir: self.backup_dir.clone(),
            data_dir: self.data_dir.clone(),
            history: self.history.clone().filter(|_| self.keeps_history),
        })
    }
}

/// The read side of a data dir — exports, warnings, what the backups cover — from the state
/// database alone: no Google, no engine, so it works beside a running app or `carryout run`.
#[derive(Clone)]
pub struct Records {
    store: Store,
}

impl Records {
    /// The records of `data_dir`, without a session (no OAuth client needed).
    pub fn open(data_dir: &Path) -> Result<Self, StoreError> {
        Ok(Self {
            store: Store::open(data_dir)?,
        })
    }

    /// Every export, newest first.
    pub fn exports(&self) -> Result<Vec<ExportRow>, StoreError> {
        Exports::new(self.store.clone()).all()
    }

    /// The warnings not yet dismissed.
    pub fn warnings(&self) -> Result<Vec<Warning>, StoreError> {
        Warnings::new(self.store.clone()).current()
    }

    /// Dismisses a warning as of `now`; not found when there is none by that id (any more).
    pub fn dismiss_warning(&self, id: i64, now: DateTime<Utc>) -> Result<(), EngineError> {
        match Warnings::new(self.store.clone()).dismiss(id, now)? {
            true => Ok(()),
            false => Err(EngineError::UnknownWarning(id)),
        }
    }

    /// What each group's verified exports cover (one group, or all).
    pub fn coverage(&self, group: Option<&str>) -> Result<Vec<Coverage>, StoreError> {
        crate::engine::coverage(&Exports::new(self.store.clone()), group)
    }
}
