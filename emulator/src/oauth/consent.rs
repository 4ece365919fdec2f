//! The user's answer to a consent request, from the page or from the auto-consent setting, and
//! the redirect back to the app that carries it.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::TimeDelta;

use super::pages::{ConsentView, ErrorPage, consent_page};
use super::redirect::with_query;
use super::{AuthCode, AuthRequest, PendingConsent, first};
use crate::catalog;
use crate::clock::plus;
use crate::settings::{AccessChoice, ConsentMode};
use crate::state::Shared;
use crate::tokens::split_access;

/// Authorization codes live 10 minutes (emulator clock).
const CODE_LIFETIME: TimeDelta = TimeDelta::minutes(10);
/// An unanswered consent page expires like a sign-in session would.
const CONSENT_LIFETIME: TimeDelta = TimeDelta::hours(1);

pub fn decide(shared: &Shared, request: AuthRequest) -> Response {
    let (mode, access) = {
        let world = shared.world();
        (world.config.consent.clone(), world.config.access)
    };
    match mode {
        ConsentMode::Page => {
            let now = shared.now();
            let mut world = shared.world();
            world.consents.retain(|_, c| c.expires_at > now);
            let consent_id = world.ids.consent_id();
            world.consents.insert(
                consent_id.clone(),
                PendingConsent {
                    request: request.clone(),
                    expires_at: plus(now, CONSENT_LIFETIME),
                },
            );
            drop(world);
            consent_page(&ConsentView {
                consent_id: &consent_id,
                user: &request.user,
                resources: &request.resources,
                preselected: access,
            })
        }
        ConsentMode::AutoAll => {
            let granted = request.resources.clone();
            grant(shared, &request, granted, access)
        }
        ConsentMode::AutoSubset(allowed) => {
            let granted: Vec<String> = request
                .resources
                .iter()
                .filter(|r| allowed.contains(r))
                .cloned()
                .collect();
            grant(shared, &request, granted, access)
        }
        ConsentMode::Deny => deny(&request),
    }
}

pub fn answer_consent_form(shared: &Shared, form: &[(String, String)]) -> Response {
    let Some(consent_id) = first(form, "consent_id") else {
        return ErrorPage::invalid_request("Missing required parameter: consent_id")
            .into_response();
    };
    let now = shared.now();
    let pending = shared.world().consents.remove(consent_id);
    let Some(pending) = pending.filter(|p| p.expires_at > now) else {
        return ErrorPage::invalid_request("This consent request has expired. Start again.")
            .into_response();
    };
    let request = pending.request;
    if first(form, "action") != Some("allow") {
        return deny(&request);
    }
    let access = match first(form, "access").map(AccessChoice::parse) {
        Some(Some(access)) => access,
        _ => return ErrorPage::invalid_request("Choose how long access lasts.").into_response(),
    };
    // Only what was asked for can be granted, whatever the form claims.
    let granted: Vec<String> = request
        .resources
        .iter()
        .filter(|r| {
            let scope = catalog::scope_of(r);
            form.iter().any(|(k, v)| k == "scope" && *v == scope)
        })
        .cloned()
        .collect();
    grant(shared, &request, granted, access)
}

fn grant(
    shared: &Shared,
    request: &AuthRequest,
    granted: Vec<String>,
    access: AccessChoice,
) -> Response {
    if granted.is_empty() {
        return deny(request);
    }
    let now = shared.now();
    let code = {
        let mut world = shared.world();
        let (access, one_time_part) = split_access(access, &granted, &world.config.mixed_access);
        world.codes.retain(|_, c| c.expires_at > now);
        let code = world.ids.authorization_code();
        world.codes.insert(
            code.clone(),
            AuthCode {
                client_id: request.client_id.clone(),
                user: request.user.clone(),
                redirect_uri: request.redirect_uri.clone(),
                pkce: request.pkce.clone(),
                resources: granted.clone(),
                access,
                one_time_part,
                offline: request.offline,
                consented_at: now,
                expires_at: plus(now, CODE_LIFETIME),
            },
        );
        code
    };
    let scope = granted
        .iter()
        .map(|r| catalog::scope_of(r))
        .collect::<Vec<_>>()
        .join(" ");
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    if let Some(state) = &request.state {
        pairs.push(("state", state));
    }
    pairs.extend([
        ("code", code.as_str()),
        ("scope", scope.as_str()),
        ("authuser", "0"),
        ("prompt", "consent"),
        ("iss", "https://accounts.google.com"),
    ]);
    found(&with_query(&request.redirect_uri, &pairs))
}

fn deny(request: &AuthRequest) -> Response {
    let mut pairs = vec![("error", "access_denied")];
    if let Some(state) = &request.state {
        pairs.push(("state", state));
    }
    found(&with_query(&request.redirect_uri, &pairs))
}

fn found(location: &str) -> Response {
    (
        StatusCode::FOUND,
        [
            (header::LOCATION, location),
            (header::CACHE_CONTROL, "no-cache, no-store, max-age=0"),
        ],
    )
        .into_response()
}
