//! Loopback redirect URIs: which are allowed, and how answers are appended to them.

use percent_encoding::AsciiSet;
use url::{Host, Url};

use crate::percent::{self, UNRESERVED};

/// Loopback URIs a Desktop client may use: `http://127.0.0.1`, `http://[::1]` or
/// `http://localhost`, any port, any path, no fragment.
pub fn is_loopback_redirect(uri: &str) -> bool {
    // Everything must be able to go back out verbatim in a `Location` header.
    if !uri.bytes().all(|b| b.is_ascii_graphic()) {
        return false;
    }
    let Ok(url) = Url::parse(uri) else {
        return false;
    };
    if url.scheme() != "http" || url.fragment().is_some() || !url.username().is_empty() {
        return false;
    }
    match url.host() {
        Some(Host::Ipv4(ip)) => ip == std::net::Ipv4Addr::LOCALHOST,
        Some(Host::Ipv6(ip)) => ip == std::net::Ipv6Addr::LOCALHOST,
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// Appends `pairs` to the redirect URI's query. Google encodes spaces as `%20` and leaves `:`
/// and `/` alone (`scope=https://…%20https://…`); a client must decode either way.
pub fn with_query(redirect_uri: &str, pairs: &[(&str, &str)]) -> String {
    let mut out = redirect_uri.to_string();
    let mut separator = if out.contains('?') { '&' } else { '?' };
    if out.ends_with('?') || out.ends_with('&') {
        separator = '\0';
    }
    for (name, value) in pairs {
        if separator != '\0' {
            out.push(separator);
        }
        separator = '&';
        out.push_str(name);
        out.push('=');
        out.push_str(&encode(value));
    }
    out
}

/// What a redirect's query leaves as it is: RFC 3986's unreserved characters, and `:` and `/`
/// (as Google's own redirects do).
const KEPT: &AsciiSet = &UNRESERVED.remove(b':').remove(b'/');

fn encode(value: &str) -> String {
    percent::encode(value, KEPT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_http_redirects_pass() {
        assert!(is_loopback_redirect("http://127.0.0.1:5555/"));
        assert!(is_loopback_redirect("http://127.0.0.1:5555/cb?x=1"));
        assert!(is_loopback_redirect("http://[::1]:80/"));
        assert!(is_loopback_redirect("http://localhost"));
        assert!(!is_loopback_redirect("https://127.0.0.1:5555/"));
        assert!(!is_loopback_redirect("http://example.com:5555/"));
        assert!(!is_loopback_redirect("http://127.0.0.2:5555/"));
        assert!(!is_loopback_redirect("urn:ietf:wg:oauth:2.0:oob"));
    }

    #[test]
    fn answers_are_appended_with_percent_twenty() {
        assert_eq!(
            with_query(
                "http://127.0.0.1:1/cb",
                &[("state", "a b"), ("code", "4/0A")]
            ),
            "http://127.0.0.1:1/cb?state=a%20b&code=4/0A"
        );
        assert_eq!(
            with_query("http://127.0.0.1:1/cb?x=1", &[("error", "access_denied")]),
            "http://127.0.0.1:1/cb?x=1&error=access_denied"
        );
    }
}
