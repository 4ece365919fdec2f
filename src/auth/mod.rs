//! Sign-in: the OAuth client and endpoints, the loopback consent flow in batches, grants that
//! track what was granted, refresh tokens in the secret store, access tokens in memory.

pub mod batches;
pub mod client_config;
pub mod consent;
#[cfg(feature = "demo")]
mod demo;
pub mod endpoints;
pub mod grants;
mod login;
pub mod loopback;
pub mod secrets;
pub mod testing_hint;
mod tokens;

use chrono::{DateTime, Utc};
use std::sync::Arc;

pub use client_config::{ClientConfig, ClientConfigError};
pub use consent::{OAuth, TokenError};
#[cfg(feature = "demo")]
pub use demo::{DEMO_SPEED, Demo, DemoClock};
pub use endpoints::{CLOCK_SKEW_VARIABLE, EndpointError, Endpoints, RemoteEmulatorClock};
pub use grants::{Access, Grant, GrantId, GrantInfo, GrantState, Grants};
pub use login::{LoginOptions, LoginReport, OpenBrowser};
pub use loopback::LoopbackError;
pub use secrets::{SecretError, SecretStore};

use crate::api::{ApiError, DataPortability};
use crate::catalog::GroupId;
use crate::clock::Clock;
use crate::secret::AccessToken;
use crate::store::{Store, StoreError};

/// Why signing in, or getting a token, failed.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("{0} is not a resource group; `carryout groups` lists them (e.g. myactivity.search)")]
    UnknownResource(String),
    #[error(transparent)]
    Loopback(#[from] LoopbackError),
    #[error(
        "Google refused the sign-in code ({description}): it was already used or has expired. \
         Nothing was stored; start the sign-in again"
    )]
    CodeRejected { description: String },
    #[error("signing in failed: {0}")]
    Token(TokenError),
    #[error("Google granted no refresh token; sign in again (offline access was requested)")]
    NoRefreshToken,
    #[error(
        "could not check the access type of the new sign-in ({error}); {}",
        if *.revoked {
            "it was revoked at Google and nothing was stored: sign in again"
        } else {
            "nothing was stored, and revoking it at Google failed too: remove Carryout's access \
             at https://myaccount.google.com/permissions, then sign in again"
        }
    )]
    AccessCheck {
        #[source]
        error: ApiError,
        revoked: bool,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Secrets(#[from] SecretError),
    #[error("no grant covers {resource}; sign in for it: carryout login --resources {resource}")]
    NotSignedIn { resource: String },
    #[error(
        "the sign-in {grant} has expired or was revoked at Google; sign in again for {}: \
         carryout login --resources {}",
        .resources.join(", "), .resources.join(",")
    )]
    GrantExpired {
        grant: GrantId,
        resources: Vec<GroupId>,
    },
    #[error("the sign-in {0} was signed out; sign in again")]
    GrantRevoked(GrantId),
    #[error("there is no grant {0}; `carryout grants` lists them")]
    UnknownGrant(String),
    #[error(
        "sign-in {grant} cannot be renewed{}",
        match .from {
            Some(from) => format!(" before {} (Google renews from 90 days before the end)", from.format("%Y-%m-%d")),
            None => ": only a Production client's time-based sign-in can be (a Testing \
                       client's ends after 7 days; consent again instead)".to_owned(),
        }
    )]
    NotRenewable {
        grant: String,
        from: Option<DateTime<Utc>>,
    },
}

/// Sign-in for one OAuth client at one set of endpoints: what the CLI and the app call.
pub struct Auth {
    oauth: OAuth,
    client_id: String,
    /// Google's renewal page for time-based grants.
    renewal: url::Url,
    api: DataPortability,
    grants: Grants,
    secrets: SecretStore,
    clock: Arc<dyn Clock>,
    tokens: tokens::TokenCache,
}

/// What signing out did.
#[derive(Debug, Clone)]
pub struct SignedOut {
    pub grant: Grant,
    /// `false`: no refresh token was found to revoke, so Google still lists Carryout's access
    /// (the person removes it in their Google Account).
    pub revoked_at_google: bool,
}

impl Auth {
    pub fn new(
        client: &ClientConfig,
        endpoints: &Endpoints,
        store: Store,
        secrets: SecretStore,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, ApiError> {
        Ok(Self {
            oauth: OAuth::new(client, endpoints),
            client_id: client.client_id.clone(),
            renewal: endpoints.renewal.clone(),
            api: DataPortability::new(endpoints.api.clone(), clock.clone())?,
            grants: Grants::new(store),
            secrets,
            clock,
            tokens: tokens::TokenCache::default(),
        })
    }

    /// The API client at this sign-in's endpoints.
    pub fn api(&self) -> &DataPortability {
        &self.api
    }

    /// Every grant recorded in this data dir, newest first, with expiry applied as of now.
    pub fn grants(&self) -> Result<Vec<Grant>, AuthError> {
        let now = self.clock.now();
        let mut grants = self.grants.all()?;
        for grant in &mut grants {
            grant.state = grant.state_at(now);
        }
        Ok(grants)
    }

    /// Signs out of one grant: revokes it at Google, deletes its refresh token from the
    /// secret store, and marks it revoked. Without a refresh token (deleted from the keychain
    /// by hand) there is nothing to revoke: it is signed out here only, and the answer says so.
    pub async fn logout(&self, id: &GrantId) -> Result<SignedOut, AuthError> {
        let mut grant = self
            .grants
            .get(id)?
            .ok_or_else(|| AuthError::UnknownGrant(id.0.clone()))?;
        let refresh = self.secrets.get(id)?;
        if let Some(refresh) = &refresh {
            self.oauth.revoke(refresh).await.map_err(AuthError::Token)?;
        }
        self.secrets.delete(id)?;
        self.tokens.forget(id);
        self.grants
            .set_state_off_runtime(id, GrantState::Revoked)
            .await?;
        grant.state = GrantState::Revoked;
        Ok(SignedOut {
            grant,
            revoked_at_google: refresh.is_some(),
        })
    }

    /// A usable grant of this client and its access token, for calls that need any one.
    pub async fn any_access_token(&self) -> Result<(GrantId, AccessToken), AuthError> {
        let now = self.clock.now();
        let grant = self
            .grants
            .for_client(&self.client_id)?
            .into_iter()
            .find(|g| g.is_usable(now))
            .ok_or_else(|| AuthError::NotSignedIn {
                resource: "any resource group".to_owned(),
            })?;
        let token = self.access_token(&grant.id).await?;
        Ok((grant.id, token))
    }

    /// After `authorization.reset`: Google revoked every grant of this client, so each is
    /// marked revoked and its refresh token deleted. Returns the grants forgotten.
    pub async fn forget_all_grants(&self) -> Result<Vec<GrantId>, AuthError> {
        let mut forgotten = Vec::new();
        for grant in self.grants.for_client(&self.client_id)? {
            if grant.state != GrantState::Active {
                continue;
            }
            self.secrets.delete(&grant.id)?;
            self.tokens.forget(&grant.id);
            self.grants
                .set_state_off_runtime(&grant.id, GrantState::Revoked)
                .await?;
            forgotten.push(grant.id);
        }
        Ok(forgotten)
    }

    /// The newest grant of this client that can start a new export of `resource`, if any
    /// (a one-time grant only within 24 h of its consent).
    pub fn covering_grant(&self, resource: &str) -> Result<Option<Grant>, AuthError> {
        Ok(self
            .grants
            .to_start(&self.client_id, resource, self.clock.now())?)
    }

    /// The newest usable grant of this client covering `resource` (one that may still poll
    /// and download its jobs, though perhaps not start new ones).
    pub fn usable_grant(&self, resource: &str) -> Result<Option<Grant>, AuthError> {
        Ok(self
            .grants
            .usable_for(&self.client_id, resource, self.clock.now())?)
    }

    /// Google's page that renews a time-based grant of this client (the person signs in
    /// there and confirms); the project number is the client id's numeric prefix.
    pub fn renewal_url(&self, id: &GrantId) -> Result<url::Url, AuthError> {
        let grant = self
            .grant(id)?
            .ok_or_else(|| AuthError::UnknownGrant(id.0.clone()))?;
        let now = self.clock.now();
        let project = self
            .client_id
            .split('-')
            .next()
            .filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        match (grant.renewable_from(), project) {
            (Some(from), Some(project)) if from <= now && grant.is_usable(now) => {
                let mut url = self.renewal.clone();
                url.query_pairs_mut().append_pair("project_number", project);
                Ok(url)
            }
            _ => Err(AuthError::NotRenewable {
                grant: id.0.clone(),
                from: grant.renewable_from().filter(|_| !grant.is_testing()),
            }),
        }
    }

    /// Asks Google for a grant's current state (a refresh), e.g. after the person renewed it:
    /// the answer carries the refresh token's new end.
    pub async fn check_grant(&self, id: &GrantId) -> Result<Grant, AuthError> {
        self.tokens.forget(id);
        match self.access_token(id).await {
            Ok(_) | Err(AuthError::GrantExpired { .. } | AuthError::GrantRevoked(_)) => {}
            Err(other) => return Err(other),
        }
        self.grant(id)?
            .ok_or_else(|| AuthError::UnknownGrant(id.0.clone()))
    }

    /// The groups a grant covers, as a consent again asks for them.
    pub fn groups_of(&self, id: &GrantId) -> Result<Vec<GroupId>, AuthError> {
        let grant = self
            .grant(id)?
            .ok_or_else(|| AuthError::UnknownGrant(id.0.clone()))?;
        Ok(grant.resources.into_keys().collect())
    }

    /// One grant, with expiry applied as of now.
    pub fn grant(&self, id: &GrantId) -> Result<Option<Grant>, AuthError> {
        let now = self.clock.now();
        Ok(self.grants.get(id)?.map(|mut grant| {
            grant.state = grant.state_at(now);
            grant
        }))
    }

    /// Google refused to start `resource` with this grant (403): it no longer covers it, so
    /// plans ask for consent and a plain sign-in asks for that scope again.
    pub fn forget_refused(&self, id: &GrantId, resource: &str) -> Result<(), AuthError> {
        Ok(self.grants.forget_resource(id, resource)?)
    }

    /// Drops the cached access token of a grant, so the next call refreshes it (after Google
    /// answered 401 to a token that looked fresh).
    pub fn forget_access_token(&self, id: &GrantId) {
        self.tokens.forget(id);
    }

    /// A valid access token for `resource`, from the newest usable grant covering it.
    pub async fn access_token_for(
        &self,
        resource: &str,
    ) -> Result<(GrantId, AccessToken), AuthError> {
        let grant = self
            .grants
            .usable_for(&self.client_id, resource, self.clock.now())?
            .ok_or_else(|| AuthError::NotSignedIn {
                resource: resource.to_owned(),
            })?;
        let token = self.access_token(&grant.id).await?;
        Ok((grant.id, token))
    }

    /// A valid access token of one grant: the cached one, or a fresh one from a refresh.
    pub async fn access_token(&self, id: &GrantId) -> Result<AccessToken, AuthError> {
        let slot = self.tokens.slot(id);
        let mut cached = slot.lock().await;
        if let Some(token) = cached.as_ref().filter(|t| t.fresh_at(self.clock.now())) {
            return Ok(token.token.clone());
        }
        let grant = self
            .grants
            .get(id)?
            .ok_or_else(|| AuthError::UnknownGrant(id.0.clone()))?;
        let expired = || AuthError::GrantExpired {
            grant: id.clone(),
            resources: grant.resources.keys().cloned().collect(),
        };
        match grant.state_at(self.clock.now()) {
            GrantState::Active => {}
            GrantState::Expired => return Err(expired()),
            GrantState::Revoked => return Err(AuthError::GrantRevoked(id.clone())),
        }
        let Some(refresh) = self.secrets.get(id)? else {
            // Without its refresh token (keychain wiped, other machine) the grant is unusable.
            self.grants
                .set_state_off_runtime(id, GrantState::Expired)
                .await?;
            return Err(expired());
        };
        match self.oauth.refresh(&refresh, self.clock.now()).await {
            Ok(tokens) => {
                let ends = tokens
                    .refresh_token_expires_in
                    .and_then(|secs| i64::try_from(secs).ok())
                    .map(|secs| self.clock.now() + chrono::Duration::seconds(secs));
                let moved = |at: DateTime<Utc>| {
                    grant
                        .refresh_expires_at
                        .is_none_or(|old| (at - old).num_seconds().abs() > 60)
                };
                if let Some(at) = ends.filter(|at| moved(*at)) {
                    self.grants.set_refresh_expiry_off_runtime(id, at).await?;
                }
                *cached = Some(tokens::CachedToken {
                    token: tokens.access.clone(),
                    expires_at: tokens.access_expires_at,
                });
                Ok(tokens.access)
            }
            Err(TokenError::InvalidGrant { .. }) => {
                self.grants
                    .set_state_off_runtime(id, GrantState::Expired)
                    .await?;
                self.secrets.delete(id)?;
                Err(expired())
            }
            Err(other) => Err(AuthError::Token(other)),
        }
    }
}
