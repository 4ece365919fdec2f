//! Typed client of the Data Portability API v1: the six methods, Google errors as data, and
//! retries only where repeating a call is safe.

mod error;
mod redact;
mod retry;
mod types;

use std::sync::Arc;
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use url::Url;

use crate::clock::Clock;
use crate::secret::AccessToken;

#[cfg(feature = "fuzzing")]
pub(crate) use error::read_error_answer;
pub use error::{ApiError, GoogleError, Problem, Status};
pub use retry::RetryPolicy;
pub use types::{
    AccessType, AccessTypes, ArchiveState, InitiateRequest, InitiatedJob, JobId, JobState,
};

use error::Call;
pub(crate) use error::parse_retry_after;
use retry::Repeatable;

/// Google's production endpoint of the API.
pub const GOOGLE_API_BASE: &str = "https://dataportability.googleapis.com/";

const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);
/// Longest silence while waiting for bytes; there is deliberately no total timeout.
const READ_TIMEOUT: Duration = Duration::from_secs(60);

/// A Data Portability API client. Cheap to clone; the access token is given per call because
/// each call may need a different grant.
#[derive(Debug, Clone)]
pub struct DataPortability {
    http: reqwest::Client,
    base: Url,
    clock: Arc<dyn Clock>,
    retry: RetryPolicy,
}

impl DataPortability {
    /// A client for the API at `base` (e.g. [`GOOGLE_API_BASE`] or an emulator's base URL).
    pub fn new(base: Url, clock: Arc<dyn Clock>) -> Result<Self, ApiError> {
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .read_timeout(READ_TIMEOUT)
            .user_agent(concat!("carryout/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(ApiError::Transport)?;
        Ok(Self {
            http,
            base,
            clock,
            retry: RetryPolicy::default(),
        })
    }

    pub fn with_retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// `portabilityArchive.initiate`: starts an export job. Never repeated blindly: only a
    /// rate limit that created nothing, or a request that never connected, is retried.
    pub async fn initiate(
        &self,
        token: &AccessToken,
        request: &InitiateRequest,
    ) -> Result<InitiatedJob, ApiError> {
        let url = self.url(&["v1", "portabilityArchive:initiate"]);
        self.call(
            Method::POST,
            url,
            token,
            Some(request),
            Call::Initiate,
            Repeatable::OnlyIfNothingHappened,
        )
        .await
    }

    /// `archiveJobs.getPortabilityArchiveState`: the job's state and, once complete, fresh
    /// signed URLs of its archives.
    pub async fn archive_state(
        &self,
        token: &AccessToken,
        job: &JobId,
    ) -> Result<ArchiveState, ApiError> {
        let url = self.url(&["v1", "archiveJobs", &job.0, "portabilityArchiveState"]);
        self.call::<(), _>(
            Method::GET,
            url,
            token,
            None,
            Call::Other,
            Repeatable::Idempotent,
        )
        .await
    }

    /// `archiveJobs.retry`: restarts a FAILED job; returns the new job's id.
    pub async fn retry(&self, token: &AccessToken, job: &JobId) -> Result<JobId, ApiError> {
        let url = self.url(&["v1", "archiveJobs", &format!("{}:retry", job.0)]);
        let answer: types::RetryAnswer = self
            .call(
                Method::POST,
                url,
                token,
                Some(&Empty {}),
                Call::Other,
                Repeatable::OnlyIfNothingHappened,
            )
            .await?;
        Ok(answer.archive_job_id)
    }

    /// `archiveJobs.cancel`: stops an in-progress time-based job, freeing its 24 h window.
    pub async fn cancel(&self, token: &AccessToken, job: &JobId) -> Result<(), ApiError> {
        let url = self.url(&["v1", "archiveJobs", &format!("{}:cancel", job.0)]);
        self.post_for_nothing(url, token).await
    }

    /// `authorization.reset`: revokes every grant of this person to this client and removes
    /// access to earlier archives. Call only once every archive is safely on disk.
    pub async fn reset_authorization(&self, token: &AccessToken) -> Result<(), ApiError> {
        let url = self.url(&["v1", "authorization:reset"]);
        self.post_for_nothing(url, token).await
    }

    /// `accessType.check`: which of the token's resources are one-time and which time-based.
    pub async fn check_access_type(&self, token: &AccessToken) -> Result<AccessTypes, ApiError> {
        let url = self.url(&["v1", "accessType:check"]);
        self.call(
            Method::POST,
            url,
            token,
            Some(&Empty {}),
            Call::Other,
            Repeatable::Idempotent,
        )
        .await
    }

    /// A POST of `{}` with effects whose answer carries nothing.
    async fn post_for_nothing(&self, url: Url, token: &AccessToken) -> Result<(), ApiError> {
        self.call::<_, serde::de::IgnoredAny>(
            Method::POST,
            url,
            token,
            Some(&Empty {}),
            Call::Other,
            Repeatable::OnlyIfNothingHappened,
        )
        .await
        .map(drop)
    }

    fn url(&self, segments: &[&str]) -> Url {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .expect("an http(s) base URL has path segments")
            .pop_if_empty()
            .extend(segments);
        url
    }

    async fn call<B: serde::Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        url: Url,
        token: &AccessToken,
        body: Option<&B>,
        call: Call,
        repeatable: Repeatable,
    ) -> Result<T, ApiError> {
        let mut attempt = 0;
        loop {
            let result = self
                .attempt(method.clone(), url.clone(), token, body, call)
                .await;
            match result {
                Ok(value) => return Ok(value),
                Err(error) => match self.retry.delay_after(attempt, &error, repeatable) {
                    Some(wait) => {
                        tracing::debug!(%url, attempt, ?wait, %error, "retrying");
                        self.clock.sleep(wait).await;
                        attempt += 1;
                    }
                    None => return Err(error),
                },
            }
        }
    }

    async fn attempt<B: serde::Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        url: Url,
        token: &AccessToken,
        body: Option<&B>,
        call: Call,
    ) -> Result<T, ApiError> {
        let mut request = self.http.request(method, url).bearer_auth(token.expose());
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.map_err(ApiError::Transport)?;
        let http = response.status();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| error::parse_retry_after(v, self.clock.now()));
        let bytes = response.bytes().await.map_err(ApiError::Transport)?;
        if http.is_success() {
            // serde's message quotes the offending value, which may be a signed URL: say only
            // what kind of error, and where.
            return serde_json::from_slice(&bytes).map_err(|e| ApiError::Protocol {
                http: http.as_u16(),
                detail: format!(
                    "the answer is not the expected JSON ({:?} error at line {} column {})",
                    e.classify(),
                    e.line(),
                    e.column()
                ),
            });
        }
        Err(
            match GoogleError::parse(http.as_u16(), &bytes, retry_after, call) {
                Some(google) => google.into(),
                None => ApiError::Protocol {
                    http: http.as_u16(),
                    detail: describe_body(http, &bytes),
                },
            },
        )
    }
}

#[derive(serde::Serialize)]
struct Empty {}

fn describe_body(http: StatusCode, body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.is_empty() {
        http.canonical_reason().unwrap_or("no body").to_owned()
    } else {
        redact::redact(text).chars().take(200).collect()
    }
}
