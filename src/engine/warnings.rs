//! Warnings kept until a person dismisses them: each is written to the state database before
//! it is published, and said once (a check that runs every day does not repeat itself).

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::events::{EngineEvent, Warning, WarningCode};
use super::{Engine, EngineError};
use crate::auth::GrantId;
use crate::store::{Cells, Stamp, Store, StoreError};

/// A warning about to be said.
pub(super) struct NewWarning {
    /// What makes it the same as one said before (then it is not said again).
    pub key: String,
    pub export_id: Option<i64>,
    pub grant_id: Option<GrantId>,
    pub code: WarningCode,
    pub message: String,
}

impl NewWarning {
    /// A warning about one export, said once per export and code.
    pub fn about_export(id: i64, code: WarningCode, message: String) -> Self {
        Self {
            key: format!("{}:export:{id}", code.as_str()),
            export_id: Some(id),
            grant_id: None,
            code,
            message,
        }
    }
}

/// The warnings table.
#[derive(Debug, Clone)]
pub struct Warnings {
    store: Store,
}

impl Warnings {
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    /// Keeps a warning unless one with its key was said before; the kept one, if new.
    fn insert(&self, new: &NewWarning, now: DateTime<Utc>) -> Result<Option<Warning>, StoreError> {
        self.store.with(|c| {
            let id: Option<i64> = c
                .query_row(
                    "INSERT INTO warnings (key, export_id, grant_id, code, message, created_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (key) DO NOTHING RETURNING id",
                    params![
                        new.key,
                        new.export_id,
                        new.grant_id,
                        new.code,
                        new.message,
                        Stamp(now)
                    ],
                    |row| row.get(0),
                )
                .optional()?;
            Ok(id.map(|id| Warning {
                id,
                export_id: new.export_id,
                grant_id: new.grant_id.clone(),
                code: new.code,
                message: new.message.clone(),
                created_at: now,
            }))
        })
    }

    /// The warnings not dismissed, newest first.
    pub fn current(&self) -> Result<Vec<Warning>, StoreError> {
        self.store.with(|c| {
            let mut statement = c.prepare(
                "SELECT id, export_id, grant_id, code, message, created_at FROM warnings \
                 WHERE dismissed_at IS NULL ORDER BY id DESC",
            )?;
            let mut rows = statement.query([])?;
            let mut found = Vec::new();
            while let Some(row) = rows.next()? {
                let id = row.get(0)?;
                let cells = Cells::new(row, format!("warning {id}"));
                found.push(Warning {
                    id,
                    export_id: cells.get(1)?,
                    grant_id: cells.get(2)?,
                    code: cells.get(3)?,
                    message: cells.get(4)?,
                    created_at: cells.time(5)?,
                });
            }
            Ok(found)
        })
    }

    /// Dismisses the warnings of one code about one sign-in (they no longer hold, e.g. after a
    /// renewal); the number dismissed.
    pub(super) fn settle_about_grant(
        &self,
        grant: &str,
        code: WarningCode,
        now: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        self.store.with(|c| {
            Ok(c.execute(
                "UPDATE warnings SET dismissed_at = ?3 \
                 WHERE grant_id = ?1 AND code = ?2 AND dismissed_at IS NULL",
                params![grant, code, Stamp(now)],
            )?)
        })
    }

    /// Dismisses a warning; `false` if there is no such warning.
    pub fn dismiss(&self, id: i64, now: DateTime<Utc>) -> Result<bool, StoreError> {
        self.store.with(|c| {
            let changed = c.execute(
                "UPDATE warnings SET dismissed_at = ?2 WHERE id = ?1 AND dismissed_at IS NULL",
                params![id, Stamp(now)],
            )?;
            Ok(changed == 1)
        })
    }
}

impl Engine {
    /// The warnings not yet dismissed, newest first.
    pub fn warnings(&self) -> Result<Vec<Warning>, EngineError> {
        Ok(self.inner.warnings.current()?)
    }

    pub fn dismiss_warning(&self, id: i64) -> Result<(), EngineError> {
        if self.inner.warnings.dismiss(id, self.inner.clock.now())? {
            Ok(())
        } else {
            Err(EngineError::UnknownWarning(id))
        }
    }

    /// Says that the run loop ended on `error` and starts again after `restart_in`: once a
    /// day, so that a loop failing over and over is one warning, not hundreds.
    pub fn report_stopped(&self, error: &EngineError, restart_in: std::time::Duration) {
        let today = self.inner.clock.now().date_naive();
        self.warn(NewWarning {
            key: format!("engine_stopped:{today}"),
            export_id: None,
            grant_id: None,
            code: WarningCode::EngineStopped,
            message: format!(
                "the export engine stopped ({error}); it starts again in {} s",
                restart_in.as_secs()
            ),
        });
    }

    /// Keeps a warning and tells the hosts, unless it was said before. A warning that cannot
    /// be stored is still published and logged: it must not be lost to a database error.
    pub(super) fn warn(&self, new: NewWarning) {
        let now = self.inner.clock.now();
        let kept = match self.inner.warnings.insert(&new, now) {
            Ok(None) => return,
            Ok(Some(kept)) => kept,
            Err(error) => {
                tracing::error!("a warning could not be kept: {error}");
                Warning {
                    id: 0,
                    export_id: new.export_id,
                    grant_id: new.grant_id,
                    code: new.code,
                    message: new.message,
                    created_at: now,
                }
            }
        };
        // Hosts say the warning from the event (the CLI prints it once, the app shows it): a
        // log line at `warn` would say it twice.
        tracing::info!("{}", kept.message);
        let _ = self
            .inner
            .events
            .send(EngineEvent::Warning { warning: kept });
    }
}
