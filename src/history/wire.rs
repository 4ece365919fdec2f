//! One request of restic's REST protocol and its answer, whichever transport carries them:
//! the network (`rest`) or an rclone child's pipes (`rclone`).

use bytes::Bytes;
use reqwest::{Method, StatusCode};

/// One request of the protocol: `path` is relative to the repository's root.
pub struct Call {
    pub method: Method,
    pub path: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Option<Bytes>,
}

/// A whole answer: the status and, read to its end, the body.
pub struct Answer {
    pub status: StatusCode,
    pub body: Bytes,
}

/// An error and its causes, one after the other (reqwest's own text stops at the first).
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        cause = inner.source();
    }
    text
}
