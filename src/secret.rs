//! Values that must never be printed, logged, serialised or sent across IPC: their `Debug`
//! and `Display` redact, and none of them implements `Serialize`.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};
use url::Url;

/// A string secret: `expose` is the only way to its value, and `Debug` shows only the type.
macro_rules! secret_string {
    ($(#[$doc:meta])* $name:ident, $(#[$expose_doc:meta])*) => {
        $(#[$doc])*
        #[derive(Clone)]
        pub struct $name(SecretString);

        impl $name {
            pub fn new(value: impl Into<String>) -> Self {
                Self(SecretString::from(value.into()))
            }

            $(#[$expose_doc])*
            pub fn expose(&self) -> &str {
                self.0.expose_secret()
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "(<redacted>)"))
            }
        }
    };
}

secret_string!(
    /// An OAuth access token, sent as `Authorization: Bearer …`.
    AccessToken,
    /// The token itself, for the one place that puts it on the wire.
);

secret_string!(
    /// An OAuth refresh token: the long-lived credential of a grant. Kept only in the secret store.
    RefreshToken,
    /// The token itself, for the token and revoke endpoints and the secret store.
);

secret_string!(
    /// The password of the history repository: restic encrypts every repository, and without
    /// it the history cannot be read, by Carryout or by restic.
    HistoryPassword,
    /// The password itself, for the repository's key.
);

impl HistoryPassword {
    /// A new password of 256 random bits from the system's secure generator, in hex: typed
    /// into restic as easily as pasted.
    pub fn random() -> Self {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).expect("the system's random source is readable");
        Self::new(hex::encode(bytes))
    }
}

secret_string!(
    /// The password a REST server of the history asks for (HTTP basic sign-in). Kept in the
    /// secret store, never in the settings file.
    ServerPassword,
    /// The password itself, for the server's sign-in.
);

impl PartialEq for ServerPassword {
    fn eq(&self, other: &Self) -> bool {
        self.expose() == other.expose()
    }
}

impl Eq for ServerPassword {}

secret_string!(
    /// An OAuth client secret. Google does not treat a Desktop client's secret as confidential,
    /// but the token endpoint requires it, so it is kept out of output all the same.
    ClientSecret,
    /// The secret itself, for the token endpoint.
);

/// A signed Cloud Storage URL. Its signature grants access to the archive, so every
/// query value is redacted when it is shown.
#[derive(Clone, PartialEq, Eq)]
pub struct SignedUrl(Url);

impl SignedUrl {
    pub fn new(url: Url) -> Self {
        Self(url)
    }

    /// The full URL, for the one place that requests it.
    pub fn expose(&self) -> &Url {
        &self.0
    }

    /// The last path segment: Cloud Storage's object name, stable across re-signing.
    pub fn object_name(&self) -> &str {
        self.0
            .path_segments()
            .and_then(|mut segments| segments.next_back())
            .unwrap_or_default()
    }
}

impl fmt::Display for SignedUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = self.0.clone();
        if shown.query().is_some() {
            let keys: Vec<String> = self.0.query_pairs().map(|(key, _)| key.into()).collect();
            shown
                .query_pairs_mut()
                .clear()
                .extend_pairs(keys.iter().map(|key| (key.as_str(), "redacted")));
        }
        write!(f, "{shown}")
    }
}

impl fmt::Debug for SignedUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SignedUrl({self})")
    }
}

impl<'de> serde::Deserialize<'de> for SignedUrl {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Url::deserialize(deserializer).map(Self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_token_never_shows_itself() {
        let token = AccessToken::new("ya29.very-secret");
        assert_eq!(format!("{token:?}"), "AccessToken(<redacted>)");
        assert_eq!(token.expose(), "ya29.very-secret");
    }

    #[test]
    fn refresh_token_and_client_secret_never_show_themselves() {
        let refresh = RefreshToken::new("1//very-secret");
        let client = ClientSecret::new("GOCSPX-very-secret");
        let shown = format!("{refresh:?} {client:?}");
        assert!(!shown.contains("very-secret"), "{shown}");
        assert_eq!(refresh.expose(), "1//very-secret");
        assert_eq!(client.expose(), "GOCSPX-very-secret");
    }

    #[test]
    fn signed_url_redacts_every_query_value_but_keeps_the_object_name() {
        let url = SignedUrl::new(
            Url::parse("https://storage.example/bucket/job/archive-1.zip?X-Goog-Signature=abc123&X-Goog-Expires=21600")
                .unwrap(),
        );
        let shown = format!("{url} {url:?}");
        assert!(!shown.contains("abc123"), "{shown}");
        assert!(shown.contains("X-Goog-Signature=redacted"), "{shown}");
        assert_eq!(url.object_name(), "archive-1.zip");
    }
}
