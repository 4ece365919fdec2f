//! Access tokens: kept in memory only, refreshed shortly before they expire, one refresh at a
//! time per grant (concurrent callers wait for the refresh in flight and share its token).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

use super::grants::GrantId;
use crate::secret::AccessToken;

/// Refresh this long before Google's stated expiry, so a token never dies mid-request.
pub const REFRESH_MARGIN: chrono::Duration = chrono::Duration::seconds(120);

#[derive(Debug, Clone)]
pub(super) struct CachedToken {
    pub token: AccessToken,
    pub expires_at: DateTime<Utc>,
}

impl CachedToken {
    pub fn fresh_at(&self, now: DateTime<Utc>) -> bool {
        now + REFRESH_MARGIN < self.expires_at
    }
}

/// One slot per grant; holding a slot's lock is holding the right to refresh that grant.
pub(super) type Slot = Arc<tokio::sync::Mutex<Option<CachedToken>>>;

#[derive(Debug, Default)]
pub(super) struct TokenCache {
    slots: Mutex<HashMap<GrantId, Slot>>,
}

impl TokenCache {
    pub fn slot(&self, grant: &GrantId) -> Slot {
        let mut slots = self
            .slots
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        slots.entry(grant.clone()).or_default().clone()
    }

    pub fn forget(&self, grant: &GrantId) {
        self.slots
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .remove(grant);
    }
}
