//! Shared helpers of the wire-fidelity tests: a started emulator, a raw HTTP client that never
//! follows redirects, and the OAuth dance.

#![allow(dead_code, reason = "each test binary uses a different subset")]

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use carryout_emulator::{AccessChoice, Emulator, Settings};
use chrono::{DateTime, Utc};
use reqwest::header::HeaderMap;
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

pub const REDIRECT: &str = "http://127.0.0.1:53682/callback";
pub const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-long-enough-verifier";

pub fn scope(resource: &str) -> String {
    format!("https://www.googleapis.com/auth/dataportability.{resource}")
}

pub fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

pub fn start_time() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-07-20T08:00:00Z")
        .map(|t| t.with_timezone(&Utc))
        .expect("valid literal")
}

/// A stopped clock (speed 0) at a fixed time: only `advance` moves it.
pub fn test_settings() -> Settings {
    Settings {
        speed: 0.0,
        start_time: Some(start_time()),
        ..Settings::for_tests()
    }
}

pub struct Harness {
    pub emu: Emulator,
    pub http: reqwest::Client,
}

#[derive(Debug, Clone)]
pub struct Tokens {
    pub access: String,
    pub refresh: Option<String>,
    pub body: Value,
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub json: Value,
}

impl Harness {
    pub async fn start() -> Harness {
        Harness::with(test_settings()).await
    }

    pub async fn with(settings: Settings) -> Harness {
        let emu = Emulator::start(settings).await.expect("emulator starts");
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client builds");
        Harness { emu, http }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.emu.base_url())
    }

    pub fn advance(&self, secs: u64) {
        self.emu.control().advance(Duration::from_secs(secs));
    }

    /// An authorization URL with PKCE S256, state, offline access and any extra parameters.
    pub fn authorize_url(&self, resources: &[&str], extra: &[(&str, &str)]) -> String {
        let scopes = resources
            .iter()
            .map(|r| scope(r))
            .collect::<Vec<_>>()
            .join(" ");
        let challenge = challenge(VERIFIER);
        let client_id = self.emu.client_id();
        let mut params: Vec<(&str, &str)> = vec![
            ("client_id", &client_id),
            ("redirect_uri", REDIRECT),
            ("response_type", "code"),
            ("scope", &scopes),
            ("state", "st4te"),
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
            ("access_type", "offline"),
            ("prompt", "consent"),
        ];
        for (name, value) in extra {
            params.retain(|(n, _)| n != name);
            params.push((name, value));
        }
        let query = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(params.iter().filter(|(_, v)| !v.is_empty()))
            .finish();
        self.url(&format!("/o/oauth2/v2/auth?{query}"))
    }

    pub async fn get(&self, url: &str) -> Response {
        self.http.get(url).send().await.expect("request sent")
    }

    /// Follows the authorization redirect and returns the query the app would receive.
    pub async fn authorize(&self, url: &str) -> Vec<(String, String)> {
        let response = self.get(url).await;
        assert_eq!(
            response.status(),
            StatusCode::FOUND,
            "authorize answers with a redirect"
        );
        let location = response
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .expect("Location header")
            .to_string();
        assert!(location.starts_with(REDIRECT), "{location}");
        let query = location.split_once('?').map(|(_, q)| q).unwrap_or_default();
        url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect()
    }

    pub async fn token_request(&self, form: &[(&str, &str)]) -> Answer {
        let response = self
            .http
            .post(self.url("/token"))
            .form(form)
            .send()
            .await
            .expect("request sent");
        answer(response).await
    }

    pub async fn exchange(&self, code: &str) -> Answer {
        let (id, secret) = (self.emu.client_id(), self.emu.client_secret());
        self.token_request(&[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", REDIRECT),
            ("client_id", &id),
            ("client_secret", &secret),
            ("code_verifier", VERIFIER),
        ])
        .await
    }

    /// Consent (auto-consent with `access`) for `resources` and exchange the code.
    pub async fn grant(&self, resources: &[&str], access: AccessChoice) -> Tokens {
        self.grant_as(resources, access, "").await
    }

    /// As [`Harness::grant`], for the account `login_hint` names ("" = the default account).
    pub async fn grant_as(&self, resources: &[&str], access: AccessChoice, user: &str) -> Tokens {
        self.emu.control().set_access(access);
        let query = self
            .authorize(&self.authorize_url(resources, &[("login_hint", user)]))
            .await;
        let code = value_of(&query, "code").expect("code in the redirect");
        let answer = self.exchange(&code).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
        Tokens {
            access: answer.json["access_token"]
                .as_str()
                .expect("access_token")
                .to_string(),
            refresh: answer.json["refresh_token"].as_str().map(str::to_string),
            body: answer.json,
        }
    }

    /// A refresh-token grant with this client's credentials.
    pub async fn refresh(&self, refresh_token: &str) -> Answer {
        let (id, secret) = (self.emu.client_id(), self.emu.client_secret());
        self.token_request(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
            ("client_id", &id),
            ("client_secret", &secret),
        ])
        .await
    }

    /// A fresh access token from `tokens`' refresh token, asserting success.
    pub async fn fresh_access(&self, tokens: &Tokens) -> String {
        let answer = self
            .refresh(tokens.refresh.as_deref().expect("a refresh token"))
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
        answer.json["access_token"]
            .as_str()
            .expect("access_token")
            .to_string()
    }

    pub async fn api_post(&self, token: &str, path: &str, body: Value) -> Answer {
        let response = self
            .http
            .post(self.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .expect("request sent");
        answer(response).await
    }

    pub async fn api_get(&self, token: &str, path: &str) -> Answer {
        let response = self
            .http
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request sent");
        answer(response).await
    }

    pub async fn initiate(&self, token: &str, resources: &[&str]) -> Answer {
        self.api_post(
            token,
            "/v1/portabilityArchive:initiate",
            json!({ "resources": resources }),
        )
        .await
    }

    /// Initiates and returns the job id, asserting success.
    pub async fn initiate_ok(&self, token: &str, resources: &[&str]) -> String {
        let answer = self.initiate(token, resources).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
        answer.json["archiveJobId"]
            .as_str()
            .expect("archiveJobId")
            .to_string()
    }

    pub async fn state(&self, token: &str, job: &str) -> Answer {
        self.api_get(
            token,
            &format!("/v1/archiveJobs/{job}/portabilityArchiveState"),
        )
        .await
    }
}

pub async fn answer(response: Response) -> Answer {
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.expect("body read");
    let json = serde_json::from_str(&text).unwrap_or(Value::String(text));
    Answer {
        status,
        headers,
        json,
    }
}

pub fn value_of(pairs: &[(String, String)], name: &str) -> Option<String> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
}

/// Asserts Google's error envelope and returns `error`.
pub fn google_error(answer: &Answer, code: u16, status: &str) -> Value {
    assert_eq!(answer.status.as_u16(), code, "{}", answer.json);
    let error = &answer.json["error"];
    assert_eq!(error["code"], code, "{}", answer.json);
    assert_eq!(error["status"], status, "{}", answer.json);
    assert!(error["message"].is_string(), "{}", answer.json);
    error.clone()
}

/// `details[0]`, asserting it is a Data Portability ErrorInfo with `reason`.
pub fn error_info(error: &Value, reason: &str) -> Value {
    let info = &error["details"][0];
    assert_eq!(
        info["@type"], "type.googleapis.com/google.rpc.ErrorInfo",
        "{error}"
    );
    assert_eq!(info["reason"], reason, "{error}");
    assert_eq!(info["domain"], "dataportability.googleapis.com", "{error}");
    info.clone()
}
