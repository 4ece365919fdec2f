//! Cloud Storage's XML error bodies.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::oauth::escape_html;

#[derive(Debug, Clone)]
pub struct XmlError {
    pub status: u16,
    pub code: &'static str,
    pub message: &'static str,
    pub details: Option<String>,
}

impl XmlError {
    pub fn new(status: u16, code: &'static str, message: &'static str) -> XmlError {
        XmlError {
            status,
            code,
            message,
            details: None,
        }
    }

    pub fn details(mut self, details: impl Into<String>) -> XmlError {
        self.details = Some(details.into());
        self
    }

    pub fn no_such_key(bucket: &str, object: &str) -> XmlError {
        XmlError::new(404, "NoSuchKey", "The specified key does not exist.")
            .details(format!("No such object: {bucket}/{object}"))
    }

    /// Injected server-side failures.
    pub fn from_code(code: u16) -> XmlError {
        match code {
            429 => XmlError::new(429, "SlowDown", "Please reduce your request rate."),
            503 => XmlError::new(
                503,
                "ServiceUnavailable",
                "Service Unavailable. Please try again.",
            ),
            _ => XmlError::new(
                code,
                "InternalError",
                "We encountered an internal error. Please try again.",
            ),
        }
    }
}

impl IntoResponse for XmlError {
    fn into_response(self) -> Response {
        let details = self
            .details
            .map(|d| format!("<Details>{}</Details>", escape_html(&d)))
            .unwrap_or_default();
        let body = format!(
            "<?xml version='1.0' encoding='UTF-8'?><Error><Code>{}</Code><Message>{}</Message>{details}</Error>",
            self.code, self.message
        );
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (
            status,
            [(header::CONTENT_TYPE, "application/xml; charset=UTF-8")],
            body,
        )
            .into_response()
    }
}
