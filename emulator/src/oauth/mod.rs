//! Google's OAuth 2.0 endpoints for installed apps: authorization with a consent screen, token
//! (code exchange with PKCE, refresh) and revocation.

mod authorize;
mod consent;
mod pages;
mod redirect;
mod renewal;
mod revoke;
mod token;

use chrono::{DateTime, Utc};

pub use authorize::{authorize, consent_submitted};
pub use pages::escape as escape_html;
pub use renewal::{PendingRenewal, renew_grants, renewal_link, renewal_submitted};
pub use revoke::revoke;
pub use token::token;

use crate::settings::AccessChoice;

/// The account that consents when the request names none (`login_hint`).
pub const DEFAULT_USER: &str = "demo.user@example.com";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PkceMethod {
    S256,
    Plain,
}

#[derive(Debug, Clone)]
pub struct Pkce {
    pub method: PkceMethod,
    pub challenge: String,
}

/// A validated authorization request.
#[derive(Debug, Clone)]
pub struct AuthRequest {
    pub client_id: String,
    pub redirect_uri: String,
    pub state: Option<String>,
    pub pkce: Option<Pkce>,
    /// Requested resources in request order, without duplicates.
    pub resources: Vec<String>,
    pub user: String,
    /// `access_type=offline`: a refresh token comes with the access token.
    pub offline: bool,
}

/// A consent page shown and not yet answered.
#[derive(Debug, Clone)]
pub struct PendingConsent {
    pub request: AuthRequest,
    pub expires_at: DateTime<Utc>,
}

/// An authorization code, bound to everything the token endpoint must check.
#[derive(Debug, Clone)]
pub struct AuthCode {
    pub client_id: String,
    pub user: String,
    pub redirect_uri: String,
    pub pkce: Option<Pkce>,
    pub resources: Vec<String>,
    /// The access of the time-based part (`OneTime` when there is none).
    pub access: AccessChoice,
    /// Resources granted one-time in a time-based grant (`mixed_access`).
    pub one_time_part: Vec<String>,
    pub offline: bool,
    /// When the user consented.
    pub consented_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// Query or form pairs in order, repeated names kept.
pub fn parse_pairs(input: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(input).into_owned().collect()
}

pub fn first<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}
