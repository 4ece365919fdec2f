//! Google's renewal link for time-based access,
//! `https://myaccount.google.com/connections/link?project_number=N`: a page of the signed-in
//! account that extends the app's time-based grants by the duration first chosen.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::Uri;
use axum::response::Response;
use chrono::{DateTime, TimeDelta, Utc};

use super::pages::{RenewalGrant, RenewalView, account_page, renewal_page};
use super::{DEFAULT_USER, first, parse_pairs};
use crate::clock::{after, plus};
use crate::settings::ConsentMode;
use crate::state::Shared;

/// A time-based grant can be renewed from this long before it ends.
pub const RENEWAL_OPENS_BEFORE_END: TimeDelta = TimeDelta::days(90);
/// An unanswered renewal page expires like a sign-in session would.
const RENEWAL_PAGE_LIFETIME: TimeDelta = TimeDelta::hours(1);

const TESTING: &str = "Renewal is not available for apps in Testing status. Access of an app in \
    Testing status ends after 7 days; the user must sign in to the app again.";

/// A renewal page shown and not yet answered.
#[derive(Debug, Clone)]
pub struct PendingRenewal {
    pub user: String,
    /// The grants the page offered to renew.
    pub grants: Vec<u64>,
    pub expires_at: DateTime<Utc>,
}

/// What a renewal did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Renewal {
    /// The client is in Testing status: nothing can be renewed.
    Testing,
    /// The account has no live time-based grant of this client (among those offered).
    NothingToRenew,
    /// No grant is within 90 days of its end yet; the earliest can be renewed from then.
    NotYet(DateTime<Utc>),
    /// These grants now end at these times.
    Renewed(Vec<DateTime<Utc>>),
}

impl Renewal {
    /// The outcome as `Control::renew` reports it.
    pub fn into_result(self) -> Result<usize, String> {
        match self {
            Renewal::Renewed(ends) => Ok(ends.len()),
            Renewal::Testing => Err(TESTING.to_string()),
            Renewal::NothingToRenew => {
                Err("The account has no time-based access of this app to renew.".to_string())
            }
            Renewal::NotYet(from) => Err(format!(
                "This access cannot be renewed yet: renewal opens on {} (90 days before it ends).",
                day(from)
            )),
        }
    }
}

/// Renews every live time-based grant of the client and `user` that is within 90 days of its
/// end (only those in `offered`, if given): each then ends its chosen duration from now.
pub fn renew_grants(shared: &Shared, user: &str, offered: Option<&[u64]>) -> Renewal {
    let now = shared.now();
    let client_id = &shared.client.client_id;
    let mut world = shared.world();
    if world.config.testing_client {
        return Renewal::Testing;
    }
    let ids: Vec<u64> = world
        .tokens
        .time_based_grants(client_id, user, now)
        .into_iter()
        .filter(|id| offered.is_none_or(|offered| offered.contains(id)))
        .collect();
    if ids.is_empty() {
        return Renewal::NothingToRenew;
    }
    let mut renewed = Vec::new();
    let mut opens: Option<DateTime<Utc>> = None;
    for id in ids {
        let Some(grant) = world.tokens.grant(id) else {
            continue;
        };
        let (Some(end), Some(lifetime)) = (grant.expires_at, grant.access.grant_lifetime()) else {
            continue;
        };
        let from = plus(end, -RENEWAL_OPENS_BEFORE_END);
        if now < from {
            opens = Some(opens.map_or(from, |o| o.min(from)));
            continue;
        }
        let until = after(now, lifetime);
        world.tokens.extend(id, until);
        renewed.push(until);
    }
    drop(world);
    match (renewed.is_empty(), opens) {
        (false, _) => {
            let count = renewed.len() as u64;
            shared.count(|s| s.grants_renewed += count);
            Renewal::Renewed(renewed)
        }
        (true, Some(from)) => Renewal::NotYet(from),
        (true, None) => Renewal::NothingToRenew,
    }
}

/// `GET /connections/link?project_number=N`: the renewal page of the signed-in account
/// (`login_hint`, else the default account). Under auto-consent the simulated user renews at
/// once; under `Deny` they decline.
pub async fn renewal_link(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    shared.count(|s| s.renew_calls += 1);
    let pairs = parse_pairs(uri.query().unwrap_or_default().as_bytes());
    if first(&pairs, "project_number") != Some(shared.client.project_number.as_str()) {
        return account_page(
            404,
            "App not found",
            "No app with this project number has access to your Google Account.",
        );
    }
    let user = first(&pairs, "login_hint")
        .filter(|u| !u.is_empty())
        .unwrap_or(DEFAULT_USER)
        .to_string();
    let (mode, testing) = {
        let world = shared.world();
        (world.config.consent.clone(), world.config.testing_client)
    };
    if testing {
        return outcome_page(&user, Renewal::Testing);
    }
    match mode {
        ConsentMode::Page => show_page(&shared, &user),
        ConsentMode::AutoAll | ConsentMode::AutoSubset(_) => {
            outcome_page(&user, renew_grants(&shared, &user, None))
        }
        ConsentMode::Deny => not_renewed(&user),
    }
}

/// `POST /connections/link`: the renewal page's form (`renewal_id`, `action=renew|cancel`).
pub async fn renewal_submitted(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    shared.count(|s| s.renew_calls += 1);
    let form = parse_pairs(&body);
    let now = shared.now();
    let pending = first(&form, "renewal_id").and_then(|id| shared.world().renewals.remove(id));
    let Some(pending) = pending.filter(|p| p.expires_at > now) else {
        return account_page(
            400,
            "Something went wrong",
            "This renewal request has expired. Open the renewal link again.",
        );
    };
    if first(&form, "action") != Some("renew") {
        return not_renewed(&pending.user);
    }
    let outcome = renew_grants(&shared, &pending.user, Some(&pending.grants));
    outcome_page(&pending.user, outcome)
}

fn show_page(shared: &Shared, user: &str) -> Response {
    let now = shared.now();
    let mut world = shared.world();
    let ids = world
        .tokens
        .time_based_grants(&shared.client.client_id, user, now);
    let grants: Vec<(u64, RenewalGrant)> = ids
        .into_iter()
        .filter_map(|id| {
            let grant = world.tokens.grant(id)?;
            let end = grant.expires_at?;
            let from = plus(end, -RENEWAL_OPENS_BEFORE_END);
            Some((
                id,
                RenewalGrant {
                    access: grant.access,
                    resources: grant.resources.clone(),
                    ends: end,
                    renewable_from: (now < from).then_some(from),
                },
            ))
        })
        .collect();
    let renewable: Vec<u64> = grants
        .iter()
        .filter(|(_, g)| g.renewable_from.is_none())
        .map(|(id, _)| *id)
        .collect();
    let renewal_id = if renewable.is_empty() {
        None
    } else {
        world.renewals.retain(|_, r| r.expires_at > now);
        let id = world.ids.consent_id();
        world.renewals.insert(
            id.clone(),
            PendingRenewal {
                user: user.to_string(),
                grants: renewable,
                expires_at: plus(now, RENEWAL_PAGE_LIFETIME),
            },
        );
        Some(id)
    };
    drop(world);
    let grants: Vec<RenewalGrant> = grants.into_iter().map(|(_, g)| g).collect();
    renewal_page(&RenewalView {
        user,
        renewal_id: renewal_id.as_deref(),
        grants: &grants,
    })
}

fn outcome_page(user: &str, outcome: Renewal) -> Response {
    let account = format!("Signed in as {user}.");
    match outcome {
        Renewal::Testing => account_page(400, "Renewal not available", TESTING),
        Renewal::NothingToRenew => account_page(
            200,
            "Nothing to renew",
            &format!(
                "{account} This app has no time-based access to your Google Account to renew."
            ),
        ),
        Renewal::NotYet(from) => account_page(
            200,
            "Access cannot be renewed yet",
            &format!(
                "{account} This app's access cannot be renewed yet. You can renew it from {} \
                 (90 days before it ends).",
                day(from)
            ),
        ),
        Renewal::Renewed(ends) => {
            let until = ends.iter().max().copied().map(day).unwrap_or_default();
            account_page(
                200,
                "Access renewed",
                &format!(
                    "{account} Access renewed: the app keeps its access to your data until \
                     {until}."
                ),
            )
        }
    }
}

fn not_renewed(user: &str) -> Response {
    account_page(
        200,
        "Access not renewed",
        &format!("Signed in as {user}. Access was not renewed; it ends as planned."),
    )
}

fn day(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}
