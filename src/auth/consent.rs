//! The OAuth 2.0 conversation with Google (or an emulator) through the `oauth2` crate:
//! authorization URLs with PKCE S256 and a random `state`, code exchange, refresh, revocation.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use oauth2::basic::{
    BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse,
    BasicTokenType,
};
use oauth2::{
    AuthUrl, AuthorizationCode, Client, ClientId, CsrfToken, EndpointNotSet, EndpointSet,
    ExtraTokenFields, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RequestTokenError, Scope,
    StandardRevocableToken, StandardTokenResponse, TokenResponse, TokenUrl,
};
use serde::{Deserialize, Serialize};
use url::Url;

use super::client_config::ClientConfig;
use super::endpoints::Endpoints;
use crate::secret::{AccessToken, RefreshToken};

/// Google's token answers carry `refresh_token_expires_in` for time-based grants.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct GoogleTokenFields {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    refresh_token_expires_in: Option<u64>,
}

impl ExtraTokenFields for GoogleTokenFields {}

type GoogleTokenResponse = StandardTokenResponse<GoogleTokenFields, BasicTokenType>;

type OAuthClient = Client<
    BasicErrorResponse,
    GoogleTokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// One authorization request: the URL to open and what must be kept to finish it.
pub struct ConsentRequest {
    pub url: Url,
    pub redirect_uri: Url,
    pub scopes: Vec<String>,
    pub(crate) state: CsrfToken,
    pub(crate) verifier: PkceCodeVerifier,
}

impl std::fmt::Debug for ConsentRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConsentRequest")
            .field("redirect_uri", &self.redirect_uri.as_str())
            .field("scopes", &self.scopes)
            .finish_non_exhaustive()
    }
}

/// What the token endpoint answered, secrets wrapped.
#[derive(Debug)]
pub struct Tokens {
    pub access: AccessToken,
    pub access_expires_at: DateTime<Utc>,
    pub refresh: Option<RefreshToken>,
    /// The scopes really granted (partial consent is normal); `None` if the answer had none.
    pub granted_scopes: Option<Vec<String>>,
    /// Seconds the refresh token lives: only for time-based grants.
    pub refresh_token_expires_in: Option<u64>,
}

/// Why a call to the token or revoke endpoint failed.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// `invalid_grant`: a spent, expired or revoked code or refresh token.
    #[error("Google refused the grant ({description})")]
    InvalidGrant { description: String },
    #[error("Google's token endpoint refused the request: {error} ({description})")]
    Refused { error: String, description: String },
    #[error("could not reach Google's sign-in service: {0}")]
    Transport(String),
    #[error("unexpected answer from Google's sign-in service: {0}")]
    Protocol(String),
}

/// The sign-in client: an OAuth client at a set of endpoints.
#[derive(Debug, Clone)]
pub struct OAuth {
    client: OAuthClient,
    http: reqwest::Client,
    revoke: Url,
}

impl OAuth {
    pub fn new(config: &ClientConfig, endpoints: &Endpoints) -> Self {
        let client = Client::new(ClientId::new(config.client_id.clone()))
            .set_client_secret(oauth2::ClientSecret::new(
                config.client_secret.expose().to_owned(),
            ))
            // Google documents the secret in the body for installed apps.
            .set_auth_type(oauth2::AuthType::RequestBody)
            .set_auth_uri(AuthUrl::from_url(endpoints.authorization.clone()))
            .set_token_uri(TokenUrl::from_url(endpoints.token.clone()));
        // Following redirects from a token endpoint would be an SSRF hole.
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(std::time::Duration::from_secs(15))
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .expect("a TLS backend is compiled in");
        Self {
            client,
            http,
            revoke: endpoints.revoke.clone(),
        }
    }

    /// An authorization URL for `scopes`, back to `redirect_uri`: PKCE S256, a random state,
    /// offline access and a fresh consent screen. Never `include_granted_scopes`: Google
    /// refuses incremental auth for Data Portability scopes.
    pub fn authorization_request(&self, redirect_uri: &Url, scopes: &[String]) -> ConsentRequest {
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let redirect = RedirectUrl::from_url(redirect_uri.clone());
        let (url, state) = self
            .client
            .authorize_url(CsrfToken::new_random)
            .set_redirect_uri(Cow::Owned(redirect))
            .add_scopes(scopes.iter().cloned().map(Scope::new))
            .set_pkce_challenge(challenge)
            .add_extra_param("access_type", "offline")
            .add_extra_param("prompt", "consent")
            .url();
        ConsentRequest {
            url,
            redirect_uri: redirect_uri.clone(),
            scopes: scopes.to_vec(),
            state,
            verifier,
        }
    }

    /// Exchanges an authorization code (single use) for tokens.
    pub async fn exchange(
        &self,
        code: String,
        request: ConsentRequest,
        now: DateTime<Utc>,
    ) -> Result<Tokens, TokenError> {
        let redirect = RedirectUrl::from_url(request.redirect_uri);
        let answer = self
            .client
            .exchange_code(AuthorizationCode::new(code))
            .set_redirect_uri(Cow::Owned(redirect))
            .set_pkce_verifier(request.verifier)
            .request_async(&self.http)
            .await
            .map_err(token_error)?;
        Ok(tokens(answer, now))
    }

    /// A fresh access token from a refresh token.
    pub async fn refresh(
        &self,
        refresh: &RefreshToken,
        now: DateTime<Utc>,
    ) -> Result<Tokens, TokenError> {
        let refresh = oauth2::RefreshToken::new(refresh.expose().to_owned());
        let answer = self
            .client
            .exchange_refresh_token(&refresh)
            .request_async(&self.http)
            .await
            .map_err(token_error)?;
        Ok(tokens(answer, now))
    }

    /// Revokes a grant at Google through its refresh token. A token Google no longer knows
    /// (`invalid_token`) is already as revoked as it can be. Sent by hand: the `oauth2` crate
    /// refuses a revocation endpoint that is not HTTPS, which an emulator on loopback is not.
    pub async fn revoke(&self, refresh: &RefreshToken) -> Result<(), TokenError> {
        let answer = self
            .http
            .post(self.revoke.clone())
            .form(&[("token", refresh.expose())])
            .send()
            .await
            .map_err(|e| TokenError::Transport(e.without_url().to_string()))?;
        if answer.status().is_success() {
            return Ok(());
        }
        #[derive(Deserialize)]
        struct Refusal {
            error: String,
            #[serde(default)]
            error_description: String,
        }
        let status = answer.status();
        match answer.json::<Refusal>().await {
            Ok(refusal) if refusal.error == "invalid_token" => Ok(()),
            Ok(refusal) => Err(TokenError::Refused {
                error: refusal.error,
                description: refusal.error_description,
            }),
            Err(_) => Err(TokenError::Protocol(format!(
                "the revoke endpoint answered HTTP {status}"
            ))),
        }
    }
}

fn tokens(answer: GoogleTokenResponse, now: DateTime<Utc>) -> Tokens {
    let lifetime = answer
        .expires_in()
        .unwrap_or(std::time::Duration::from_secs(3600));
    Tokens {
        access: AccessToken::new(answer.access_token().secret().clone()),
        access_expires_at: now
            + chrono::Duration::from_std(lifetime).unwrap_or(chrono::Duration::zero()),
        refresh: answer
            .refresh_token()
            .map(|token| RefreshToken::new(token.secret().clone())),
        granted_scopes: answer
            .scopes()
            .map(|scopes| scopes.iter().map(|scope| scope.to_string()).collect()),
        refresh_token_expires_in: answer.extra_fields().refresh_token_expires_in,
    }
}

fn token_error<RE: std::error::Error + 'static>(
    error: RequestTokenError<RE, BasicErrorResponse>,
) -> TokenError {
    match error {
        RequestTokenError::ServerResponse(answer) => {
            let description = answer.error_description().cloned().unwrap_or_default();
            match answer.error() {
                oauth2::basic::BasicErrorResponseType::InvalidGrant => {
                    TokenError::InvalidGrant { description }
                }
                other => TokenError::Refused {
                    error: other.to_string(),
                    description,
                },
            }
        }
        RequestTokenError::Request(e) => TokenError::Transport(e.to_string()),
        RequestTokenError::Parse(e, _body) => parse_error(e.path()),
        RequestTokenError::Other(e) => TokenError::Protocol(e),
    }
}

/// The raw body, and serde's message (which may quote a value), can hold tokens: only the
/// path of the field that failed is kept.
fn parse_error(path: &impl std::fmt::Display) -> TokenError {
    TokenError::Protocol(format!(
        "the token answer could not be read (at field `{}`)",
        path
    ))
}
