//! V4-style signed URLs: what Cloud Storage's look like, signed here with an HMAC of the
//! server's secret over the path and the `X-Goog-*` parameters.

use crate::percent::{self, UNRESERVED};
use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// Signed URLs live 6 hours.
pub const URL_LIFETIME_SECS: i64 = 21_600;
/// Cloud Storage refuses signed URLs meant to live longer than 7 days.
const MAX_LIFETIME_SECS: i64 = 604_800;
const SIGNER: &str = "archive-signer@carryout-emulator.iam.gserviceaccount.com";
const DATE_FORMAT: &str = "%Y%m%dT%H%M%SZ";

type HmacSha256 = Hmac<Sha256>;

/// `<base><path>?X-Goog-Algorithm=…&X-Goog-Signature=<hex>`.
pub fn sign(key: &[u8], base_url: &str, path: &str, now: DateTime<Utc>) -> String {
    let date = now.format(DATE_FORMAT).to_string();
    let credential = format!(
        "{SIGNER}/{}/auto/storage/goog4_request",
        now.format("%Y%m%d")
    );
    let params = [
        ("X-Goog-Algorithm", "GOOG4-RSA-SHA256".to_string()),
        ("X-Goog-Credential", credential),
        ("X-Goog-Date", date),
        ("X-Goog-Expires", URL_LIFETIME_SECS.to_string()),
        ("X-Goog-SignedHeaders", "host".to_string()),
    ];
    let owned: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| ((*k).to_string(), v.clone()))
        .collect();
    let signature = signature(key, path, &owned);
    format!(
        "{base_url}{path}?{}&X-Goog-Signature={signature}",
        canonical_query(&owned)
    )
}

/// Why a request's signature does not let it through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No signature at all: an anonymous request.
    Anonymous,
    /// Parameters present but malformed.
    Malformed(String),
    Mismatch,
    Expired {
        at: DateTime<Utc>,
    },
}

/// Checks the signature first (a forged URL learns nothing about expiry), then the expiry.
pub fn verify(
    key: &[u8],
    path: &str,
    query: &[(String, String)],
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    let get = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let Some(given) = get("X-Goog-Signature") else {
        return Err(Refusal::Anonymous);
    };
    for required in [
        "X-Goog-Algorithm",
        "X-Goog-Credential",
        "X-Goog-Date",
        "X-Goog-Expires",
        "X-Goog-SignedHeaders",
    ] {
        if get(required).is_none() {
            return Err(Refusal::Malformed(format!(
                "Missing required parameter: {required}"
            )));
        }
    }
    let signed: Vec<(String, String)> = query
        .iter()
        .filter(|(k, _)| k != "X-Goog-Signature")
        .cloned()
        .collect();
    let Ok(given) = hex::decode(given) else {
        return Err(Refusal::Mismatch);
    };
    let mut mac = mac(key);
    mac.update(string_to_sign(path, &signed).as_bytes());
    if mac.verify_slice(&given).is_err() {
        return Err(Refusal::Mismatch);
    }
    let date = get("X-Goog-Date")
        .and_then(|d| NaiveDateTime::parse_from_str(d, DATE_FORMAT).ok())
        .map(|d| d.and_utc())
        .ok_or_else(|| Refusal::Malformed("Invalid X-Goog-Date".to_string()))?;
    let expires = get("X-Goog-Expires")
        .and_then(|e| e.parse::<i64>().ok())
        .filter(|e| (1..=MAX_LIFETIME_SECS).contains(e))
        .ok_or_else(|| Refusal::Malformed("Invalid X-Goog-Expires".to_string()))?;
    let at = crate::clock::plus(date, TimeDelta::seconds(expires));
    if now > at {
        return Err(Refusal::Expired { at });
    }
    Ok(())
}

fn mac(key: &[u8]) -> HmacSha256 {
    // HMAC takes keys of any length, so this cannot fail.
    <HmacSha256 as KeyInit>::new_from_slice(key).expect("HMAC accepts any key length")
}

fn signature(key: &[u8], path: &str, params: &[(String, String)]) -> String {
    let mut mac = mac(key);
    mac.update(string_to_sign(path, params).as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

fn string_to_sign(path: &str, params: &[(String, String)]) -> String {
    format!("GOOG4-EMULATOR\n{path}\n{}", canonical_query(params))
}

/// Sorted by name, RFC 3986 percent-encoded: the same bytes whichever order the client sends.
fn canonical_query(params: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = params.iter().collect();
    sorted.sort();
    sorted
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn encode(value: &str) -> String {
    percent::encode(value, UNRESERVED)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query_of(url: &str) -> Vec<(String, String)> {
        let query = url.split_once('?').map(|(_, q)| q).unwrap_or_default();
        url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect()
    }

    #[test]
    fn signed_urls_verify_until_they_expire_and_not_when_altered() {
        let now = DateTime::parse_from_rfc3339("2026-07-19T10:00:00Z")
            .map(|t| t.with_timezone(&Utc))
            .expect("valid literal");
        let url = sign(b"key", "http://h", "/storage/b/o", now);
        assert!(url.contains("X-Goog-Date=20260719T100000Z"));
        let query = query_of(&url);
        assert_eq!(verify(b"key", "/storage/b/o", &query, now), Ok(()));
        assert_eq!(
            verify(b"other", "/storage/b/o", &query, now),
            Err(Refusal::Mismatch)
        );
        assert_eq!(
            verify(b"key", "/storage/b/x", &query, now),
            Err(Refusal::Mismatch)
        );
        let later = now + TimeDelta::seconds(URL_LIFETIME_SECS + 1);
        assert!(matches!(
            verify(b"key", "/storage/b/o", &query, later),
            Err(Refusal::Expired { .. })
        ));
    }
}
