//! The consent flow end to end: pick the resources no usable grant covers, split them into
//! consents that fit in a URL, run each through the browser and the loopback listener, and
//! record what was really granted.

use std::collections::BTreeSet;
use std::time::Duration;

use url::Url;

use super::batches::{self, MAX_AUTHORIZATION_URL_LEN};
use super::grants::{Access, Grant, GrantId, GrantState};
use super::loopback::{self, Loopback};
use super::{Auth, AuthError, TokenError, testing_hint, tokens};
use crate::catalog::{self, GroupId};
use crate::progress::{ProgressEvent, ProgressSink};
use crate::secret::RefreshToken;

/// Opens the sign-in's start link for the person — on this machine's loopback, it redirects
/// once to Google's consent screen — with the platform opener, a Tauri plugin, a line on
/// stdout for `--no-browser`, or a test's simulated browser. When it fails, the sign-in reports
/// [`ProgressEvent::OpenLink`] and waits all the same.
pub type OpenBrowser<'a> = &'a (dyn Fn(&Url) -> Result<(), String> + Send + Sync);

#[derive(Debug, Clone)]
pub struct LoginOptions {
    /// How long each consent may take.
    pub timeout: Duration,
    /// Authorization URLs stay shorter than this.
    pub max_url_len: usize,
    /// Consent again even for resources a grant covers (a Testing client's grant about to
    /// end); otherwise only the uncovered ones are asked for.
    pub again: bool,
}

impl Default for LoginOptions {
    fn default() -> Self {
        Self {
            timeout: loopback::DEFAULT_TIMEOUT,
            max_url_len: MAX_AUTHORIZATION_URL_LEN,
            again: false,
        }
    }
}

/// What a sign-in achieved.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LoginReport {
    /// Resources asked for.
    pub requested: Vec<GroupId>,
    /// Of those, the ones a usable grant already covered: no consent was asked for them.
    pub already_covered: Vec<GroupId>,
    /// Granted by the consents of this sign-in.
    pub granted: Vec<GroupId>,
    /// Asked for in a consent but left unticked.
    pub not_granted: Vec<GroupId>,
    /// The grants this sign-in created.
    pub grants: Vec<Grant>,
    /// Shown once per data dir when the client looks like a Testing one.
    pub testing_hint: Option<&'static str>,
}

impl LoginReport {
    /// A sentence or two for a person.
    pub fn summary(&self) -> String {
        let asked = self.granted.len() + self.not_granted.len();
        let mut lines = Vec::new();
        if asked == 0 {
            lines.push(format!(
                "Already signed in for all {} requested resource groups; nothing to consent to.",
                self.requested.len()
            ));
        } else if self.not_granted.is_empty() {
            lines.push(format!(
                "You granted every requested resource group ({asked})."
            ));
        } else {
            lines.push(format!(
                "You granted {} of {asked}; these {} were not granted: {}",
                self.granted.len(),
                self.not_granted.len(),
                self.not_granted.join(", ")
            ));
        }
        if !self.already_covered.is_empty() && asked > 0 {
            lines.push(format!(
                "{} were already covered by earlier sign-ins.",
                self.already_covered.len()
            ));
        }
        lines.join("\n")
    }
}

impl Auth {
    /// Signs in for `resources`: consents only for those no usable grant covers, in as many
    /// batches as the URL length needs, one after the other.
    pub async fn login(
        &self,
        resources: &[GroupId],
        open: OpenBrowser<'_>,
        progress: &dyn ProgressSink,
        options: &LoginOptions,
    ) -> Result<LoginReport, AuthError> {
        let requested: Vec<GroupId> = resources
            .iter()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .cloned()
            .collect();
        if let Some(unknown) = requested.iter().find(|r| catalog::find(r).is_none()) {
            return Err(AuthError::UnknownResource(unknown.to_string()));
        }
        let now = self.clock.now();
        let mut already_covered = Vec::new();
        let mut needed = Vec::new();
        for resource in &requested {
            if !options.again
                && self
                    .grants
                    .to_start(&self.client_id, resource, now)?
                    .is_some()
            {
                already_covered.push(resource.clone());
            } else {
                needed.push(resource.clone());
            }
        }
        let scopes: Vec<String> = needed.iter().map(|r| scope_of(r)).collect();
        let batches = batches::split(&self.oauth, &scopes, options.max_url_len);
        let mut report = LoginReport {
            requested,
            already_covered,
            granted: Vec::new(),
            not_granted: Vec::new(),
            grants: Vec::new(),
            testing_hint: None,
        };
        for (index, batch) in batches.iter().enumerate() {
            progress.report(ProgressEvent::Consent {
                batch: index + 1,
                batches: batches.len(),
            });
            let (grant, testing) = self.consent(batch, open, progress, options.timeout).await?;
            for scope in batch {
                let resource = resource_of(scope);
                if grant.resources.contains_key(resource) {
                    report.granted.push(resource.into());
                } else {
                    report.not_granted.push(resource.into());
                }
            }
            if testing && self.first_showing_of_testing_hint().await? {
                report.testing_hint = Some(testing_hint::HINT);
            }
            report.grants.push(grant);
        }
        Ok(report)
    }

    /// One consent: browser, loopback, code exchange, access check, then the grant is stored
    /// (refresh token first, so a recorded grant always has its secret). Returns the grant and
    /// whether it looks like a Testing client's.
    async fn consent(
        &self,
        scopes: &[String],
        open: OpenBrowser<'_>,
        progress: &dyn ProgressSink,
        timeout: Duration,
    ) -> Result<(Grant, bool), AuthError> {
        let listener = Loopback::bind().await?;
        let request = self
            .oauth
            .authorization_request(listener.redirect_uri(), scopes);
        let link = listener.start_link();
        if let Err(reason) = open(link) {
            // A server or a bare desktop has no browser to open: the link is handed out for the
            // person to open anywhere that reaches this machine, and the wait goes on.
            progress.report(ProgressEvent::OpenLink {
                url: link.to_string(),
                reason,
            });
        }
        let callback = listener
            .wait(
                &request.url,
                request.state.secret(),
                timeout,
                self.clock.as_ref(),
            )
            .await?;
        let tokens = self
            .oauth
            .exchange(callback.code, request, self.clock.now())
            .await
            .map_err(|error| match error {
                TokenError::InvalidGrant { description } => AuthError::CodeRejected { description },
                other => AuthError::Token(other),
            })?;
        let refresh = tokens.refresh.clone().ok_or(AuthError::NoRefreshToken)?;
        // The token answer's `scope` is what was really granted; the redirect's is a fallback.
        let granted: BTreeSet<&str> = tokens
            .granted_scopes
            .as_ref()
            .or(callback.scopes.as_ref())
            .map(|granted| granted.iter().map(String::as_str).collect())
            .unwrap_or_else(|| scopes.iter().map(String::as_str).collect());
        let access_types = match self.api.check_access_type(&tokens.access).await {
            Ok(access_types) => access_types,
            Err(error) => {
                // Without its access types the grant is not recorded, so its refresh token
                // must not stay live at Google, forgotten by Carryout.
                let revoked = self.oauth.revoke(&refresh).await.is_ok();
                return Err(AuthError::AccessCheck { error, revoked });
            }
        };
        let resources = scopes
            .iter()
            .filter(|scope| granted.contains(scope.as_str()))
            .map(|scope| {
                let resource = resource_of(scope);
                let access = if access_types
                    .time_based_resources
                    .iter()
                    .any(|r| r == resource)
                {
                    Access::TimeBased
                } else {
                    Access::OneTime
                };
                (GroupId::from(resource), access)
            })
            .collect();
        let now = self.clock.now();
        let grant = Grant {
            id: GrantId::random(),
            resources,
            created_at: now,
            refresh_expires_at: tokens.refresh_token_expires_in.map(|secs| {
                now + chrono::Duration::seconds(i64::try_from(secs).unwrap_or(i64::MAX / 1000))
            }),
            state: GrantState::Active,
        };
        if let Err(error) = self.keep_grant(&grant, &refresh).await {
            // Best effort, as above: a token that is not kept should not stay live.
            let _ = self.oauth.revoke(&refresh).await;
            return Err(error);
        }
        *self.tokens.slot(&grant.id).lock().await = Some(tokens::CachedToken {
            token: tokens.access,
            expires_at: tokens.access_expires_at,
        });
        let time_based = grant.resources.values().next() == Some(&Access::TimeBased);
        let testing =
            testing_hint::looks_like_testing_client(time_based, tokens.refresh_token_expires_in);
        Ok((grant, testing))
    }
}

impl Auth {
    /// Whether the Testing-status hint is shown for the first time in this data dir (recorded
    /// off the async workers: the commit is fully synced).
    async fn first_showing_of_testing_hint(&self) -> Result<bool, AuthError> {
        let (grants, now) = (self.grants.clone(), self.clock.now());
        self.grants
            .store()
            .blocking(move |_| Ok(grants.first_showing(testing_hint::NOTICE, now)?))
            .await
    }

    /// Records a new grant with its refresh token: the token first, so that a recorded grant
    /// always has its secret. A grant id already in use, in the secret store or the database,
    /// is an error that changes nothing of the grant holding it. Runs off the async workers:
    /// the keychain and the synced commit block.
    async fn keep_grant(&self, grant: &Grant, refresh: &RefreshToken) -> Result<(), AuthError> {
        let (secrets, grants) = (self.secrets.clone(), self.grants.clone());
        let (client_id, grant, refresh) = (self.client_id.clone(), grant.clone(), refresh.clone());
        self.grants
            .store()
            .blocking(move |_| {
                secrets.put_new(&grant.id, &refresh)?;
                if let Err(error) = grants.insert(&client_id, &grant) {
                    // `put_new` stored this token under a free entry: removing it touches no
                    // other grant's.
                    let _ = secrets.delete(&grant.id);
                    return Err(error.into());
                }
                Ok(())
            })
            .await
    }
}

fn scope_of(resource: &str) -> String {
    format!("{}{resource}", catalog::SCOPE_PREFIX)
}

fn resource_of(scope: &str) -> &str {
    scope.strip_prefix(catalog::SCOPE_PREFIX).unwrap_or(scope)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::Arc;

    use super::*;
    use crate::auth::{ClientConfig, Endpoints, SecretStore};
    use crate::clock::ManualClock;
    use crate::secret::ClientSecret;
    use crate::store::Store;

    fn offline_auth(secrets: SecretStore) -> Auth {
        let client = ClientConfig {
            client_id: "client".into(),
            client_secret: ClientSecret::new("secret"),
        };
        let endpoints = Endpoints::emulator("http://127.0.0.1:9").unwrap();
        let clock = Arc::new(ManualClock::new(chrono::DateTime::UNIX_EPOCH));
        Auth::new(
            &client,
            &endpoints,
            Store::in_memory().unwrap(),
            secrets,
            clock,
        )
        .unwrap()
    }

    fn grant(id: &str) -> Grant {
        Grant {
            id: GrantId(id.into()),
            resources: BTreeMap::from([("myactivity.search".into(), Access::OneTime)]),
            created_at: chrono::DateTime::UNIX_EPOCH,
            refresh_expires_at: None,
            state: GrantState::Active,
        }
    }

    #[tokio::test]
    async fn a_clashing_grant_id_is_an_error_that_keeps_the_first_grants_token() {
        let secrets = SecretStore::memory();
        let auth = offline_auth(secrets.clone());
        auth.keep_grant(&grant("g-same"), &RefreshToken::new("1//first"))
            .await
            .unwrap();
        let error = auth
            .keep_grant(&grant("g-same"), &RefreshToken::new("1//second"))
            .await
            .unwrap_err();
        assert!(matches!(error, AuthError::Secrets(_)), "{error}");
        let kept = secrets.get(&GrantId("g-same".into())).unwrap();
        assert_eq!(
            kept.map(|t| t.expose().to_owned()).as_deref(),
            Some("1//first")
        );
        assert_eq!(auth.grants().unwrap().len(), 1);
    }

    #[test]
    fn grant_ids_are_128_bit_random() {
        let id = GrantId::random();
        assert_eq!(id.0.len(), "g-".len() + 32, "{id}");
        assert_ne!(GrantId::random(), id);
    }
}
