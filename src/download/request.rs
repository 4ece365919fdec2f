//! The requests of one archive: GETs retried with backoff after connection errors, 408, 429
//! and 5xx (honouring `Retry-After`), and sent again with fresh URLs when a signature expired
//! or is refused.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{RANGE, RETRY_AFTER};

use super::headers::storage_error_code;
use super::job_context::JobContext;
use super::round::Round;
use super::{DownloadError, Downloader};
use crate::secret::SignedUrl;

/// The URL an archive is requested with, and the failures and URL refreshes spent since it
/// last made progress.
pub(super) struct Requests {
    generation: u64,
    url: SignedUrl,
    failures: u32,
    refreshes: u32,
}

impl Requests {
    pub async fn new(context: &JobContext<'_>, object: &str) -> Result<Self, DownloadError> {
        let (generation, url) = context.url_for(object).await?;
        Ok(Self {
            generation,
            url,
            failures: 0,
            refreshes: 0,
        })
    }

    pub fn progressed(&mut self) {
        self.failures = 0;
        self.refreshes = 0;
    }
}

impl Downloader {
    /// GETs the archive (`range` of it, if given) until the server answers with its bytes:
    /// backs off after connection errors, 408, 429 and 5xx, and fetches fresh URLs when the
    /// signature expired or is refused.
    pub(super) async fn get(
        &self,
        context: &JobContext<'_>,
        object: &str,
        requests: &mut Requests,
        range: Option<String>,
    ) -> Result<reqwest::Response, Round> {
        loop {
            let mut request = self.http.get(requests.url.expose().clone());
            if let Some(range) = &range {
                request = request.header(RANGE, range);
            }
            let response = match request.send().await {
                Ok(response) => response,
                Err(error) => {
                    let detail = error.without_url().to_string();
                    self.back_off(requests, None, object, || DownloadError::Transport {
                        archive: object.to_owned(),
                        detail,
                    })
                    .await?;
                    continue;
                }
            };
            let status = response.status();
            if matches!(status, StatusCode::OK | StatusCode::PARTIAL_CONTENT) {
                return Ok(response);
            }
            let retry_after = response
                .headers()
                .get(RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| crate::api::parse_retry_after(v, self.clock.now()));
            let body = response.bytes().await.unwrap_or_default();
            let code = storage_error_code(&body).unwrap_or_default();
            match (status.as_u16(), code.as_str()) {
                (416, _) => {
                    return Err(Round::StartOver(
                        "the server could not resume where the part ends".into(),
                    ));
                }
                (400, "ExpiredToken") | (403, "SignatureDoesNotMatch" | "AccessDenied") => {
                    requests.refreshes += 1;
                    if requests.refreshes > self.options.url_refreshes {
                        return Err(Round::Fatal(DownloadError::UrlRejected {
                            archive: object.to_owned(),
                            code,
                        }));
                    }
                    tracing::info!(archive = object, "{code}: fetching fresh URLs");
                    (requests.generation, requests.url) =
                        context.refresh(object, requests.generation).await?;
                }
                (404, _) => {
                    return Err(Round::Fatal(DownloadError::Gone {
                        archive: object.to_owned(),
                    }));
                }
                (408 | 429 | 500..=599, _) => {
                    let http = status.as_u16();
                    self.back_off(requests, retry_after, object, || DownloadError::Refused {
                        archive: object.to_owned(),
                        http,
                        code: code.clone(),
                    })
                    .await?;
                }
                (http, _) => {
                    return Err(Round::Fatal(DownloadError::Refused {
                        archive: object.to_owned(),
                        http,
                        code,
                    }));
                }
            }
        }
    }

    /// Waits before the next attempt, or gives up with `give_up()` once the policy's attempts
    /// are spent or the server asks for a longer wait than the policy accepts.
    pub(super) async fn back_off(
        &self,
        requests: &mut Requests,
        retry_after: Option<Duration>,
        object: &str,
        give_up: impl FnOnce() -> DownloadError,
    ) -> Result<(), Round> {
        let policy = &self.options.retry;
        if requests.failures + 1 >= policy.attempts {
            return Err(Round::Fatal(give_up()));
        }
        let wait = match retry_after {
            Some(wait) if wait > policy.max_retry_after => return Err(Round::Fatal(give_up())),
            Some(wait) => wait,
            None => policy.backoff(requests.failures),
        };
        tracing::debug!(archive = object, ?wait, "retrying");
        requests.failures += 1;
        self.clock.sleep(wait).await;
        Ok(())
    }
}
