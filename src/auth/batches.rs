//! Splitting the scopes of one sign-in into several consents when a single authorization URL
//! would be too long (Google answers a bare 400 to very long URLs; no safe length is
//! documented, so every URL is kept under 2,000 characters).

use url::Url;

use super::consent::OAuth;

/// Every authorization URL stays strictly shorter than this.
pub const MAX_AUTHORIZATION_URL_LEN: usize = 2_000;

/// The longest redirect URI a loopback listener can have: URLs are measured with it because
/// each consent gets its own port, only known when its turn comes.
const LONGEST_REDIRECT: &str = "http://127.0.0.1:65535/callback";

/// Splits `scopes` (in order) into as few consents as fit, each URL under `max_len`.
/// A scope that does not fit even alone still gets a consent of its own.
pub fn split(oauth: &OAuth, scopes: &[String], max_len: usize) -> Vec<Vec<String>> {
    let redirect = Url::parse(LONGEST_REDIRECT).expect("a constant URL parses");
    let url_len = |batch: &[String]| {
        oauth
            .authorization_request(&redirect, batch)
            .url
            .as_str()
            .len()
    };
    let mut batches: Vec<Vec<String>> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for scope in scopes {
        current.push(scope.clone());
        if current.len() > 1 && url_len(&current) >= max_len {
            current.pop();
            batches.push(std::mem::take(&mut current));
            current.push(scope.clone());
        }
    }
    if !current.is_empty() {
        batches.push(current);
    }
    batches
}
