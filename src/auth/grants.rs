//! Grant records in the state database: which resources each consent granted, with which
//! access type and until when. Several grants per person are normal; for a resource the core
//! picks a usable grant that covers it. No secrets here.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use crate::catalog::GroupId;
use crate::codes::{code_enum, text_id};
use crate::store::{Cells, Stamp, Store, StoreError};

text_id! {
    /// A grant's id: `g-` and a random UUID (122 random bits) in hex, so ids never
    /// realistically collide.
    pub struct GrantId;
}

impl GrantId {
    pub fn random() -> Self {
        Self(format!("g-{}", uuid::Uuid::new_v4().simple()))
    }
}

code_enum! {
    pub enum Access {
        OneTime,
        TimeBased,
    }
}

impl Access {
    /// The access type of an API answer; `None` when Google left it unspecified.
    pub fn from_api(access: crate::api::AccessType) -> Option<Self> {
        match access {
            crate::api::AccessType::OneTime => Some(Self::OneTime),
            crate::api::AccessType::TimeBased => Some(Self::TimeBased),
            crate::api::AccessType::Unspecified => None,
        }
    }

    pub fn to_api(self) -> crate::api::AccessType {
        match self {
            Self::OneTime => crate::api::AccessType::OneTime,
            Self::TimeBased => crate::api::AccessType::TimeBased,
        }
    }
}

code_enum! {
    pub enum GrantState {
        Active,
        /// The refresh token expired or Google refused it (`invalid_grant`): consent again.
        Expired,
        /// Signed out.
        Revoked,
    }
}

/// Google's renewal link accepts a grant from this many days before its end.
pub const RENEWABLE_DAYS: i64 = 90;

/// One consent's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grant {
    pub id: GrantId,
    /// Granted resource groups and their access type.
    pub resources: BTreeMap<GroupId, Access>,
    pub created_at: DateTime<Utc>,
    /// When the refresh token stops working; `None`: until revoked.
    pub refresh_expires_at: Option<DateTime<Utc>>,
    pub state: GrantState,
}

impl Grant {
    /// Active and not past its refresh token's expiry.
    pub fn is_usable(&self, now: DateTime<Utc>) -> bool {
        self.state == GrantState::Active && self.refresh_expires_at.is_none_or(|at| at > now)
    }

    /// Can start a new export of `resource` at `now`: usable, covering it, and for one-time
    /// access within 24 h of the consent (Google wants a one-time export initiated within a
    /// day of the consent; an older one-time grant needs a new consent first).
    pub fn can_start(&self, resource: &str, now: DateTime<Utc>) -> bool {
        match self.resources.get(resource) {
            Some(Access::OneTime) => {
                self.is_usable(now) && now < self.created_at + chrono::Duration::hours(24)
            }
            Some(Access::TimeBased) => self.is_usable(now),
            None => false,
        }
    }

    /// A Testing client's time-based grant: its refresh token lives about 7 days, whatever
    /// the person chose, and cannot be renewed.
    pub fn is_testing(&self) -> bool {
        let lifetime = self
            .refresh_expires_at
            .map(|at| u64::try_from((at - self.created_at).num_seconds()).unwrap_or(0));
        let time_based = self.resources.values().any(|a| *a == Access::TimeBased);
        super::testing_hint::looks_like_testing_client(time_based, lifetime)
    }

    /// When Google's renewal link starts to accept this grant: 90 days before its end, for a
    /// Production client's time-based grant; `None` when it cannot be renewed.
    pub fn renewable_from(&self) -> Option<DateTime<Utc>> {
        let ends = self.refresh_expires_at?;
        (!self.is_testing()).then(|| ends - chrono::Duration::days(RENEWABLE_DAYS))
    }

    /// The state as of `now`: an active grant past its expiry is expired.
    pub fn state_at(&self, now: DateTime<Utc>) -> GrantState {
        match self.state {
            GrantState::Active if !self.is_usable(now) => GrantState::Expired,
            state => state,
        }
    }
}

/// A grant as shown to a person: with what follows from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GrantInfo {
    #[serde(flatten)]
    pub grant: Grant,
    /// A Testing client's: ends after about 7 days and cannot be renewed.
    pub testing: bool,
    /// From when Google's renewal link accepts it, if it can be renewed.
    pub renewable_from: Option<DateTime<Utc>>,
}

impl From<Grant> for GrantInfo {
    fn from(grant: Grant) -> Self {
        Self {
            testing: grant.is_testing(),
            renewable_from: grant.renewable_from(),
            grant,
        }
    }
}

/// The grants table.
#[derive(Debug, Clone)]
pub struct Grants {
    store: Store,
}

impl Grants {
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    pub fn insert(&self, client_id: &str, grant: &Grant) -> Result<(), StoreError> {
        self.store.transaction(|t| {
            t.execute(
                "INSERT INTO grants (id, client_id, created_at, refresh_expires_at, state) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    grant.id.0,
                    client_id,
                    Stamp(grant.created_at),
                    grant.refresh_expires_at.map(Stamp),
                    grant.state
                ],
            )?;
            for (resource, access) in &grant.resources {
                t.execute(
                    "INSERT INTO grant_resources (grant_id, resource, access_type) \
                     VALUES (?1, ?2, ?3)",
                    params![grant.id.0, resource, access],
                )?;
            }
            Ok(())
        })
    }

    /// [`Grants::set_state`] off the async workers, for async callers: the commit is fully
    /// synced.
    pub async fn set_state_off_runtime(
        &self,
        id: &GrantId,
        state: GrantState,
    ) -> Result<(), StoreError> {
        let (grants, id) = (self.clone(), id.clone());
        self.store
            .blocking(move |_| grants.set_state(&id, state))
            .await
    }

    /// The state database these grants live in.
    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn set_state(&self, id: &GrantId, state: GrantState) -> Result<(), StoreError> {
        self.store
            .execute(
                "UPDATE grants SET state = ?2 WHERE id = ?1",
                params![id.0, state],
            )
            .map(drop)
    }

    /// The grant no longer covers `resource`.
    pub fn forget_resource(&self, id: &GrantId, resource: &str) -> Result<(), StoreError> {
        self.store
            .execute(
                "DELETE FROM grant_resources WHERE grant_id = ?1 AND resource = ?2",
                params![id.0, resource],
            )
            .map(drop)
    }

    pub fn get(&self, id: &GrantId) -> Result<Option<Grant>, StoreError> {
        Ok(self.all()?.into_iter().find(|grant| &grant.id == id))
    }

    /// Every grant of `client_id`, newest first.
    pub fn for_client(&self, client_id: &str) -> Result<Vec<Grant>, StoreError> {
        self.list(Some(client_id))
    }

    /// Every grant, newest first.
    pub fn all(&self) -> Result<Vec<Grant>, StoreError> {
        self.list(None)
    }

    fn list(&self, client_id: Option<&str>) -> Result<Vec<Grant>, StoreError> {
        self.store.with(|c| {
            let mut statement = c.prepare(
                "SELECT id, created_at, refresh_expires_at, state FROM grants \
                 WHERE ?1 IS NULL OR client_id = ?1 ORDER BY created_at DESC, rowid DESC",
            )?;
            let mut rows = statement.query(params![client_id])?;
            let mut grants = Vec::new();
            while let Some(row) = rows.next()? {
                let id: String = row.get(0)?;
                let cells = Cells::new(row, format!("grant {id}"));
                grants.push(Grant {
                    resources: BTreeMap::new(),
                    created_at: cells.time(1)?,
                    refresh_expires_at: cells.time_opt(2)?,
                    state: cells.get(3)?,
                    id: GrantId(id),
                });
            }
            let mut resources =
                c.prepare("SELECT resource, access_type FROM grant_resources WHERE grant_id = ?1")?;
            for grant in &mut grants {
                let mut rows = resources.query(params![grant.id.0])?;
                while let Some(row) = rows.next()? {
                    let resource: GroupId = row.get(0)?;
                    let access =
                        Cells::new(row, format!("grant {} ({resource})", grant.id)).get(1)?;
                    grant.resources.insert(resource, access);
                }
            }
            Ok(grants)
        })
    }

    /// The newest grant of `client_id` that can start a new export of `resource`.
    pub fn to_start(
        &self,
        client_id: &str,
        resource: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Grant>, StoreError> {
        self.newest(client_id, |grant| grant.can_start(resource, now))
    }

    /// Records a refresh token's new end (Google's answer to a refresh says it; it moves
    /// after a renewal).
    pub async fn set_refresh_expiry_off_runtime(
        &self,
        id: &GrantId,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let id = id.0.clone();
        self.store
            .blocking(move |store| {
                store
                    .execute(
                        "UPDATE grants SET refresh_expires_at = ?2 WHERE id = ?1",
                        params![id, Stamp(at)],
                    )
                    .map(drop)
            })
            .await
    }

    /// The newest usable grant of `client_id` covering `resource`.
    pub fn usable_for(
        &self,
        client_id: &str,
        resource: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Grant>, StoreError> {
        self.newest(client_id, |grant| {
            grant.is_usable(now) && grant.resources.contains_key(resource)
        })
    }

    fn newest(
        &self,
        client_id: &str,
        wanted: impl Fn(&Grant) -> bool,
    ) -> Result<Option<Grant>, StoreError> {
        Ok(self.for_client(client_id)?.into_iter().find(|g| wanted(g)))
    }

    /// Records that a one-off notice was shown; `true` if this is the first time.
    pub fn first_showing(&self, notice: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
        self.store.with(|c| {
            let seen: Option<String> = c
                .query_row(
                    "SELECT shown_at FROM notices_shown WHERE name = ?1",
                    params![notice],
                    |row| row.get(0),
                )
                .optional()?;
            if seen.is_some() {
                return Ok(false);
            }
            c.execute(
                "INSERT INTO notices_shown (name, shown_at) VALUES (?1, ?2)",
                params![notice, Stamp(now)],
            )?;
            Ok(true)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(resources: &[(&str, Access)], created_secs: i64, expires: Option<i64>) -> Grant {
        Grant {
            id: GrantId::random(),
            resources: resources.iter().map(|(r, a)| ((*r).into(), *a)).collect(),
            created_at: DateTime::from_timestamp(created_secs, 0).unwrap(),
            refresh_expires_at: expires.map(|s| DateTime::from_timestamp(s, 0).unwrap()),
            state: GrantState::Active,
        }
    }

    #[test]
    fn the_newest_usable_grant_covering_a_resource_is_picked() {
        let grants = Grants::new(Store::in_memory().unwrap());
        let old = grant(&[("a", Access::OneTime), ("b", Access::OneTime)], 100, None);
        let newer = grant(&[("a", Access::TimeBased)], 200, Some(1_000));
        grants.insert("client", &old).unwrap();
        grants.insert("client", &newer).unwrap();
        let now = DateTime::from_timestamp(500, 0).unwrap();
        assert_eq!(
            grants.usable_for("client", "a", now).unwrap().unwrap().id,
            newer.id
        );
        assert_eq!(
            grants.usable_for("client", "b", now).unwrap().unwrap().id,
            old.id
        );
        assert!(grants.usable_for("other", "a", now).unwrap().is_none());

        let later = DateTime::from_timestamp(2_000, 0).unwrap();
        assert_eq!(
            grants.usable_for("client", "a", later).unwrap().unwrap().id,
            old.id
        );
        grants.set_state(&old.id, GrantState::Expired).unwrap();
        assert!(grants.usable_for("client", "a", later).unwrap().is_none());
        let stored = grants.get(&newer.id).unwrap().unwrap();
        assert_eq!(stored.resources, newer.resources);
        assert_eq!(stored.state_at(later), GrantState::Expired);
    }

    #[test]
    fn an_unreadable_stored_date_is_an_error_naming_the_grant() {
        let grants = Grants::new(Store::in_memory().unwrap());
        let stored = grant(&[("a", Access::OneTime)], 100, Some(1_000));
        grants.insert("client", &stored).unwrap();
        for column in ["created_at", "refresh_expires_at"] {
            grants
                .store
                .with(|c| c.execute(&format!("UPDATE grants SET {column} = 'soon'"), []))
                .unwrap();
            let error = grants.all().unwrap_err().to_string();
            assert!(error.contains(&stored.id.0), "{column}: {error}");
            grants
                .store
                .with(|c| {
                    c.execute(
                        "UPDATE grants SET created_at = ?1, refresh_expires_at = NULL",
                        [stored.created_at.to_rfc3339()],
                    )
                })
                .unwrap();
        }
    }

    #[test]
    fn a_notice_is_shown_once() {
        let grants = Grants::new(Store::in_memory().unwrap());
        let now = DateTime::from_timestamp(0, 0).unwrap();
        assert!(grants.first_showing("testing", now).unwrap());
        assert!(!grants.first_showing("testing", now).unwrap());
    }
}
