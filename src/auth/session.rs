//! Sign-in as a host sets it up: which Google (the real one, an emulator at a URL, or one
//! started in-process for demo mode), which OAuth client, which secret store — the same choices
//! for the CLI's global options and the app's settings.

use std::path::PathBuf;
use std::sync::Arc;

use super::{Auth, ClientConfig, ClientConfigError, Demo, EndpointError, Endpoints, SecretStore};
use crate::api::{ApiError, DataPortability};
use crate::clock::{Clock, SystemClock};
use crate::download::{DownloadError, DownloadOptions, Downloader};
use crate::engine::{Engine, EngineError, EngineParts};
use crate::store::{Store, StoreError};

/// Which Google the session talks to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    Google,
    /// An emulator already running at this base URL.
    Emulator(String),
    /// An emulator started inside this process, living as long as the session.
    Demo,
}

/// Where refresh tokens are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretsChoice {
    /// The system keychain.
    Keychain,
    /// A file in the data dir only its owner can read: an explicit opt-in for machines
    /// without a keychain.
    File,
}

#[derive(Debug, Clone)]
pub struct SessionOptions {
    pub data_dir: PathBuf,
    pub backend: Backend,
    /// A `client_secret_*.json`; without it an emulator's own client is used (the real Google
    /// needs one).
    pub client_file: Option<PathBuf>,
    pub secrets: SecretsChoice,
    /// Where backups go; `None`: [`default_backup_dir`].
    pub backup_dir: Option<PathBuf>,
}

/// Where Carryout keeps its state when not told otherwise: the platform's data folder, the
/// same for the app and the command line.
pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("app", "Carryout", "Carryout")
        .map(|d| d.data_dir().to_path_buf())
}

/// "Carryout" in the person's Documents folder (their home folder when there is none).
pub fn default_backup_dir() -> Option<PathBuf> {
    let user = directories::UserDirs::new()?;
    Some(
        user.document_dir()
            .unwrap_or_else(|| user.home_dir())
            .join("Carryout"),
    )
}

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error(
        "no OAuth client: import the client_secret_*.json of your \"Desktop app\" OAuth client \
         (Google Cloud Console → Credentials), or try demo mode"
    )]
    NoClient,
    #[error(transparent)]
    Client(#[from] ClientConfigError),
    #[error(transparent)]
    Endpoints(#[from] EndpointError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("could not set up the API client: {0}")]
    Api(#[from] ApiError),
    #[error("no home folder found to put backups in: choose a backup folder")]
    NoBackupDir,
}

/// Everything a host needs from the core, set up once: sign-in, the state database, the API
/// client, the clock, the backup folder and, in demo mode, the emulator they talk to.
pub struct Session {
    pub auth: Arc<Auth>,
    pub store: Store,
    pub api: DataPortability,
    /// The system clock; in demo mode the emulator's (its jobs run faster).
    pub clock: Arc<dyn Clock>,
    pub data_dir: PathBuf,
    pub backup_dir: PathBuf,
    pub demo: Option<Demo>,
}

impl Session {
    pub async fn open(options: &SessionOptions) -> Result<Self, SessionError> {
        let store = Store::open(&options.data_dir)?;
        let secrets = match options.secrets {
            SecretsChoice::Keychain => SecretStore::Keychain,
            SecretsChoice::File => SecretStore::file_in(&options.data_dir),
        };
        let client_file = options
            .client_file
            .as_deref()
            .map(ClientConfig::load)
            .transpose()?;
        let (endpoints, client, demo, clock): (_, _, _, Arc<dyn Clock>) = match &options.backend {
            Backend::Demo => {
                let demo = Demo::start().await?;
                let client = client_file.unwrap_or_else(|| demo.client.clone());
                let clock = Arc::new(demo.clock());
                (demo.endpoints.clone(), client, Some(demo), clock)
            }
            Backend::Emulator(url) => {
                let endpoints = Endpoints::emulator(url)?;
                let http = reqwest::Client::new();
                let client = match client_file {
                    Some(client) => client,
                    None => endpoints.emulator_client(&http).await?,
                };
                let clock = Arc::new(endpoints.emulator_clock(&http).await?);
                (endpoints, client, None, clock)
            }
            Backend::Google => (
                Endpoints::google(),
                client_file.ok_or(SessionError::NoClient)?,
                None,
                Arc::new(SystemClock),
            ),
        };
        let backup_dir = match &options.backup_dir {
            Some(dir) => dir.clone(),
            None => default_backup_dir().ok_or(SessionError::NoBackupDir)?,
        };
        let auth = Auth::new(&client, &endpoints, store.clone(), secrets, clock.clone())?;
        Ok(Self {
            auth: Arc::new(auth),
            store,
            api: DataPortability::new(endpoints.api.clone(), clock.clone())?,
            clock,
            data_dir: options.data_dir.clone(),
            backup_dir,
            demo,
        })
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
        })
    }
}
