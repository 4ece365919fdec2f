//! Google's JSON error bodies turned into typed errors, with the ErrorInfo reasons the Data
//! Portability API uses read into variants a caller can act on.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::types::{AccessType, JobId};

/// Why an API call failed.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Google answered with an error (boxed: it is large, and errors are the rare path).
    #[error(transparent)]
    Google(Box<GoogleError>),
    /// The request never got an HTTP answer (DNS, connect, TLS, reset, timeout).
    #[error("could not reach the Data Portability API: {0}")]
    Transport(#[source] reqwest::Error),
    /// An answer that is neither a success body nor a Google error body.
    #[error("unexpected answer from the Data Portability API (HTTP {http}): {detail}")]
    Protocol { http: u16, detail: String },
}

impl From<GoogleError> for ApiError {
    fn from(error: GoogleError) -> Self {
        Self::Google(Box::new(error))
    }
}

/// The canonical status of a Google API error (`error.status`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Status {
    InvalidArgument,
    FailedPrecondition,
    Unauthenticated,
    PermissionDenied,
    NotFound,
    AlreadyExists,
    ResourceExhausted,
    Internal,
    Unavailable,
    DeadlineExceeded,
    Other(String),
}

impl Status {
    fn parse(status: &str) -> Self {
        match status {
            "INVALID_ARGUMENT" => Self::InvalidArgument,
            "FAILED_PRECONDITION" => Self::FailedPrecondition,
            "UNAUTHENTICATED" => Self::Unauthenticated,
            "PERMISSION_DENIED" => Self::PermissionDenied,
            "NOT_FOUND" => Self::NotFound,
            "ALREADY_EXISTS" => Self::AlreadyExists,
            "RESOURCE_EXHAUSTED" => Self::ResourceExhausted,
            "INTERNAL" => Self::Internal,
            "UNAVAILABLE" => Self::Unavailable,
            "DEADLINE_EXCEEDED" => Self::DeadlineExceeded,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The status Google pairs with an HTTP code, for bodies that carry none.
    fn from_http(http: u16) -> Self {
        match http {
            400 => Self::InvalidArgument,
            401 => Self::Unauthenticated,
            403 => Self::PermissionDenied,
            404 => Self::NotFound,
            409 => Self::AlreadyExists,
            429 => Self::ResourceExhausted,
            503 => Self::Unavailable,
            504 => Self::DeadlineExceeded,
            _ => Self::Internal,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::InvalidArgument => "INVALID_ARGUMENT",
            Self::FailedPrecondition => "FAILED_PRECONDITION",
            Self::Unauthenticated => "UNAUTHENTICATED",
            Self::PermissionDenied => "PERMISSION_DENIED",
            Self::NotFound => "NOT_FOUND",
            Self::AlreadyExists => "ALREADY_EXISTS",
            Self::ResourceExhausted => "RESOURCE_EXHAUSTED",
            Self::Internal => "INTERNAL",
            Self::Unavailable => "UNAVAILABLE",
            Self::DeadlineExceeded => "DEADLINE_EXCEEDED",
            Self::Other(other) => other,
        })
    }
}

/// What the error means for the caller, read from the ErrorInfo reason and metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A job for the same request is still running: poll it instead of starting another.
    AlreadyExists {
        job_id: JobId,
        access_type: AccessType,
    },
    /// One-time access was used; a new export needs `authorization.reset` and a new consent.
    OneTimeUsed { previous_job_ids: Vec<JobId> },
    /// Time-based access allows one export per 24 hours; the next may start at `available_at`
    /// (`None` when Google's answer did not say).
    Cooldown {
        previous_job_ids: Vec<JobId>,
        available_at: Option<DateTime<Utc>>,
    },
    /// A rate limit that created nothing: the same call may be repeated after `retry_after`.
    RateLimited,
    /// The access token is missing, expired or revoked.
    Unauthenticated,
    /// The token does not grant every requested resource.
    NotAuthorized,
    /// Any other error: see the status and message.
    Other,
}

/// An error answer from a Google API.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status} (HTTP {http}): {message}")]
pub struct GoogleError {
    pub http: u16,
    pub status: Status,
    pub message: String,
    pub problem: Problem,
    /// The ErrorInfo reason, when the answer had one.
    pub reason: Option<String>,
    /// The `Retry-After` header, when the answer had one.
    pub retry_after: Option<Duration>,
}

/// Which call an error answered: the same status means different things per method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Call {
    Initiate,
    Other,
}

#[derive(Deserialize)]
struct Body {
    error: BodyError,
}

#[derive(Deserialize)]
struct BodyError {
    #[serde(default)]
    message: String,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    details: Vec<Detail>,
}

#[derive(Deserialize)]
struct Detail {
    #[serde(rename = "@type", default)]
    kind: String,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    metadata: BTreeMap<String, String>,
}

const ERROR_INFO: &str = "type.googleapis.com/google.rpc.ErrorInfo";

impl GoogleError {
    /// Reads an error answer; `None` when the body is not Google's JSON error format.
    pub(super) fn parse(
        http: u16,
        body: &[u8],
        retry_after: Option<Duration>,
        call: Call,
    ) -> Option<Self> {
        let Body { error } = serde_json::from_slice(body).ok()?;
        let status = error
            .status
            .as_deref()
            .map_or_else(|| Status::from_http(http), Status::parse);
        let info = error.details.into_iter().find(|d| d.kind == ERROR_INFO);
        let reason = info.as_ref().and_then(|i| i.reason.clone());
        let metadata = info.map(|i| i.metadata).unwrap_or_default();
        let problem = Self::problem(&status, reason.as_deref(), &metadata, &error.message, call);
        Some(Self {
            http,
            status,
            message: super::redact::redact(&error.message),
            problem,
            reason,
            retry_after,
        })
    }

    fn problem(
        status: &Status,
        reason: Option<&str>,
        metadata: &BTreeMap<String, String>,
        message: &str,
        call: Call,
    ) -> Problem {
        let previous_job_ids = || job_ids(metadata.get("previous_job_ids"));
        let available_at = || {
            metadata
                .get("timestamp_after_24hrs")
                .and_then(|t| parse_time(t))
                .or_else(|| time_in_message(message))
        };
        match reason {
            Some("ALREADY_EXISTS_ONE_TIME" | "ALREADY_EXISTS_TIME_BASED") => {
                if let Some(id) = metadata.get("job_id").filter(|id| !id.is_empty()) {
                    return Problem::AlreadyExists {
                        job_id: JobId(id.clone()),
                        access_type: if reason == Some("ALREADY_EXISTS_ONE_TIME") {
                            AccessType::OneTime
                        } else {
                            AccessType::TimeBased
                        },
                    };
                }
            }
            Some("RESOURCE_EXHAUSTED_ONE_TIME") => {
                return Problem::OneTimeUsed {
                    previous_job_ids: previous_job_ids(),
                };
            }
            Some("RESOURCE_EXHAUSTED_TIME_BASED") => {
                return Problem::Cooldown {
                    previous_job_ids: previous_job_ids(),
                    available_at: available_at(),
                };
            }
            _ => {}
        }
        match status {
            // The time-based quickstart documents the 24 h window as FAILED_PRECONDITION; only
            // an answer that says when the window opens is that (any other precondition is not).
            Status::FailedPrecondition if call == Call::Initiate && available_at().is_some() => {
                Problem::Cooldown {
                    previous_job_ids: previous_job_ids(),
                    available_at: available_at(),
                }
            }
            Status::ResourceExhausted => Problem::RateLimited,
            Status::Unauthenticated => Problem::Unauthenticated,
            Status::PermissionDenied => Problem::NotAuthorized,
            _ => Problem::Other,
        }
    }
}

fn job_ids(list: Option<&String>) -> Vec<JobId> {
    list.map(|ids| {
        ids.split(',')
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(JobId::from)
            .collect()
    })
    .unwrap_or_default()
}

fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// The first RFC 3339 timestamp in a message such as "… initiate another export after
/// 2026-11-23T10:00:00Z."
fn time_in_message(message: &str) -> Option<DateTime<Utc>> {
    message
        .split_whitespace()
        .map(|word| word.trim_end_matches(['.', ',', ')']))
        .find_map(parse_time)
}

/// Reads a `Retry-After` header: delta-seconds or an HTTP date.
pub(crate) fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = DateTime::parse_from_rfc2822(value)
        .ok()?
        .with_timezone(&Utc);
    Some((at - now).to_std().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(http: u16, body: &str, call: Call) -> GoogleError {
        GoogleError::parse(http, body.as_bytes(), None, call).expect("a Google error body")
    }

    #[test]
    fn time_based_exhaustion_gives_the_time_the_window_opens_and_previous_jobs() {
        let error = parse(
            429,
            r#"{"error":{"code":429,"status":"RESOURCE_EXHAUSTED","message":"Requested resources have already been exported. You can initiate another export after 2026-11-23T10:00:00Z.","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"RESOURCE_EXHAUSTED_TIME_BASED","domain":"dataportability.googleapis.com","metadata":{"previous_job_ids":"a, b","timestamp_after_24hrs":"2026-11-23T10:00:00Z"}}]}}"#,
            Call::Initiate,
        );
        assert_eq!(
            error.problem,
            Problem::Cooldown {
                previous_job_ids: vec![JobId::from("a"), JobId::from("b")],
                available_at: Some("2026-11-23T10:00:00Z".parse().unwrap()),
            }
        );
        assert_eq!(error.status, Status::ResourceExhausted);
    }

    #[test]
    fn failed_precondition_on_initiate_is_the_cooldown_with_the_time_from_the_message() {
        let body = r#"{"error":{"code":400,"status":"FAILED_PRECONDITION","message":"Requested resources have already been exported. You can initiate another export after 2026-11-23T10:00:00Z."}}"#;
        assert_eq!(
            parse(400, body, Call::Initiate).problem,
            Problem::Cooldown {
                previous_job_ids: vec![],
                available_at: Some("2026-11-23T10:00:00Z".parse().unwrap()),
            }
        );
        assert_eq!(parse(400, body, Call::Other).problem, Problem::Other);
    }

    #[test]
    fn a_failed_precondition_that_names_no_time_is_not_the_window() {
        let body = r#"{"error":{"code":400,"status":"FAILED_PRECONDITION","message":"The project is not enabled for this API."}}"#;
        assert_eq!(parse(400, body, Call::Initiate).problem, Problem::Other);
    }

    #[test]
    fn a_429_without_an_exhaustion_reason_is_a_rate_limit() {
        let error = parse(
            429,
            r#"{"error":{"code":429,"status":"RESOURCE_EXHAUSTED","message":"Quota exceeded."}}"#,
            Call::Initiate,
        );
        assert_eq!(error.problem, Problem::RateLimited);
    }

    #[test]
    fn non_google_bodies_are_not_parsed() {
        assert!(GoogleError::parse(502, b"<html>Bad gateway</html>", None, Call::Other).is_none());
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now: DateTime<Utc> = "2026-11-22T10:00:00Z".parse().unwrap();
        assert_eq!(parse_retry_after("7", now), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Sun, 22 Nov 2026 10:00:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }
}

/// The fuzz targets' way in: an error answer read as each call would read it.
#[cfg(feature = "fuzzing")]
pub(crate) fn read_error_answer(http: u16, body: &[u8], retry_after: &str) {
    let now = Utc::now();
    let wait = parse_retry_after(retry_after, now);
    for call in [Call::Initiate, Call::Other] {
        if let Some(error) = GoogleError::parse(http, body, wait, call) {
            // What the engine shows and matches on must be derivable without a panic.
            let _ = (error.to_string(), &error.problem, &error.status);
        }
    }
}
