//! What the engine learned about each grant's 24 h window of time-based access: per group, as
//! Google's docs imply, or per OAuth client across groups, as a production client observed.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use crate::store::{Stamp, Store, StoreError};

/// How far the window of one grant reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowScope {
    /// Not learned yet: the first cooldown answer tells.
    Unknown,
    PerGroup,
    PerClient,
}

#[derive(Debug, Clone)]
pub struct GrantWindows {
    store: Store,
}

impl GrantWindows {
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    /// What the engine knows of `grant`'s window. A sign-in not yet refused takes what was
    /// learned last from another: how far Google's window reaches is a rule of Google's, the
    /// same for every sign-in of one client and account (a data dir holds one person's).
    pub fn scope(&self, grant: &str) -> Result<WindowScope, StoreError> {
        let per_client: Option<bool> = self.store.with(|c| {
            c.query_row(
                "SELECT per_client FROM grant_windows WHERE grant_id = ?1 \
                 UNION ALL SELECT * FROM (SELECT per_client FROM grant_windows \
                 ORDER BY learned_at DESC LIMIT 1)",
                params![grant],
                |r| r.get(0),
            )
            .optional()
        })?;
        Ok(match per_client {
            None => WindowScope::Unknown,
            Some(true) => WindowScope::PerClient,
            Some(false) => WindowScope::PerGroup,
        })
    }

    pub fn learn(
        &self,
        grant: &str,
        scope: WindowScope,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let per_client = match scope {
            WindowScope::Unknown => return Ok(()),
            WindowScope::PerClient => true,
            WindowScope::PerGroup => false,
        };
        self.store
            .execute(
                "INSERT INTO grant_windows (grant_id, per_client, learned_at) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (grant_id) DO UPDATE SET per_client = ?2, learned_at = ?3",
                params![grant, per_client, Stamp(now)],
            )
            .map(drop)
    }
}
