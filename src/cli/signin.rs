//! What sign-in commands share: the endpoints and OAuth client the global options choose,
//! the secret store, and the core's `Auth` built from them.

use std::sync::Arc;

use carryout::auth::{Auth, ClientConfig, Demo, Endpoints, SecretStore, secrets};
use carryout::clock::SystemClock;
use carryout::store::Store;

use super::Global;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SecretsChoice {
    /// The system keychain (macOS Keychain, Windows Credential Manager, Secret Service).
    Keyring,
    /// A file in the data dir readable only by you, for machines without a keychain.
    File,
}

/// An `Auth` and, in demo mode, the emulator it talks to (kept running as long as this lives).
pub struct Session {
    pub auth: Auth,
    _demo: Option<Demo>,
}

pub fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Runtime::new().map_err(|e| format!("cannot start the async runtime: {e}"))
}

pub async fn connect(global: &Global) -> Result<Session, String> {
    let data_dir = global.data_dir()?;
    let store = Store::open(&data_dir).map_err(|e| e.to_string())?;
    let secrets = match global.secrets {
        SecretsChoice::Keyring => SecretStore::Keychain,
        SecretsChoice::File => {
            eprintln!("{}", secrets::FILE_STORE_WARNING);
            SecretStore::file_in(&data_dir)
        }
    };
    let client_file = global
        .client_secret
        .as_deref()
        .map(ClientConfig::load)
        .transpose()
        .map_err(|e| e.to_string())?;
    let (endpoints, client, demo) = if global.demo {
        let demo = Demo::start().await.map_err(|e| e.to_string())?;
        eprintln!(
            "demo mode: using an emulated Google at {} (nothing leaves this machine)",
            demo.emulator.base_url()
        );
        let client = client_file.unwrap_or_else(|| demo.client.clone());
        (demo.endpoints.clone(), client, Some(demo))
    } else if let Some(url) = &global.emulator {
        let endpoints = Endpoints::emulator(url).map_err(|e| e.to_string())?;
        let client = match client_file {
            Some(client) => client,
            None => endpoints
                .emulator_client(&reqwest::Client::new())
                .await
                .map_err(|e| e.to_string())?,
        };
        (endpoints, client, None)
    } else {
        let client = client_file.ok_or(
            "no OAuth client: pass --client-secret FILE (the client_secret_*.json of your \
             \"Desktop app\" OAuth client from Google Cloud Console → Credentials), or try \
             --demo",
        )?;
        (Endpoints::google(), client, None)
    };
    let auth = Auth::new(&client, &endpoints, store, secrets, Arc::new(SystemClock))
        .map_err(|e| e.to_string())?;
    Ok(Session { auth, _demo: demo })
}
