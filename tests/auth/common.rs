//! An emulator, a core `Auth` wired to it, and a simulated browser that opens Carryout's start
//! link and follows its redirect to the consent page, and the consent redirect back to the
//! loopback listener, the way a real one would.

use std::sync::{Arc, Mutex};

use carryout::auth::{Auth, ClientConfig, Endpoints, LoginOptions, LoginReport, SecretStore};
use carryout::catalog::GroupId;
use carryout::clock::ManualClock;
use carryout::progress::ProgressEvent;
use carryout::secret::ClientSecret;
use carryout::store::Store;
use carryout_emulator::{Emulator, Settings};
use reqwest::redirect::Policy;
use url::Url;

/// Sleeps this long or longer are held until the clock is advanced: longer than any backoff or
/// Retry-After wait the core honours (2 min), shorter than the default consent timeout (5 min).
pub const CONSENT_WAITS: std::time::Duration = std::time::Duration::from_secs(180);

pub struct Harness {
    pub emulator: Emulator,
    pub auth: Auth,
    /// The state database `auth` uses.
    pub store: Store,
    pub clock: ManualClock,
    pub secrets: SecretStore,
    pub browser: Browser,
}

/// Rewrites the redirect before it reaches the loopback (a tampered or replayed answer).
pub type Tamper = Arc<dyn Fn(Url) -> Url + Send + Sync>;

/// Follows each redirect by hand (no redirect policy): the start link's to the consent page,
/// then the consent page's back to the loopback listener.
#[derive(Clone)]
pub struct Browser {
    http: reqwest::Client,
    /// The links Carryout opened.
    pub opened: Arc<Mutex<Vec<Url>>>,
    /// The consent URLs they redirected to.
    pub consents: Arc<Mutex<Vec<Url>>>,
    pub redirects: Arc<Mutex<Vec<Url>>>,
    tamper: Arc<Mutex<Option<Tamper>>>,
    /// When false the browser never answers (a person who walked away).
    pub answers: Arc<Mutex<bool>>,
}

pub async fn start() -> Harness {
    start_with(Settings::for_tests()).await
}

pub async fn start_with(settings: Settings) -> Harness {
    start_rewired(settings, |_| {}).await
}

/// A harness whose core talks to `rewire`'s endpoints in place of some of the emulator's.
pub async fn start_rewired(settings: Settings, rewire: impl FnOnce(&mut Endpoints)) -> Harness {
    let emulator = Emulator::start(settings).await.expect("emulator starts");
    // Backoffs and Retry-After waits end at once; a consent screen's wait lasts until the
    // test moves the clock past it.
    let clock = ManualClock::new(emulator.control().now()).holding_sleeps_from(CONSENT_WAITS);
    let mut endpoints = Endpoints::emulator(&emulator.base_url()).unwrap();
    rewire(&mut endpoints);
    let client = ClientConfig {
        client_id: emulator.client_id(),
        client_secret: ClientSecret::new(emulator.client_secret()),
    };
    let secrets = SecretStore::memory();
    let store = Store::in_memory().unwrap();
    let auth = Auth::new(
        &client,
        &endpoints,
        store.clone(),
        secrets.clone(),
        Arc::new(clock.clone()),
    )
    .unwrap();
    let browser = Browser {
        http: reqwest::Client::builder()
            .redirect(Policy::none())
            .build()
            .unwrap(),
        opened: Arc::default(),
        consents: Arc::default(),
        redirects: Arc::default(),
        tamper: Arc::default(),
        answers: Arc::new(Mutex::new(true)),
    };
    Harness {
        emulator,
        auth,
        store,
        clock,
        secrets,
        browser,
    }
}

impl Browser {
    pub fn tamper_with(&self, tamper: impl Fn(Url) -> Url + Send + Sync + 'static) {
        *self.tamper.lock().unwrap() = Some(Arc::new(tamper));
    }

    pub fn opened(&self) -> Vec<Url> {
        self.opened.lock().unwrap().clone()
    }

    /// The consent page's redirects back to the loopback listener.
    pub fn redirects(&self) -> Vec<Url> {
        self.redirects.lock().unwrap().clone()
    }

    pub fn consents(&self) -> Vec<Url> {
        self.consents.lock().unwrap().clone()
    }

    /// Opens `url` like a person's browser would: in the background, while the core waits.
    pub fn open(&self, url: &Url) -> Result<(), String> {
        self.opened.lock().unwrap().push(url.clone());
        if !*self.answers.lock().unwrap() {
            return Ok(());
        }
        let browser = self.clone();
        let url = url.clone();
        tokio::spawn(async move { browser.follow(url).await });
        Ok(())
    }

    /// Opens the link Carryout gave, then consents on the page it leads to.
    pub async fn follow(&self, link: Url) {
        let consent = self.start(link).await;
        self.consent(consent).await;
    }

    /// Opens Carryout's start link: the consent URL it redirects to.
    pub async fn start(&self, link: Url) -> Url {
        let answer = self.http.get(link).send().await.unwrap();
        assert_eq!(
            answer.status(),
            303,
            "the start link redirects to the consent"
        );
        assert_eq!(answer.headers()["cache-control"], "no-store");
        let consent = Url::parse(answer.headers()["location"].to_str().unwrap()).unwrap();
        self.consents.lock().unwrap().push(consent.clone());
        consent
    }

    /// The authorization answer's redirect, delivered to the loopback listener.
    pub async fn consent(&self, url: Url) {
        let answer = self.http.get(url).send().await.unwrap();
        assert_eq!(answer.status(), 302, "consent redirects back");
        let location = Url::parse(answer.headers()["location"].to_str().unwrap()).unwrap();
        self.redirects.lock().unwrap().push(location.clone());
        let tamper = self.tamper.lock().unwrap().clone();
        let location = match tamper {
            Some(tamper) => tamper(location),
            None => location,
        };
        let page = self.http.get(location).send().await.unwrap();
        let _ = page.text().await;
    }
}

impl Harness {
    pub async fn login(
        &self,
        resources: &[&str],
    ) -> Result<LoginReport, carryout::auth::AuthError> {
        self.login_with(resources, &LoginOptions::default()).await.0
    }

    /// Signs in for `resource` with `open` playing the browser, with the default options.
    pub async fn login_opening(
        &self,
        resource: &str,
        open: &(dyn Fn(&Url) -> Result<(), String> + Send + Sync),
    ) -> Result<LoginReport, carryout::auth::AuthError> {
        let resources = [resource.into()];
        let progress = |_: ProgressEvent| {};
        (self.auth)
            .login(&resources, open, &progress, &LoginOptions::default())
            .await
    }

    /// Signs in and returns the report with every progress event.
    pub async fn login_with(
        &self,
        resources: &[&str],
        options: &LoginOptions,
    ) -> (
        Result<LoginReport, carryout::auth::AuthError>,
        Vec<ProgressEvent>,
    ) {
        let resources: Vec<GroupId> = resources.iter().map(|r| (*r).into()).collect();
        let events = Mutex::new(Vec::new());
        let progress = |event: ProgressEvent| events.lock().unwrap().push(event);
        let browser = self.browser.clone();
        let open = move |url: &Url| browser.open(url);
        let result = self.auth.login(&resources, &open, &progress, options).await;
        (result, events.into_inner().unwrap())
    }

    /// Moves both clocks: the emulator's (token expiry at Google) and the core's.
    pub fn advance(&self, seconds: u64) {
        let by = std::time::Duration::from_secs(seconds);
        self.emulator.control().advance(by);
        self.clock.advance(by);
    }

    pub fn token_calls(&self) -> u64 {
        self.emulator.control().stats().token_calls
    }
}

pub fn query(url: &Url, key: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}
