//! An emulator on a stopped clock, an engine wired to it whose sleeps move that clock (so days
//! of polling take no real time), and a simulated browser that answers consent.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use carryout::api::DataPortability;
use carryout::auth::{Auth, ClientConfig, Endpoints, LoginOptions, LoginReport, SecretStore};
use carryout::catalog::GroupId;
use carryout::clock::{Clock, Sleep};
use carryout::download::{DownloadOptions, Downloader};
use carryout::engine::{Engine, EngineError, EngineParts, ExportRequest, ExportRow, RunUntil};
use carryout::history::HistoryPlace;
use carryout::secret::ClientSecret;
use carryout::store::Store;
use carryout_emulator::{AccessChoice, Control, Emulator, Settings};
use chrono::{DateTime, Utc};
use url::Url;

/// The emulator's clock as the core's: `sleep` advances it at once.
#[derive(Clone)]
pub struct EmulatorClock(pub Control);

impl std::fmt::Debug for EmulatorClock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EmulatorClock")
    }
}

impl Clock for EmulatorClock {
    fn now(&self) -> DateTime<Utc> {
        self.0.now()
    }

    fn sleep(&self, duration: Duration) -> Sleep<'_> {
        self.0.advance(duration);
        Box::pin(std::future::ready(()))
    }
}

/// The emulator's clock read with an offset: a computer whose clock is not Google's.
#[derive(Debug, Clone)]
struct SkewedClock {
    emulator: EmulatorClock,
    ahead: chrono::Duration,
}

impl Clock for SkewedClock {
    fn now(&self) -> DateTime<Utc> {
        self.emulator.now() + self.ahead
    }

    fn sleep(&self, duration: Duration) -> Sleep<'_> {
        self.emulator.sleep(duration)
    }
}

/// The emulator's time for signing in, where a sleep is the consent screen's timeout: the
/// simulated browser answers at once, so it never ends (advancing the clock would time out).
#[derive(Clone)]
struct SignInClock(Control);

impl std::fmt::Debug for SignInClock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SignInClock")
    }
}

impl Clock for SignInClock {
    fn now(&self) -> DateTime<Utc> {
        self.0.now()
    }

    fn sleep(&self, _: Duration) -> Sleep<'_> {
        Box::pin(std::future::pending())
    }
}

pub struct World {
    pub emulator: Emulator,
    pub clock: EmulatorClock,
    pub auth: Arc<Auth>,
    pub data_dir: tempfile::TempDir,
    pub backup_dir: tempfile::TempDir,
    secrets: SecretStore,
}

pub async fn world(access: AccessChoice) -> World {
    world_with(Settings {
        access,
        ..Settings::for_tests()
    })
    .await
}

pub async fn world_with(settings: Settings) -> World {
    world_keeping_secrets(settings, |_| SecretStore::memory()).await
}

/// A world whose sign-in tokens live where `secrets` says, given the data dir.
pub async fn world_keeping_secrets(
    settings: Settings,
    secrets: impl FnOnce(&std::path::Path) -> SecretStore,
) -> World {
    let emulator = Emulator::start(settings)
        .await
        .expect("the emulator starts");
    emulator.control().set_speed(0.0);
    let clock = EmulatorClock(emulator.control().clone());
    let data_dir = tempfile::tempdir().unwrap();
    let store = Store::open(data_dir.path()).unwrap();
    let secrets = secrets(data_dir.path());
    let sign_in_clock: Arc<dyn Clock> = Arc::new(SignInClock(emulator.control().clone()));
    let auth = auth(&emulator, &store, &secrets, sign_in_clock);
    World {
        emulator,
        clock,
        auth,
        data_dir,
        backup_dir: tempfile::tempdir().unwrap(),
        secrets,
    }
}

fn auth(
    emulator: &Emulator,
    store: &Store,
    secrets: &SecretStore,
    clock: Arc<dyn Clock>,
) -> Arc<Auth> {
    let endpoints = Endpoints::emulator(&emulator.base_url()).unwrap();
    let client = ClientConfig {
        client_id: emulator.client_id(),
        client_secret: ClientSecret::new(emulator.client_secret()),
    };
    Arc::new(Auth::new(&client, &endpoints, store.clone(), secrets.clone(), clock).unwrap())
}

impl World {
    pub fn control(&self) -> Control {
        self.emulator.control().clone()
    }

    /// An engine on this world's data dir, as a fresh process would build it.
    pub fn engine(&self) -> Result<Engine, EngineError> {
        self.engine_on(Arc::new(self.clock.clone()))
    }

    /// An engine whose clock runs `ahead` of Google's (behind, when negative).
    pub fn engine_with_skew(&self, ahead: chrono::Duration) -> Result<Engine, EngineError> {
        self.engine_on(Arc::new(SkewedClock {
            emulator: self.clock.clone(),
            ahead,
        }))
    }

    pub fn engine_on(&self, clock: Arc<dyn Clock>) -> Result<Engine, EngineError> {
        self.engine_keeping(clock, None)
    }

    /// An engine that keeps every verified export in the history at `place`.
    pub fn engine_with_history(&self, place: HistoryPlace) -> Result<Engine, EngineError> {
        self.engine_keeping(Arc::new(self.clock.clone()), Some(place))
    }

    fn engine_keeping(
        &self,
        clock: Arc<dyn Clock>,
        history: Option<HistoryPlace>,
    ) -> Result<Engine, EngineError> {
        let base = Url::parse(&self.emulator.base_url()).unwrap();
        let store = Store::open(self.data_dir.path()).unwrap();
        Engine::new(EngineParts {
            auth: auth(&self.emulator, &store, &self.secrets, clock.clone()),
            api: DataPortability::new(base, clock.clone()).unwrap(),
            downloader: Downloader::new(store.clone(), clock.clone(), DownloadOptions::default())
                .unwrap(),
            store,
            clock,
            backup_dir: self.backup_dir.path().to_path_buf(),
            data_dir: self.data_dir.path().to_path_buf(),
            history,
        })
    }

    /// Consents for `groups` through a browser that follows the redirect.
    pub async fn sign_in(&self, groups: &[&str]) -> LoginReport {
        self.consent(groups, LoginOptions::default()).await
    }

    /// Consents again for `groups`, even those a sign-in covers.
    pub async fn sign_in_again(&self, groups: &[&str]) -> LoginReport {
        let again = LoginOptions {
            again: true,
            ..LoginOptions::default()
        };
        self.consent(groups, again).await
    }

    async fn consent(&self, groups: &[&str], options: LoginOptions) -> LoginReport {
        let groups: Vec<GroupId> = groups.iter().map(|g| GroupId::from(*g)).collect();
        // The link leads to the consent page, which consents and redirects back.
        let open = move |url: &Url| -> Result<(), String> {
            let url = url.clone();
            tokio::spawn(async move {
                let _ = reqwest::get(url).await.unwrap().text().await;
            });
            Ok(())
        };
        let progress = |_| {};
        self.auth
            .login(&groups, &open, &progress, &options)
            .await
            .expect("sign-in succeeds")
    }

    pub fn backup_path(&self) -> PathBuf {
        self.backup_dir.path().to_path_buf()
    }
}

/// An export of `groups`' whole history.
pub fn request(groups: &[&str]) -> ExportRequest {
    ExportRequest {
        groups: groups.iter().map(|g| GroupId::from(*g)).collect(),
        ..ExportRequest::default()
    }
}

/// Starts exports of `groups` (whole history) and runs the engine until it is idle.
pub async fn export(engine: &Engine, groups: &[&str]) -> Vec<ExportRow> {
    engine.start_exports(&request(groups)).unwrap();
    engine.run(RunUntil::Idle).await.unwrap();
    latest(engine, groups)
}

/// The newest row of each group, in the order given.
pub fn latest(engine: &Engine, groups: &[&str]) -> Vec<ExportRow> {
    let rows = engine.exports().unwrap();
    groups
        .iter()
        .map(|g| {
            rows.iter()
                .find(|r| r.group == *g)
                .unwrap_or_else(|| panic!("no export of {g}"))
                .clone()
        })
        .collect()
}

/// Every file and folder under `dir` (not `dir` itself).
pub fn paths_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        for entry in std::fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path.clone());
            }
            found.push(path);
        }
    }
    found
}

/// Every file under `dir`, in any folder.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    paths_under(dir)
        .into_iter()
        .filter(|p| !p.is_dir())
        .collect()
}
