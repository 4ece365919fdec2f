//! Starts an emulator in-process and gets tokens from it the way a browser would.

use std::sync::Arc;

use carryout::api::DataPortability;
use carryout::clock::ManualClock;
use carryout::secret::AccessToken;
use carryout_emulator::{Emulator, Settings};
use reqwest::redirect::Policy;
use url::Url;

pub struct Harness {
    pub emulator: Emulator,
    pub api: DataPortability,
    /// The client's clock (backoff sleeps); the emulator has its own.
    pub clock: ManualClock,
    browser: reqwest::Client,
}

/// Tokens from one consent.
pub struct Tokens {
    pub access: AccessToken,
    pub refresh: String,
    /// The token endpoint's JSON answer.
    pub answer: serde_json::Value,
}

pub const REDIRECT_URI: &str = "http://127.0.0.1:9/callback";
const VERIFIER: &str = "test-verifier-0123456789-0123456789-0123456789";

pub async fn start() -> Harness {
    start_with(Settings::for_tests()).await
}

pub async fn start_with(settings: Settings) -> Harness {
    let emulator = Emulator::start(settings).await.expect("emulator starts");
    let clock = ManualClock::new(chrono::Utc::now());
    let base = Url::parse(&emulator.base_url()).unwrap();
    let api = DataPortability::new(base, Arc::new(clock.clone())).unwrap();
    let browser = reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .unwrap();
    Harness {
        emulator,
        api,
        clock,
        browser,
    }
}

pub fn scope(resource: &str) -> String {
    format!("https://www.googleapis.com/auth/dataportability.{resource}")
}

impl Harness {
    /// The authorization URL for these resources, with extra query parameters appended.
    pub fn authorization_url(&self, resources: &[&str], extra: &[(&str, &str)]) -> Url {
        let scopes: Vec<String> = resources.iter().map(|r| scope(r)).collect();
        let mut url =
            Url::parse(&format!("{}/o/oauth2/v2/auth", self.emulator.base_url())).unwrap();
        url.query_pairs_mut()
            .append_pair("client_id", &self.emulator.client_id())
            .append_pair("redirect_uri", REDIRECT_URI)
            .append_pair("response_type", "code")
            .append_pair("scope", &scopes.join(" "))
            .append_pair("state", "state-1")
            .append_pair("code_challenge", VERIFIER)
            .append_pair("code_challenge_method", "plain")
            .append_pair("access_type", "offline")
            .append_pair("prompt", "consent")
            .extend_pairs(extra);
        url
    }

    /// Opens the authorization URL as a browser would: the answer, without following it.
    pub async fn open(&self, url: Url) -> reqwest::Response {
        self.browser.get(url).send().await.unwrap()
    }

    /// Consents (the emulator auto-consents per its settings) and exchanges the code.
    pub async fn consent(&self, resources: &[&str]) -> Tokens {
        let answer = self.open(self.authorization_url(resources, &[])).await;
        assert_eq!(answer.status(), 302, "consent redirects back");
        let location = Url::parse(answer.headers()["location"].to_str().unwrap()).unwrap();
        let code = location
            .query_pairs()
            .find(|(k, _)| k == "code")
            .map(|(_, v)| v.into_owned())
            .unwrap_or_else(|| panic!("no code in {location}"));
        let answer: serde_json::Value = self
            .browser
            .post(format!("{}/token", self.emulator.base_url()))
            .form(&[
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", REDIRECT_URI),
                ("client_id", &self.emulator.client_id()),
                ("client_secret", &self.emulator.client_secret()),
                ("code_verifier", VERIFIER),
            ])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        Tokens {
            access: AccessToken::new(answer["access_token"].as_str().expect("an access token")),
            refresh: answer["refresh_token"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            answer,
        }
    }

    /// A new access token from the token endpoint's refresh grant.
    pub async fn refresh(&self, refresh_token: &str) -> AccessToken {
        let answer: serde_json::Value = self
            .browser
            .post(format!("{}/token", self.emulator.base_url()))
            .form(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", refresh_token),
                ("client_id", &self.emulator.client_id()),
                ("client_secret", &self.emulator.client_secret()),
            ])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(
            answer.get("refresh_token").is_none(),
            "refresh keeps the refresh token"
        );
        AccessToken::new(answer["access_token"].as_str().expect("an access token"))
    }

    /// Advances the emulator's clock.
    pub fn advance(&self, seconds: u64) {
        self.emulator
            .control()
            .advance(std::time::Duration::from_secs(seconds));
    }
}
