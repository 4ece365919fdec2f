//! Demo mode: Google's endpoints emulated inside this process, for trying Carryout without a
//! Google account. Behind the `demo` feature, so that a program embedding the core for backups
//! does not ship an emulator (and its unauthenticated control routes) it never starts.

use super::client_config::ClientConfig;
use super::endpoints::{EndpointError, Endpoints};
use crate::secret::ClientSecret;

/// An emulator running inside this process for `--demo`, with its endpoints and client.
///
/// The CLI demo auto-consents with 30-day access so it works without a browser; the consent
/// page can be had with a standalone emulator (`carryout-emulator`) and `--emulator URL`.
/// Its grants live only as long as the process: each run starts a fresh emulator.
pub struct Demo {
    pub emulator: carryout_emulator::Emulator,
    pub endpoints: Endpoints,
    pub client: ClientConfig,
}

impl Demo {
    pub async fn start() -> Result<Self, EndpointError> {
        let settings = carryout_emulator::Settings {
            auto_consent: true,
            access: carryout_emulator::AccessChoice::Days30,
            ..carryout_emulator::Settings::default()
        };
        let emulator = carryout_emulator::Emulator::start(settings)
            .await
            .map_err(|e| EndpointError::Demo(e.to_string()))?;
        let endpoints = Endpoints::emulator(&emulator.base_url())?;
        let control = emulator.control();
        let client = ClientConfig {
            client_id: control.client_id(),
            client_secret: ClientSecret::new(control.client_secret()),
        };
        Ok(Self {
            emulator,
            endpoints,
            client,
        })
    }
}
