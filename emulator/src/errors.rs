//! Google's JSON error bodies: the API's `{"error":{code,message,status,details}}` and the
//! OAuth token endpoint's `{"error","error_description"}`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::json;

pub const ERROR_DOMAIN: &str = "dataportability.googleapis.com";

/// A Google API error, rendered as Google's JSON error format.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    /// Canonical names are not one-to-one with HTTP codes (400 is INVALID_ARGUMENT or
    /// FAILED_PRECONDITION), so each error carries its own.
    pub canonical: &'static str,
    pub message: String,
    pub details: Vec<Detail>,
    pub www_authenticate: Option<String>,
    pub retry_after_secs: Option<u64>,
}

/// The canonical status name Google pairs with an HTTP code by default.
pub fn status_name(code: u16) -> &'static str {
    match code {
        400 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        409 => "ABORTED",
        412 => "FAILED_PRECONDITION",
        429 => "RESOURCE_EXHAUSTED",
        499 => "CANCELLED",
        501 => "UNIMPLEMENTED",
        503 => "UNAVAILABLE",
        504 => "DEADLINE_EXCEEDED",
        _ => "INTERNAL",
    }
}

/// The stock message Google's front end uses for a canonical code.
pub fn stock_message(code: u16) -> &'static str {
    match code {
        400 => "Request contains an invalid argument.",
        401 => "Request had invalid authentication credentials.",
        403 => "The caller does not have permission",
        404 => "Requested entity was not found.",
        409 => "The operation was aborted.",
        429 => "Resource has been exhausted (e.g. check quota).",
        501 => "Operation is not implemented, or supported, or enabled.",
        503 => "The service is currently unavailable.",
        504 => "The request timed out. Please try again.",
        _ => "Internal error encountered.",
    }
}

impl ApiError {
    fn with_status(status: u16, canonical: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            canonical,
            message: message.into(),
            details: Vec::new(),
            www_authenticate: None,
            retry_after_secs: None,
        }
    }

    pub fn invalid_argument(message: impl Into<String>) -> ApiError {
        ApiError::with_status(400, "INVALID_ARGUMENT", message)
    }

    pub fn failed_precondition(message: impl Into<String>) -> ApiError {
        ApiError::with_status(400, "FAILED_PRECONDITION", message)
    }

    pub fn unauthenticated(message: impl Into<String>) -> ApiError {
        ApiError::with_status(401, "UNAUTHENTICATED", message)
    }

    pub fn permission_denied(message: impl Into<String>) -> ApiError {
        ApiError::with_status(403, "PERMISSION_DENIED", message)
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::with_status(404, "NOT_FOUND", message)
    }

    pub fn already_exists(message: impl Into<String>) -> ApiError {
        ApiError::with_status(409, "ALREADY_EXISTS", message)
    }

    pub fn resource_exhausted(message: impl Into<String>) -> ApiError {
        ApiError::with_status(429, "RESOURCE_EXHAUSTED", message)
    }

    /// Any HTTP code with Google's stock status and message for it (injected faults).
    pub fn from_code(code: u16) -> ApiError {
        ApiError::with_status(code, status_name(code), stock_message(code))
    }

    /// Appends an ErrorInfo; metadata values are strings as in `map<string,string>`.
    pub fn error_info(mut self, reason: &str, domain: &str, metadata: &[(&str, String)]) -> Self {
        self.details.push(Detail::ErrorInfo {
            type_url: "type.googleapis.com/google.rpc.ErrorInfo",
            reason: reason.to_string(),
            domain: domain.to_string(),
            metadata: metadata
                .iter()
                .map(|(k, v)| ((*k).to_string(), v.clone()))
                .collect(),
        });
        self
    }

    pub fn debug_info(mut self, detail: impl Into<String>) -> Self {
        self.details.push(Detail::DebugInfo {
            type_url: "type.googleapis.com/google.rpc.DebugInfo",
            detail: detail.into(),
        });
        self
    }

    /// The BadRequest detail Google's JSON transcoder attaches to payload errors.
    pub fn field_violation(mut self, field: Option<&str>, description: &str) -> Self {
        self.details.push(Detail::BadRequest {
            type_url: "type.googleapis.com/google.rpc.BadRequest",
            field_violations: vec![FieldViolation {
                field: field.map(str::to_string),
                description: description.to_string(),
            }],
        });
        self
    }

    pub fn with_www_authenticate(mut self, value: impl Into<String>) -> Self {
        self.www_authenticate = Some(value.into());
        self
    }

    pub fn with_retry_after(mut self, secs: u64) -> Self {
        self.retry_after_secs = Some(secs);
        self
    }

    fn body_text(&self) -> String {
        pretty(&ErrorEnvelope {
            error: ErrorBody {
                code: self.status.as_u16(),
                message: &self.message,
                status: self.canonical,
                details: &self.details,
            },
        })
    }
}

/// Fields in the order Google writes them.
#[derive(Serialize)]
struct ErrorEnvelope<'a> {
    error: ErrorBody<'a>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    code: u16,
    message: &'a str,
    status: &'a str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    details: &'a [Detail],
}

/// A `google.rpc` detail message, in proto3 JSON with its `@type`.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Detail {
    ErrorInfo {
        #[serde(rename = "@type")]
        type_url: &'static str,
        reason: String,
        domain: String,
        #[serde(skip_serializing_if = "BTreeMap::is_empty")]
        metadata: BTreeMap<String, String>,
    },
    DebugInfo {
        #[serde(rename = "@type")]
        type_url: &'static str,
        detail: String,
    },
    BadRequest {
        #[serde(rename = "@type")]
        type_url: &'static str,
        #[serde(rename = "fieldViolations")]
        field_violations: Vec<FieldViolation>,
    },
}

#[derive(Debug, Clone, Serialize)]
pub struct FieldViolation {
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<String>,
    description: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, google_json_text(self.body_text())).into_response();
        let headers = response.headers_mut();
        if let Some(value) = self
            .www_authenticate
            .as_deref()
            .and_then(|v| HeaderValue::from_str(v).ok())
        {
            headers.insert(header::WWW_AUTHENTICATE, value);
        }
        if let Some(secs) = self.retry_after_secs {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

/// Google pretty-prints JSON by default (`prettyPrint=true`), two spaces, fields in proto order.
pub fn pretty<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}

pub fn google_json<T: Serialize>(value: &T) -> Response {
    google_json_text(pretty(value))
}

fn google_json_text(text: String) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json; charset=UTF-8")],
        text,
    )
        .into_response()
}

/// An OAuth endpoint error: `{"error": "...", "error_description": "..."}`.
#[derive(Debug, Clone)]
pub struct OAuthError {
    pub status: StatusCode,
    pub error: &'static str,
    pub description: String,
    pub retry_after_secs: Option<u64>,
}

impl OAuthError {
    pub fn new(status: StatusCode, error: &'static str, description: impl Into<String>) -> Self {
        OAuthError {
            status,
            error,
            description: description.into(),
            retry_after_secs: None,
        }
    }

    pub fn invalid_grant(description: impl Into<String>) -> Self {
        OAuthError::new(StatusCode::BAD_REQUEST, "invalid_grant", description)
    }

    pub fn invalid_request(description: impl Into<String>) -> Self {
        OAuthError::new(StatusCode::BAD_REQUEST, "invalid_request", description)
    }

    /// Injected server-side failures of the OAuth endpoints.
    pub fn from_code(code: u16) -> Self {
        let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let (error, description) = match code {
            429 => ("rate_limit_exceeded", "Rate Limit Exceeded"),
            503 => ("temporarily_unavailable", "Service unavailable"),
            _ => ("internal_failure", "Backend Error"),
        };
        OAuthError::new(status, error, description)
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let body = json!({ "error": self.error, "error_description": self.description });
        let mut response = (self.status, google_json(&body)).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache, no-store, max-age=0, must-revalidate"),
        );
        if let Some(secs) = self.retry_after_secs {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}
