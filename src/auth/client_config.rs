//! The OAuth client Carryout signs in with: read from Google's `client_secret_*.json` (a Desktop
//! client), with messages that say what is wrong with a file and how to get the right one.

use std::path::Path;

use serde::Deserialize;

use crate::secret::ClientSecret;

/// A Desktop ("installed") OAuth client.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub client_id: String,
    pub client_secret: ClientSecret,
}

#[derive(Debug, thiserror::Error)]
pub enum ClientConfigError {
    #[error("cannot read the client file {path}: {source}")]
    Unreadable {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "the client file is not valid JSON ({detail}); download it again from Google Cloud \
         Console → APIs & Services → Credentials (the download button of your OAuth client)"
    )]
    NotJson { detail: String },
    #[error(
        "this is a \"Web application\" OAuth client; Carryout needs a \"Desktop app\" client \
         (a web client only accepts fixed redirect URIs, so sign-in would fail with \
         redirect_uri_mismatch). In Google Cloud Console → Credentials, create an OAuth client \
         ID of type \"Desktop app\" and download its JSON"
    )]
    WebClient,
    #[error(
        "this JSON file is not an OAuth client file (expected an \"installed\" object); download \
         the client file of a \"Desktop app\" OAuth client from Google Cloud Console → \
         Credentials"
    )]
    NotAClientFile,
    #[error(
        "the client file has no {field}; download it again from Google Cloud Console → \
         Credentials"
    )]
    MissingField { field: &'static str },
}

#[derive(Deserialize)]
struct File {
    installed: Option<Installed>,
    web: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct Installed {
    #[serde(default)]
    client_id: String,
    #[serde(default)]
    client_secret: String,
}

impl ClientConfig {
    /// Reads a `client_secret_*.json` file.
    pub fn load(path: &Path) -> Result<Self, ClientConfigError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| ClientConfigError::Unreadable {
                path: path.display().to_string(),
                source,
            })?;
        Self::parse(&text)
    }

    /// Parses the contents of a `client_secret_*.json` file.
    pub fn parse(text: &str) -> Result<Self, ClientConfigError> {
        // serde_json's own message may quote the file's text, which holds the secret: keep
        // only where the problem is.
        let file: File = serde_json::from_str(text).map_err(|e| ClientConfigError::NotJson {
            detail: format!("line {}, column {}", e.line(), e.column()),
        })?;
        let installed = match (file.installed, file.web) {
            (Some(installed), _) => installed,
            (None, Some(_)) => return Err(ClientConfigError::WebClient),
            (None, None) => return Err(ClientConfigError::NotAClientFile),
        };
        if installed.client_id.trim().is_empty() {
            return Err(ClientConfigError::MissingField { field: "client_id" });
        }
        if installed.client_secret.trim().is_empty() {
            return Err(ClientConfigError::MissingField {
                field: "client_secret",
            });
        }
        Ok(Self {
            client_id: installed.client_id,
            client_secret: ClientSecret::new(installed.client_secret),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_desktop_client_file_is_read() {
        let config = ClientConfig::parse(
            r#"{"installed":{"client_id":"1-abc.apps.googleusercontent.com","project_id":"p",
            "auth_uri":"https://accounts.google.com/o/oauth2/auth","client_secret":"GOCSPX-x",
            "redirect_uris":["http://localhost"]}}"#,
        )
        .unwrap();
        assert_eq!(config.client_id, "1-abc.apps.googleusercontent.com");
        assert_eq!(config.client_secret.expose(), "GOCSPX-x");
    }

    #[test]
    fn a_web_client_is_refused_with_the_fix() {
        let error =
            ClientConfig::parse(r#"{"web":{"client_id":"x","client_secret":"y"}}"#).unwrap_err();
        assert!(matches!(error, ClientConfigError::WebClient));
        assert!(error.to_string().contains("Desktop app"), "{error}");
    }

    #[test]
    fn malformed_files_say_what_is_wrong_without_quoting_the_secret() {
        let error = ClientConfig::parse(r#"{"installed":{"client_secret":"GOCSPX-s"#).unwrap_err();
        assert!(
            matches!(error, ClientConfigError::NotJson { .. }),
            "{error}"
        );
        assert!(!error.to_string().contains("GOCSPX"), "{error}");
        let error = ClientConfig::parse(r#"{"other":1}"#).unwrap_err();
        assert!(
            matches!(error, ClientConfigError::NotAClientFile),
            "{error}"
        );
        let error = ClientConfig::parse(r#"{"installed":{"client_id":"x"}}"#).unwrap_err();
        assert!(
            matches!(
                error,
                ClientConfigError::MissingField {
                    field: "client_secret"
                }
            ),
            "{error}"
        );
    }
}
