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
///
/// The demo's 24 h window of time-based access holds per group, as Google's documentation
/// implies, so a demo of every group finishes while a person watches. Under the stricter
/// per-client reading (the emulator's default, and what tests cover) the 73 groups' four
/// sign-ins take four days, one sign-in a day; that is Google's limit, not a demo's.
pub struct Demo {
    pub emulator: carryout_emulator::Emulator,
    pub endpoints: Endpoints,
    pub client: ClientConfig,
}

/// Emulator seconds per real second in demo mode: a 5-minute poll takes 5 seconds, so a
/// demo backup finishes while a person watches, on the very schedule real Google gets.
pub const DEMO_SPEED: f64 = 60.0;

impl Demo {
    pub async fn start() -> Result<Self, EndpointError> {
        let settings = carryout_emulator::Settings {
            auto_consent: true,
            access: carryout_emulator::AccessChoice::Days30,
            speed: DEMO_SPEED,
            cooldown: carryout_emulator::CooldownScope::PerResource,
            // Any web page in the person's browser could reach the port: no admin routes
            // (a debug build serves them to the tests that bring their token), and nothing
            // answered to another host name (DNS rebinding).
            control: crate::test_switch::var_os(crate::test_switch::DEMO_CONTROL_TOKEN)
                .and_then(|token| token.into_string().ok())
                .map_or(carryout_emulator::ControlAccess::Off, |token| {
                    carryout_emulator::ControlAccess::Token(token)
                }),
            own_host_only: true,
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

    /// Plays the person's browser for a sign-in link of this emulator's: it auto-consents, so
    /// following the start link's redirects to the consent page and back to the loopback
    /// listener is all there is to it. Lets demo mode sign in on a machine without a browser.
    pub fn answer_consent(&self, url: &url::Url) {
        let url = url.clone();
        tokio::spawn(async move {
            let answer = reqwest::get(url).await.and_then(|a| a.error_for_status());
            if let Err(error) = answer {
                tracing::warn!(
                    "the demo consent did not go through: {}",
                    error.without_url()
                );
            }
        });
    }

    /// The emulator's clock, for the core: the engine's schedule then runs on emulator time.
    pub fn clock(&self) -> DemoClock {
        DemoClock(self.emulator.control().clone())
    }
}

/// The demo emulator's clock as the core's clock: its time, and sleeps shortened by its speed.
#[derive(Clone)]
pub struct DemoClock(carryout_emulator::Control);

impl std::fmt::Debug for DemoClock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DemoClock(×{})", self.0.speed())
    }
}

impl crate::clock::Clock for DemoClock {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.0.now()
    }

    fn sleep(&self, duration: std::time::Duration) -> crate::clock::Sleep<'_> {
        Box::pin(tokio::time::sleep(super::endpoints::real_time(
            duration,
            self.0.speed(),
        )))
    }
}
