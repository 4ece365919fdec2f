//! `POST /token`: authorization-code exchange (with PKCE) and refresh, with Google's errors.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{AuthCode, PkceMethod, first, parse_pairs};
use crate::catalog;
use crate::errors::{OAuthError, google_json};
use crate::faults::{Fault, Route};
use crate::state::Shared;
use crate::tokens::{NewGrant, RefreshFailure};

/// Field order as Google writes it.
#[derive(Debug, Serialize)]
struct TokenResponse {
    access_token: String,
    expires_in: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    refresh_token: Option<String>,
    scope: String,
    token_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    refresh_token_expires_in: Option<i64>,
}

pub async fn token(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    shared.count(|s| s.token_calls += 1);
    let fault = shared.faults().take_answer(Route::Token);
    match fault {
        Some(Fault::Status(code)) => return OAuthError::from_code(code).into_response(),
        Some(Fault::RateLimit { retry_after_secs }) => {
            let mut error = OAuthError::from_code(429);
            error.retry_after_secs = Some(retry_after_secs);
            return error.into_response();
        }
        _ => {}
    }
    let form = form_of(&headers, &body);
    let result = answer(&shared, &headers, &form);
    match (fault, result) {
        (Some(Fault::StatusAfterEffect(code)), _) => OAuthError::from_code(code).into_response(),
        (_, Ok(response)) => no_store(google_json(&response)),
        (_, Err(error)) => error.into_response(),
    }
}

/// Google reads the token request as a form, and also accepts a flat JSON object.
fn form_of(headers: &HeaderMap, body: &[u8]) -> Vec<(String, String)> {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|c| c.to_str().ok())
        .is_some_and(|c| c.starts_with("application/json"));
    if !json {
        return parse_pairs(body);
    }
    let Ok(serde_json::Value::Object(object)) = serde_json::from_slice(body) else {
        return Vec::new();
    };
    object
        .into_iter()
        .filter_map(|(k, v)| match v {
            serde_json::Value::String(s) => Some((k, s)),
            serde_json::Value::Number(n) => Some((k, n.to_string())),
            _ => None,
        })
        .collect()
}

fn no_store(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache, no-store, max-age=0, must-revalidate"),
    );
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    response
}

fn answer(
    shared: &Shared,
    headers: &HeaderMap,
    form: &[(String, String)],
) -> Result<TokenResponse, OAuthError> {
    let param = |name: &str| first(form, name).filter(|v| !v.is_empty());
    let grant_type = param("grant_type").unwrap_or_default();
    if !matches!(grant_type, "authorization_code" | "refresh_token") {
        return Err(OAuthError::new(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            format!("Invalid grant_type: {grant_type}"),
        ));
    }
    let (client_id, client_secret) = match basic_credentials(headers) {
        Some((id, secret)) => (Some(id), Some(secret).filter(|s| !s.is_empty())),
        None => (
            param("client_id").map(str::to_string),
            param("client_secret").map(str::to_string),
        ),
    };
    let Some(client_id) = client_id else {
        return Err(OAuthError::invalid_request(
            "Could not determine client ID from request.",
        ));
    };
    if client_id != shared.client.client_id {
        return Err(OAuthError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "The OAuth client was not found.",
        ));
    }
    let Some(client_secret) = client_secret else {
        return Err(OAuthError::invalid_request("client_secret is missing."));
    };
    if client_secret != shared.client.client_secret {
        return Err(OAuthError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Unauthorized",
        ));
    }
    if grant_type == "authorization_code" {
        exchange_code(shared, &client_id, form)
    } else {
        refresh(shared, &client_id, form)
    }
}

/// `Authorization: Basic base64(client_id:client_secret)`, each part form-urlencoded.
fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = STANDARD.decode(encoded.trim()).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, secret) = text.split_once(':')?;
    let unescape = |s: &str| {
        url::form_urlencoded::parse(format!("v={s}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    Some((unescape(id), unescape(secret)))
}

fn exchange_code(
    shared: &Shared,
    client_id: &str,
    form: &[(String, String)],
) -> Result<TokenResponse, OAuthError> {
    let param = |name: &str| first(form, name).filter(|v| !v.is_empty());
    let Some(code) = param("code") else {
        return Err(OAuthError::invalid_request(
            "Missing required parameter: code",
        ));
    };
    let now = shared.now();
    let mut world = shared.world();
    let stored: AuthCode = match world.codes.get(code) {
        Some(c) if c.client_id == client_id && c.expires_at > now => c.clone(),
        _ => return Err(OAuthError::invalid_grant("Bad Request")),
    };
    let Some(redirect_uri) = param("redirect_uri") else {
        return Err(OAuthError::invalid_request(
            "Missing parameter: redirect_uri",
        ));
    };
    if redirect_uri != stored.redirect_uri {
        return Err(OAuthError::new(
            StatusCode::BAD_REQUEST,
            "redirect_uri_mismatch",
            "Bad Request",
        ));
    }
    let verifier = param("code_verifier");
    match (&stored.pkce, verifier) {
        (Some(_), None) => return Err(OAuthError::invalid_grant("Missing code verifier.")),
        (None, Some(_)) => {
            return Err(OAuthError::invalid_grant(
                "code_verifier or verifier is not needed.",
            ));
        }
        (Some(pkce), Some(verifier)) => {
            let derived = match pkce.method {
                PkceMethod::S256 => URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())),
                PkceMethod::Plain => verifier.to_string(),
            };
            if derived != pkce.challenge {
                return Err(OAuthError::invalid_grant("Invalid code verifier."));
            }
        }
        (None, None) => {}
    }
    world.codes.remove(code);
    let access_lifetime = world.config.access_token_lifetime;
    let refresh_lifetime = world.config.refresh_lifetime(stored.access);
    let world = &mut *world;
    let issued = world.tokens.issue(
        &mut world.ids,
        now,
        NewGrant {
            client_id,
            user: &stored.user,
            resources: stored.resources.clone(),
            access: stored.access,
            one_time_part: stored.one_time_part.clone(),
            offline: stored.offline,
            lifetimes: crate::tokens::Lifetimes {
                access: access_lifetime,
                refresh: refresh_lifetime,
            },
            consented_at: stored.consented_at,
        },
    );
    let advertised = issued
        .refresh_token
        .as_ref()
        .and(advertised_refresh_lifetime(&issued.grant, now));
    Ok(TokenResponse {
        access_token: issued.access_token,
        expires_in: access_lifetime.as_secs(),
        refresh_token: issued.refresh_token,
        scope: scope_string(&stored.resources),
        token_type: "Bearer",
        refresh_token_expires_in: advertised,
    })
}

fn refresh(
    shared: &Shared,
    client_id: &str,
    form: &[(String, String)],
) -> Result<TokenResponse, OAuthError> {
    let Some(refresh_token) = first(form, "refresh_token").filter(|v| !v.is_empty()) else {
        return Err(OAuthError::invalid_request(
            "Missing required parameter: refresh_token",
        ));
    };
    let now = shared.now();
    let mut world = shared.world();
    let access_lifetime = world.config.access_token_lifetime;
    let world = &mut *world;
    let (access_token, grant) = world
        .tokens
        .refresh(
            &mut world.ids,
            now,
            client_id,
            refresh_token,
            access_lifetime,
        )
        .map_err(|failure| match failure {
            RefreshFailure::Unknown => OAuthError::invalid_grant("Bad Request"),
            RefreshFailure::WrongClient => OAuthError::new(
                StatusCode::BAD_REQUEST,
                "unauthorized_client",
                "Unauthorized",
            ),
            RefreshFailure::Dead => OAuthError::invalid_grant("Token has been expired or revoked."),
        })?;
    Ok(TokenResponse {
        access_token,
        expires_in: access_lifetime.as_secs(),
        refresh_token: None,
        scope: scope_string(&grant.resources),
        token_type: "Bearer",
        refresh_token_expires_in: advertised_refresh_lifetime(&grant, now),
    })
}

/// Seconds the refresh token has left, announced only for time-based grants (a refresh answer
/// announces what is left, not the original lifetime).
fn advertised_refresh_lifetime(
    grant: &crate::tokens::Grant,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<i64> {
    if !grant.access.is_time_based() {
        return None;
    }
    grant.expires_at.map(|end| (end - now).num_seconds().max(0))
}

fn scope_string(resources: &[String]) -> String {
    resources
        .iter()
        .map(|r| catalog::scope_of(r))
        .collect::<Vec<_>>()
        .join(" ")
}
