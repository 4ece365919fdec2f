//! Grants (one per consent), their access and refresh tokens, expiry and revocation.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::clock::after;
use crate::ids::IdSource;
use crate::settings::AccessChoice;

/// Google keeps at most this many refresh tokens per account and client; older ones die quietly.
const MAX_LIVE_REFRESH_TOKENS: usize = 100;

/// What one consent produced: the scopes granted and the access duration chosen.
#[derive(Debug, Clone)]
pub struct Grant {
    pub client_id: String,
    pub user: String,
    pub resources: Vec<String>,
    /// The access of the grant's time-based part (30 or 180 days), or `OneTime` when it has none.
    pub access: AccessChoice,
    /// Resources granted one-time although the grant is time-based (a mixed grant); empty when
    /// the grant does not mix.
    pub one_time_part: Vec<String>,
    pub refresh_token: Option<String>,
    /// End of the grant: the refresh token's expiry, or for a grant without a refresh token
    /// (`access_type=online`) its access token's. `None`: until revoked.
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked: bool,
    /// When the user consented (the authorization code was issued).
    pub consented_at: DateTime<Utc>,
    /// Some initiate through this grant created a job.
    pub created_job: bool,
    /// Some initiate through this grant created a job with one-time access.
    pub created_one_time_job: bool,
}

impl Grant {
    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        !self.revoked && self.expires_at.is_none_or(|end| now < end)
    }
}

/// The access a consent yields for `granted` when the user chose `chosen` and the groups in
/// `one_time_groups` are granted one-time whatever the choice: the time-based part's access and
/// the one-time part of a mixed grant. Nothing left time-based makes it a one-time grant.
pub fn split_access(
    chosen: AccessChoice,
    granted: &[String],
    one_time_groups: &[String],
) -> (AccessChoice, Vec<String>) {
    if !chosen.is_time_based() {
        return (chosen, Vec::new());
    }
    let one_time: Vec<String> = granted
        .iter()
        .filter(|r| one_time_groups.contains(r))
        .cloned()
        .collect();
    if one_time.len() == granted.len() {
        (AccessChoice::OneTime, Vec::new())
    } else {
        (chosen, one_time)
    }
}

#[derive(Debug, Clone)]
struct AccessRecord {
    grant: u64,
    expires_at: DateTime<Utc>,
}

/// Who is calling the API, as told by a valid access token.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The grant (consent) behind the token.
    pub grant: u64,
    pub client_id: String,
    pub user: String,
    pub resources: Vec<String>,
    pub access: AccessChoice,
    pub one_time_part: Vec<String>,
}

impl Caller {
    /// Whether `resource` is exported with one-time access through this caller's grant.
    pub fn is_one_time(&self, resource: &str) -> bool {
        !self.access.is_time_based() || self.one_time_part.iter().any(|r| r == resource)
    }
}

#[derive(Debug, Clone)]
pub enum AccessCheck {
    Valid(Caller),
    Expired,
    Invalid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshFailure {
    /// Never issued (or not a refresh token at all).
    Unknown,
    /// Issued to another client.
    WrongClient,
    /// Expired or revoked.
    Dead,
}

#[derive(Debug, Clone)]
pub struct Issued {
    pub access_token: String,
    pub refresh_token: Option<String>,
    pub grant: Grant,
}

/// Lifetimes of what a consent yields.
#[derive(Debug, Clone, Copy)]
pub struct Lifetimes {
    pub access: Duration,
    /// `None`: the refresh token lives until revoked.
    pub refresh: Option<Duration>,
}

#[derive(Debug, Default)]
pub struct TokenStore {
    grants: Vec<Grant>,
    access: HashMap<String, AccessRecord>,
    refresh: HashMap<String, u64>,
    issued: Vec<String>,
}

pub struct NewGrant<'a> {
    pub client_id: &'a str,
    pub user: &'a str,
    pub resources: Vec<String>,
    pub access: AccessChoice,
    pub one_time_part: Vec<String>,
    pub offline: bool,
    pub lifetimes: Lifetimes,
    pub consented_at: DateTime<Utc>,
}

impl TokenStore {
    pub fn issue(&mut self, ids: &mut IdSource, now: DateTime<Utc>, new: NewGrant<'_>) -> Issued {
        let id = self.grants.len() as u64;
        let access_token = ids.access_token();
        let access_expires = after(now, new.lifetimes.access);
        let refresh_token = new.offline.then(|| ids.refresh_token());
        let expires_at = match &refresh_token {
            Some(_) => new.lifetimes.refresh.map(|d| after(now, d)),
            None => Some(access_expires),
        };
        let grant = Grant {
            client_id: new.client_id.to_string(),
            user: new.user.to_string(),
            resources: new.resources,
            access: new.access,
            one_time_part: new.one_time_part,
            refresh_token: refresh_token.clone(),
            expires_at,
            revoked: false,
            consented_at: new.consented_at,
            created_job: false,
            created_one_time_job: false,
        };
        self.access.insert(
            access_token.clone(),
            AccessRecord {
                grant: id,
                expires_at: access_expires,
            },
        );
        self.issued.push(access_token.clone());
        if let Some(token) = &refresh_token {
            self.refresh.insert(token.clone(), id);
            self.issued.push(token.clone());
        }
        self.grants.push(grant.clone());
        self.enforce_refresh_token_cap(new.client_id, new.user, now);
        Issued {
            access_token,
            refresh_token,
            grant,
        }
    }

    fn enforce_refresh_token_cap(&mut self, client_id: &str, user: &str, now: DateTime<Utc>) {
        let live: Vec<usize> = self
            .grants
            .iter()
            .enumerate()
            .filter(|(_, g)| {
                g.client_id == client_id
                    && g.user == user
                    && g.refresh_token.is_some()
                    && g.is_live(now)
            })
            .map(|(i, _)| i)
            .collect();
        let excess = live.len().saturating_sub(MAX_LIVE_REFRESH_TOKENS);
        for &index in live.iter().take(excess) {
            self.grants[index].revoked = true;
        }
    }

    /// A new access token from a refresh token; the grant's scopes and access stay the same.
    pub fn refresh(
        &mut self,
        ids: &mut IdSource,
        now: DateTime<Utc>,
        client_id: &str,
        refresh_token: &str,
        access_lifetime: Duration,
    ) -> Result<(String, Grant), RefreshFailure> {
        let grant_id = *self
            .refresh
            .get(refresh_token)
            .ok_or(RefreshFailure::Unknown)?;
        let grant = self
            .grants
            .get(grant_id as usize)
            .ok_or(RefreshFailure::Unknown)?;
        if grant.client_id != client_id {
            return Err(RefreshFailure::WrongClient);
        }
        if !grant.is_live(now) {
            return Err(RefreshFailure::Dead);
        }
        let grant = grant.clone();
        let access_token = ids.access_token();
        self.access.insert(
            access_token.clone(),
            AccessRecord {
                grant: grant_id,
                expires_at: after(now, access_lifetime),
            },
        );
        self.issued.push(access_token.clone());
        Ok((access_token, grant))
    }

    pub fn check_access(&self, token: &str, now: DateTime<Utc>) -> AccessCheck {
        let Some(record) = self.access.get(token) else {
            return AccessCheck::Invalid;
        };
        let Some(grant) = self.grants.get(record.grant as usize) else {
            return AccessCheck::Invalid;
        };
        if grant.revoked {
            return AccessCheck::Invalid;
        }
        if now >= record.expires_at {
            return AccessCheck::Expired;
        }
        AccessCheck::Valid(Caller {
            grant: record.grant,
            client_id: grant.client_id.clone(),
            user: grant.user.clone(),
            resources: grant.resources.clone(),
            access: grant.access,
            one_time_part: grant.one_time_part.clone(),
        })
    }

    /// Revokes the grant behind an access or refresh token (an access token takes its refresh
    /// token with it). False if the token is unknown or already dead.
    pub fn revoke(&mut self, token: &str, now: DateTime<Utc>) -> bool {
        let (grant_id, token_alive) = match (self.access.get(token), self.refresh.get(token)) {
            (Some(record), _) => (record.grant, now < record.expires_at),
            (None, Some(&id)) => (id, true),
            (None, None) => return false,
        };
        let Some(grant) = self.grants.get_mut(grant_id as usize) else {
            return false;
        };
        let refresh_alive = grant.refresh_token.as_deref() != Some(token) || grant.is_live(now);
        if grant.revoked || !token_alive || !refresh_alive {
            return false;
        }
        grant.revoked = true;
        true
    }

    pub fn revoke_all(&mut self, client_id: &str, user: &str) {
        for grant in &mut self.grants {
            if grant.client_id == client_id && grant.user == user {
                grant.revoked = true;
            }
        }
    }

    /// Resources granted to `client_id` by `user` through grants still alive.
    pub fn live_resources(
        &self,
        client_id: &str,
        user: &str,
        now: DateTime<Utc>,
    ) -> HashSet<String> {
        self.grants
            .iter()
            .filter(|g| g.client_id == client_id && g.user == user && g.is_live(now))
            .flat_map(|g| g.resources.iter().cloned())
            .collect()
    }

    /// Live grants of `client_id` and `user` with a refresh token and a time-based part: what
    /// the renewal link can extend.
    pub fn time_based_grants(&self, client_id: &str, user: &str, now: DateTime<Utc>) -> Vec<u64> {
        self.grants
            .iter()
            .enumerate()
            .filter(|(_, g)| {
                g.client_id == client_id
                    && g.user == user
                    && g.refresh_token.is_some()
                    && g.access.is_time_based()
                    && g.expires_at.is_some()
                    && g.is_live(now)
            })
            .map(|(i, _)| i as u64)
            .collect()
    }

    /// Moves the end of grant `id` (its refresh token's expiry) to `until`.
    pub fn extend(&mut self, id: u64, until: DateTime<Utc>) {
        if let Some(grant) = self.grants.get_mut(id as usize) {
            grant.expires_at = Some(until);
        }
    }

    pub fn grant(&self, id: u64) -> Option<&Grant> {
        self.grants.get(id as usize)
    }

    /// Notes that an initiate through grant `id` created a job (`one_time`: with one-time
    /// access).
    pub fn note_job(&mut self, id: u64, one_time: bool) {
        if let Some(grant) = self.grants.get_mut(id as usize) {
            grant.created_job = true;
            grant.created_one_time_job |= one_time;
        }
    }

    pub fn issued(&self) -> Vec<String> {
        self.issued.clone()
    }
}
