//! `POST /revoke`: revokes a token and the grant behind it.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use super::{first, parse_pairs};
use crate::errors::OAuthError;
use crate::faults::{Fault, Route};
use crate::state::Shared;

pub async fn revoke(State(shared): State<Arc<Shared>>, uri: Uri, body: Bytes) -> Response {
    shared.count(|s| s.revoke_calls += 1);
    let fault = shared.faults().take_answer(Route::Revoke);
    match fault {
        Some(Fault::Status(code)) => return OAuthError::from_code(code).into_response(),
        Some(Fault::RateLimit { retry_after_secs }) => {
            let mut error = OAuthError::from_code(429);
            error.retry_after_secs = Some(retry_after_secs);
            return error.into_response();
        }
        _ => {}
    }
    let form = parse_pairs(&body);
    let query = parse_pairs(uri.query().unwrap_or_default().as_bytes());
    let token = first(&form, "token")
        .or_else(|| first(&query, "token"))
        .filter(|t| !t.is_empty())
        .map(str::to_string);
    let Some(token) = token else {
        return OAuthError::invalid_request("Bad Request").into_response();
    };
    let now = shared.now();
    let revoked = shared.world().tokens.revoke(&token, now);
    if let Some(Fault::StatusAfterEffect(code)) = fault {
        return OAuthError::from_code(code).into_response();
    }
    if revoked {
        (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            "{}\n",
        )
            .into_response()
    } else {
        OAuthError::new(
            StatusCode::BAD_REQUEST,
            "invalid_token",
            "Token expired or revoked",
        )
        .into_response()
    }
}
