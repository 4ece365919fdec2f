//! `GET /o/oauth2/v2/auth` (and `/o/oauth2/auth`): validates the request the way Google's
//! consent server does, then shows the consent screen or answers at once.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Uri, header};
use axum::response::{IntoResponse, Response};

use super::consent::{answer_consent_form, decide};
use super::pages::ErrorPage;
use super::redirect::is_loopback_redirect;
use super::{AuthRequest, DEFAULT_USER, Pkce, PkceMethod, first, parse_pairs};
use crate::catalog::{ScopeKind, classify_scope};
use crate::faults::{Fault, Route};
use crate::state::Shared;

pub async fn authorize(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    shared.count(|s| s.authorize_calls += 1);
    if let Some(fault) = shared.faults().take_answer(Route::Authorize) {
        return fault_page(fault);
    }
    match validate(&shared, &headers, &uri) {
        Ok(request) => decide(&shared, request),
        Err(page) => page.into_response(),
    }
}

/// `POST /o/oauth2/consent`: the consent page's form.
pub async fn consent_submitted(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    shared.count(|s| s.consent_calls += 1);
    answer_consent_form(&shared, &parse_pairs(&body))
}

fn fault_page(fault: Fault) -> Response {
    let status = match fault {
        Fault::Status(code) | Fault::StatusAfterEffect(code) => code,
        Fault::RateLimit { .. } => 429,
        _ => 500,
    };
    ErrorPage::front_end(status, "The server encountered a temporary error.").into_response()
}

fn validate(shared: &Shared, headers: &HeaderMap, uri: &Uri) -> Result<AuthRequest, ErrorPage> {
    // The browser sends the whole URL; the front end refuses long ones before reading them.
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    let path_and_query = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let full_len = "http://".len() + host.len() + path_and_query.len();
    let max_len = shared.world().config.max_auth_url_len;
    if full_len > max_len {
        return Err(ErrorPage::front_end(
            400,
            format!(
                "Your client has issued a malformed or illegal request. The request URL is too \
                 long ({full_len} characters; at most {max_len} are accepted)."
            ),
        ));
    }
    let pairs = parse_pairs(uri.query().unwrap_or_default().as_bytes());
    let param = |name: &str| first(&pairs, name).filter(|v| !v.is_empty());
    let missing =
        |name: &str| ErrorPage::invalid_request(format!("Missing required parameter: {name}"));

    let client_id = param("client_id").ok_or_else(|| missing("client_id"))?;
    if client_id != shared.client.client_id {
        return Err(ErrorPage::new(
            401,
            "invalid_client",
            "The OAuth client was not found.",
        ));
    }

    let redirect_uri = param("redirect_uri").ok_or_else(|| missing("redirect_uri"))?;
    if redirect_uri.starts_with("urn:ietf:wg:oauth:2.0:oob") {
        return Err(ErrorPage::invalid_request(
            "The out-of-band (OOB) flow has been blocked in order to keep users secure.",
        ));
    }
    if !is_loopback_redirect(redirect_uri) {
        return Err(ErrorPage::new(
            400,
            "redirect_uri_mismatch",
            format!(
                "You can’t sign in to this app because it doesn’t comply with Google’s OAuth 2.0 \
                 policy. Request details: redirect_uri={redirect_uri}"
            ),
        ));
    }

    let response_type = param("response_type").ok_or_else(|| missing("response_type"))?;
    if response_type != "code" {
        return Err(ErrorPage::invalid_request(format!(
            "Invalid response_type: {response_type}"
        )));
    }

    let resources = requested_resources(param("scope").ok_or_else(|| missing("scope"))?)?;

    let offline = match param("access_type") {
        None | Some("online") => false,
        Some("offline") => true,
        Some(other) => {
            return Err(ErrorPage::invalid_request(format!(
                "Invalid access_type: {other}"
            )));
        }
    };

    let pkce = pkce(param("code_challenge"), param("code_challenge_method"))?;

    let user = param("login_hint").unwrap_or(DEFAULT_USER).to_string();

    if param("include_granted_scopes") == Some("true") {
        let now = shared.now();
        let granted = shared.world().tokens.live_resources(client_id, &user, now);
        if resources.iter().any(|r| granted.contains(r)) {
            return Err(ErrorPage::invalid_request(
                "Incremental auth is not allowed for the requested scopes. Request only the \
                 scopes that are not granted yet, without include_granted_scopes.",
            ));
        }
    }

    Ok(AuthRequest {
        client_id: client_id.to_string(),
        redirect_uri: redirect_uri.to_string(),
        state: first(&pairs, "state").map(str::to_string),
        pkce,
        resources,
        user,
        offline,
    })
}

fn requested_resources(scope: &str) -> Result<Vec<String>, ErrorPage> {
    let mut resources: Vec<String> = Vec::new();
    let mut invalid = Vec::new();
    let mut other = false;
    for scope in scope.split_whitespace() {
        match classify_scope(scope) {
            ScopeKind::Portability(resource) => {
                if !resources.iter().any(|r| r == resource) {
                    resources.push(resource.to_string());
                }
            }
            ScopeKind::OtherGoogle => other = true,
            ScopeKind::Invalid => invalid.push(scope.to_string()),
        }
    }
    if !invalid.is_empty() {
        return Err(ErrorPage::new(
            400,
            "invalid_scope",
            format!(
                "Some requested scopes were invalid. {{invalid=[{}]}}",
                invalid.join(", ")
            ),
        ));
    }
    if other && !resources.is_empty() {
        return Err(ErrorPage::invalid_request(
            "Data Portability scopes cannot be requested together with other scopes.",
        ));
    }
    if resources.is_empty() {
        let detail = if other {
            "This server grants only Data Portability scopes."
        } else {
            "Missing required parameter: scope"
        };
        return Err(ErrorPage::new(400, "invalid_scope", detail));
    }
    Ok(resources)
}

fn pkce(challenge: Option<&str>, method: Option<&str>) -> Result<Option<Pkce>, ErrorPage> {
    let method_given = method.is_some();
    let method = match method {
        None | Some("plain") => PkceMethod::Plain,
        Some("S256") => PkceMethod::S256,
        Some(other) => {
            return Err(ErrorPage::invalid_request(format!(
                "Invalid code_challenge_method: {other}"
            )));
        }
    };
    let Some(challenge) = challenge else {
        return match method_given {
            true => Err(ErrorPage::invalid_request(
                "Missing required parameter: code_challenge",
            )),
            false => Ok(None),
        };
    };
    let well_formed = (43..=128).contains(&challenge.len())
        && challenge
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'));
    if !well_formed {
        return Err(ErrorPage::invalid_request("Invalid code_challenge."));
    }
    Ok(Some(Pkce {
        method,
        challenge: challenge.to_string(),
    }))
}
