//! Bearer-token authentication of API calls, with Google's 401 answers.

use axum::http::{HeaderMap, header};

use crate::errors::ApiError;
use crate::oauth::{first, parse_pairs};
use crate::state::Shared;
use crate::tokens::{AccessCheck, Caller};

const MISSING: &str = "Request is missing required authentication credential. Expected OAuth 2 \
    access token, login cookie or other valid authentication credential. See \
    https://developers.google.com/identity/sign-in/web/devconsole-project.";
const INVALID: &str = "Request had invalid authentication credentials. Expected OAuth 2 access \
    token, login cookie or other valid authentication credential. See \
    https://developers.google.com/identity/sign-in/web/devconsole-project.";

/// The token comes from `Authorization: Bearer …` or, as Google's standard parameters allow,
/// from `access_token`/`oauth_token` in the query.
pub fn authenticate(shared: &Shared, headers: &HeaderMap, query: &str) -> Result<Caller, ApiError> {
    let token = match headers.get(header::AUTHORIZATION) {
        Some(value) => {
            let value = value.to_str().unwrap_or_default();
            match value.split_once(' ') {
                Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => {
                    Some(token.trim().to_string())
                }
                _ => return Err(invalid("ACCESS_TOKEN_TYPE_UNSUPPORTED")),
            }
        }
        None => {
            let pairs = parse_pairs(query.as_bytes());
            first(&pairs, "access_token")
                .or_else(|| first(&pairs, "oauth_token"))
                .map(str::to_string)
        }
    };
    let Some(token) = token.filter(|t| !t.is_empty()) else {
        return Err(ApiError::unauthenticated(MISSING)
            .error_info("CREDENTIALS_MISSING", "googleapis.com", &service())
            .with_www_authenticate("Bearer realm=\"https://accounts.google.com/\""));
    };
    let now = shared.now();
    match shared.world().tokens.check_access(&token, now) {
        AccessCheck::Valid(caller) => Ok(caller),
        AccessCheck::Expired => Err(invalid("ACCESS_TOKEN_EXPIRED")),
        AccessCheck::Invalid => Err(invalid("ACCESS_TOKEN_TYPE_UNSUPPORTED")),
    }
}

fn invalid(reason: &str) -> ApiError {
    ApiError::unauthenticated(INVALID)
        .error_info(reason, "googleapis.com", &service())
        .with_www_authenticate(
            "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"",
        )
}

fn service() -> [(&'static str, String); 1] {
    [("service", "dataportability.googleapis.com".to_string())]
}
