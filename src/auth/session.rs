//! Sign-in as a host sets it up: which Google (the real one, an emulator at a URL, or one
//! started in-process for demo mode), which OAuth client, which secret store — the same choices
//! for the CLI's global options and the app's settings.

use std::path::PathBuf;
use std::sync::Arc;

use super::{Auth, ClientConfig, ClientConfigError, Demo, EndpointError, Endpoints, SecretStore};
use crate::api::ApiError;
use crate::clock::SystemClock;
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
}

/// A ready `Auth` and, in demo mode, the emulator it talks to.
pub struct Session {
    pub auth: Auth,
    pub demo: Option<Demo>,
}

impl Session {
    pub async fn open(options: &SessionOptions) -> Result<Self, SessionError> {
        let store = Store::open(&options.data_dir)?;
        let secrets = match options.secrets {
            SecretsChoice::Keychain => SecretStore::keychain(store.installation_id()?),
            SecretsChoice::File => SecretStore::file_in(&options.data_dir),
        };
        let client_file = options
            .client_file
            .as_deref()
            .map(ClientConfig::load)
            .transpose()?;
        let (endpoints, client, demo) = match &options.backend {
            Backend::Demo => {
                let demo = Demo::start().await?;
                let client = client_file.unwrap_or_else(|| demo.client.clone());
                (demo.endpoints.clone(), client, Some(demo))
            }
            Backend::Emulator(url) => {
                let endpoints = Endpoints::emulator(url)?;
                let client = match client_file {
                    Some(client) => client,
                    None => endpoints.emulator_client(&reqwest::Client::new()).await?,
                };
                (endpoints, client, None)
            }
            Backend::Google => (
                Endpoints::google(),
                client_file.ok_or(SessionError::NoClient)?,
                None,
            ),
        };
        let auth = Auth::new(&client, &endpoints, store, secrets, Arc::new(SystemClock))?;
        Ok(Self { auth, demo })
    }
}
