//! What the engine watches besides jobs: sign-ins about to end (renewal or a new consent
//! offered in time, never a consent asked for needlessly) and the library on disk, re-verified
//! on a schedule (a file that no longer matches its receipt is an alarm, not a log line).

use chrono::{DateTime, Duration, Utc};
use rusqlite::params;

use super::warnings::NewWarning;
use super::{Engine, EngineError, WarningCode};
use crate::auth::{Grant, GrantState};
use crate::library::{self, FileStatus};
use crate::store::{Cells, Stamp, StoreError};

/// A Production client's time-based sign-in is announced this many days before it ends.
pub const EXPIRY_NOTICES_DAYS: [i64; 2] = [14, 3];
/// A Testing client's sign-in: a new consent is offered this long before it ends.
pub const RECONSENT_BEFORE: Duration = Duration::hours(24);
/// How often the library is re-verified.
pub const REVERIFY_EVERY: Duration = Duration::days(7);
const REVERIFIED_AT: &str = "library_reverified_at";
/// Threads hashing the library (it runs beside downloads; leave them room).
const REVERIFY_THREADS: usize = 1;

impl Engine {
    /// Says what is due about sign-ins; returns when upkeep next has something to do, and
    /// whether the library is due to be re-verified.
    pub(super) fn upkeep(&self) -> Result<(Option<DateTime<Utc>>, bool), EngineError> {
        let now = self.inner.clock.now();
        let mut next: Option<DateTime<Utc>> = None;
        let mut later = |at: DateTime<Utc>| next = Some(next.map_or(at, |n| n.min(at)));
        for grant in self.inner.auth.grants()? {
            if let Some(at) = self.sign_in_notices(&grant, now) {
                later(at);
            }
        }
        let reverified = self.meta_time(REVERIFIED_AT)?;
        if reverified.is_none() {
            self.set_meta_time(REVERIFIED_AT, now)?;
        }
        let due = reverified.is_some_and(|at| now >= at + REVERIFY_EVERY);
        later(
            reverified
                .filter(|at| now < *at + REVERIFY_EVERY)
                .unwrap_or(now)
                + REVERIFY_EVERY,
        );
        Ok((next, due))
    }

    /// Re-verifies the library (in a task of its own: hashing gigabytes takes minutes, and
    /// polls and downloads go on meanwhile); the next one is due a week after this one began.
    pub(super) async fn reverify_library(&self) {
        let began = self.inner.clock.now();
        if let Err(error) = self.reverify().await {
            tracing::warn!("the library could not be re-verified: {error}");
        }
        if let Err(error) = self.set_meta_time(REVERIFIED_AT, began) {
            tracing::warn!("the library's re-verification could not be recorded: {error}");
        }
    }

    /// The notices due for one sign-in; when its next one is due.
    fn sign_in_notices(&self, grant: &Grant, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let settle = |code| {
            if let Err(error) = self
                .inner
                .warnings
                .settle_about_grant(&grant.id.0, code, now)
            {
                tracing::warn!("a settled warning could not be dismissed: {error}");
            }
        };
        let ends = grant.refresh_expires_at?;
        if grant.state != GrantState::Active || now >= ends {
            settle(WarningCode::GrantExpiring);
            settle(WarningCode::ReconsentDue);
            return None;
        }
        let groups = grant.resources.len();
        let end_text = ends.format("%Y-%m-%d %H:%M UTC");
        let about = |code: WarningCode, key: String, message: String| NewWarning {
            key,
            export_id: None,
            grant_id: Some(grant.id.clone()),
            code,
            message,
        };
        if grant.is_testing() {
            self.warn(about(
                WarningCode::TestingLimit,
                "testing_limit".to_owned(),
                "your OAuth client is in Google's \"Testing\" status: its sign-ins end after 7 \
                 days and cannot be renewed; Carryout offers a new consent a day before each \
                 ends (publishing the app in Google Cloud Console lifts the limit)"
                    .to_owned(),
            ));
            // A newer consent for all its groups took over: no offer needed any more.
            let taken_over = grant.resources.keys().all(|group| {
                let newest = self.inner.auth.usable_grant(group).ok().flatten();
                newest.is_some_and(|newer| newer.created_at > grant.created_at)
            });
            let due = ends - RECONSENT_BEFORE;
            if taken_over {
                settle(WarningCode::ReconsentDue);
                return None;
            }
            if now < due {
                return Some(due);
            }
            self.warn(about(
                WarningCode::ReconsentDue,
                format!("reconsent_due:grant:{}", grant.id.0),
                format!(
                    "your sign-in for {groups} groups ends on {end_text}: consent again for \
                     them (Access → Consent again, or `carryout login --again --resources {}`)",
                    grant
                        .resources
                        .keys()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(",")
                ),
            ));
            return None;
        }
        let notices = EXPIRY_NOTICES_DAYS.map(|days| (days, ends - Duration::days(days)));
        let Some((days, _)) = notices.iter().rev().find(|(_, at)| *at <= now) else {
            // Renewed (or far from its end): what was said about its old end no longer holds.
            settle(WarningCode::GrantExpiring);
            return notices.iter().map(|(_, at)| *at).min();
        };
        let renew = match self.inner.auth.renewal_url(&grant.id) {
            Ok(url) => format!("renew it at {url} (Access → Renew)"),
            Err(_) => "consent again before then".to_owned(),
        };
        self.warn(about(
            WarningCode::GrantExpiring,
            format!(
                "grant_expiring:{days}:grant:{}:{}",
                grant.id.0,
                ends.timestamp()
            ),
            format!(
                "your time-based sign-in for {groups} groups ends on {end_text}, in less than \
                 {days} days: {renew}"
            ),
        ));
        notices
            .iter()
            .map(|(_, at)| *at)
            .filter(|at| *at > now)
            .min()
    }

    /// Re-hashes every verified export in the backup folder against its receipts.
    async fn reverify(&self) -> Result<(), EngineError> {
        let root = self.inner.backup_dir.clone();
        let checked = tokio::task::spawn_blocking(move || {
            let exports = library::exports(&root)?;
            Ok::<_, library::LibraryError>(library::verify(&exports, REVERIFY_THREADS, &|_| {}))
        })
        .await;
        let report = match checked {
            Ok(Ok(report)) => report,
            Ok(Err(error)) => {
                tracing::warn!("the library could not be re-verified: {error}");
                return Ok(());
            }
            Err(error) => std::panic::resume_unwind(error.into_panic()),
        };
        let bad: Vec<String> = report
            .files
            .iter()
            .filter(|f| f.status != FileStatus::Ok)
            .map(|f| {
                let what = if f.status == FileStatus::Missing {
                    "missing"
                } else {
                    "changed"
                };
                format!("{} ({what})", f.export.join(&f.name).display())
            })
            .collect();
        if bad.is_empty() {
            return Ok(());
        }
        self.warn(NewWarning {
            key: format!("library_changed:{}", bad.join("|")),
            export_id: None,
            grant_id: None,
            code: WarningCode::LibraryChanged,
            message: format!(
                "backed-up files no longer match what was downloaded ({}): {} — restore them \
                 from another copy, or export the groups again",
                bad.len(),
                bad.join(", ")
            ),
        });
        Ok(())
    }

    fn meta_time(&self, key: &str) -> Result<Option<DateTime<Utc>>, StoreError> {
        self.inner.store.with(|c| {
            let mut statement = c.prepare("SELECT value FROM engine_meta WHERE key = ?1")?;
            let mut rows = statement.query([key])?;
            match rows.next()? {
                Some(row) => Ok(Some(Cells::new(row, format!("engine_meta {key}")).time(0)?)),
                None => Ok(None),
            }
        })
    }

    fn set_meta_time(&self, key: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.inner
            .store
            .execute(
                "INSERT INTO engine_meta (key, value) VALUES (?1, ?2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, Stamp(at)],
            )
            .map(drop)
    }
}
