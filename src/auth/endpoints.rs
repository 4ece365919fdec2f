//! Where sign-in and the API live: Google's production endpoints, or every one of them at an
//! emulator (`--emulator URL`), or at one started in-process (`--demo`, in `demo`).

use url::Url;

use super::client_config::ClientConfig;

/// Every URL the core talks to for sign-in and the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    pub authorization: Url,
    pub token: Url,
    pub revoke: Url,
    /// Base URL of the Data Portability API.
    pub api: Url,
    /// Google's page that renews a time-based grant (`?project_number=N` added).
    pub renewal: Url,
}

#[derive(Debug, thiserror::Error)]
pub enum EndpointError {
    #[error("{url} is not a usable emulator URL (expected e.g. http://127.0.0.1:41234)")]
    BadEmulatorUrl { url: String },
    #[error("could not get the OAuth client from the emulator at {url}: {detail}")]
    EmulatorClient { url: String, detail: String },
    #[cfg(feature = "demo")]
    #[error("the demo emulator could not start: {0}")]
    Demo(String),
}

fn parse(url: &str) -> Url {
    Url::parse(url).expect("a constant URL parses")
}

impl Endpoints {
    /// Google's production endpoints.
    pub fn google() -> Self {
        Self {
            authorization: parse("https://accounts.google.com/o/oauth2/v2/auth"),
            token: parse("https://oauth2.googleapis.com/token"),
            revoke: parse("https://oauth2.googleapis.com/revoke"),
            api: parse(crate::api::GOOGLE_API_BASE),
            renewal: parse("https://myaccount.google.com/connections/link"),
        }
    }

    /// Every endpoint at an emulator's base URL (its paths are Google's).
    pub fn emulator(base: &str) -> Result<Self, EndpointError> {
        let bad = || EndpointError::BadEmulatorUrl {
            url: base.to_owned(),
        };
        let mut root = Url::parse(base).map_err(|_| bad())?;
        if !matches!(root.scheme(), "http" | "https") || root.host().is_none() {
            return Err(bad());
        }
        if !root.path().ends_with('/') {
            let path = format!("{}/", root.path());
            root.set_path(&path);
        }
        let at = |path: &str| root.join(path).map_err(|_| bad());
        Ok(Self {
            authorization: at("o/oauth2/v2/auth")?,
            token: at("token")?,
            revoke: at("revoke")?,
            renewal: at("connections/link")?,
            api: root.clone(),
        })
    }

    /// The emulator's Desktop client, from `<base>/_emulator/client_secret.json`.
    pub async fn emulator_client(
        &self,
        http: &reqwest::Client,
    ) -> Result<ClientConfig, EndpointError> {
        let url = self
            .api
            .join("_emulator/client_secret.json")
            .expect("a relative path joins");
        let failed = |detail: String| EndpointError::EmulatorClient {
            url: url.to_string(),
            detail,
        };
        let answer = http
            .get(url.clone())
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|e| failed(e.without_url().to_string()))?;
        let text = answer
            .text()
            .await
            .map_err(|e| failed(e.without_url().to_string()))?;
        ClientConfig::parse(&text).map_err(|e| failed(e.to_string()))
    }

    /// The emulator's clock, read once from `<base>/_emulator/clock` and then followed at its
    /// speed, so the core schedules on the emulator's time (a faster emulator, faster polls).
    pub async fn emulator_clock(
        &self,
        http: &reqwest::Client,
    ) -> Result<RemoteEmulatorClock, EndpointError> {
        #[derive(serde::Deserialize)]
        struct Reading {
            now: chrono::DateTime<chrono::Utc>,
            speed: f64,
        }
        let url = self
            .api
            .join("_emulator/clock")
            .expect("a relative path joins");
        let failed = |detail: String| EndpointError::EmulatorClient {
            url: url.to_string(),
            detail,
        };
        let reading: Reading = http
            .get(url.clone())
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|e| failed(e.without_url().to_string()))?
            .json()
            .await
            .map_err(|e| failed(e.without_url().to_string()))?;
        // Test hook: a computer whose clock is off Google's by some seconds (either way).
        let skew = std::env::var(CLOCK_SKEW_VARIABLE)
            .ok()
            .and_then(|s| s.parse::<i64>().ok())
            .map_or(chrono::Duration::zero(), chrono::Duration::seconds);
        Ok(RemoteEmulatorClock {
            read_at: std::time::Instant::now(),
            then: reading.now + skew,
            speed: reading.speed,
        })
    }
}

/// With `--emulator`, this many seconds are added to the emulator's time as Carryout reads
/// it: how tests run a computer whose clock is not Google's.
pub const CLOCK_SKEW_VARIABLE: &str = "CARRYOUT_EMULATOR_CLOCK_SKEW_SECS";

/// An emulator's clock seen from another process: its time when read, moving at its speed.
/// A later change of the emulator's speed is not followed.
#[derive(Debug, Clone)]
pub struct RemoteEmulatorClock {
    read_at: std::time::Instant,
    then: chrono::DateTime<chrono::Utc>,
    speed: f64,
}

impl crate::clock::Clock for RemoteEmulatorClock {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        let elapsed = self.read_at.elapsed().mul_f64(self.speed.max(0.0));
        self.then + chrono::Duration::from_std(elapsed).unwrap_or(chrono::Duration::MAX)
    }

    fn sleep(&self, duration: std::time::Duration) -> crate::clock::Sleep<'_> {
        Box::pin(tokio::time::sleep(real_time(duration, self.speed)))
    }
}

/// The real time an emulator running at `speed` takes for `duration` of its own; a stopped
/// emulator (speed 0) is waited for in real time.
pub(super) fn real_time(duration: std::time::Duration, speed: f64) -> std::time::Duration {
    if speed > 0.0 {
        duration.div_f64(speed)
    } else {
        duration
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_emulator_url_moves_every_endpoint() {
        let endpoints = Endpoints::emulator("http://127.0.0.1:4000").unwrap();
        assert_eq!(
            endpoints.authorization.as_str(),
            "http://127.0.0.1:4000/o/oauth2/v2/auth"
        );
        assert_eq!(endpoints.token.as_str(), "http://127.0.0.1:4000/token");
        assert_eq!(endpoints.revoke.as_str(), "http://127.0.0.1:4000/revoke");
        assert_eq!(endpoints.api.as_str(), "http://127.0.0.1:4000/");
        assert!(Endpoints::emulator("not a url").is_err());
        assert!(Endpoints::emulator("ftp://x").is_err());
    }
}
