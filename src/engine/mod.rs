//! The export engine: one job per resource group, started, watched for days, retried,
//! downloaded and verified into the backup folder — every step written to the state database
//! before the next, so a killed process resumes where it was.
//!
//! Hosts (the CLI, the app, tests) build an [`Engine`] from the core's parts, call
//! [`Engine::backup`] (what a person asks for: one rule for what starts) and friends, subscribe to its [`EngineEvent`]s and drive
//! [`Engine::run`]. One engine per data dir: a second one gets [`EngineError::Elsewhere`].

mod backup;
mod cadence;
mod coverage;
mod data_loss;
mod download;
mod events;
mod exports;
mod history;
mod initiate;
mod lock;
mod plan;
mod poll;
mod run;
mod schedules;
mod settle;
mod turns;
mod upkeep;
mod warnings;
mod windows;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use tokio::sync::{Notify, broadcast};

pub use crate::auth::Access;
pub use backup::{BackupReport, Consent};
pub use coverage::{Coverage, Window, coverage};
pub use events::{EngineEvent, Warning, WarningCode};
pub use exports::{ExportRow, ExportState, Exports, ProblemCode, RowProblem};
pub use lock::LOCK_FILE;
pub use plan::{Blocked, BlockedCode, Plan};
pub use run::RunUntil;
pub use schedules::{MAX_EVERY_DAYS, RunResult, Schedule, ScheduleReport};
/// What [`Engine::subscribe`]'s receiver answers besides events.
pub use tokio::sync::broadcast::error::RecvError;
pub use upkeep::{EXPIRY_NOTICES_DAYS, RECONSENT_BEFORE};
pub use warnings::Warnings;

use crate::api::{ApiError, DataPortability};
use crate::auth::{Auth, AuthError, GrantId};
use crate::catalog::{self, GroupId};
use crate::clock::Clock;
use crate::download::Downloader;
use crate::history::HistoryPlace;
use crate::secret::AccessToken;
use crate::store::{Store, StoreError};
use exports::NewExport;

/// Retries of a FAILED job, automatic and manual together (Google allows 3 per job).
pub const MAX_RETRIES: u32 = 3;

/// Why an engine call failed. Problems of one export are not errors: they are stored on its
/// row (`problem`) and published as events.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(
        "another Carryout is already running the exports of {data_dir} (the app or `carryout \
         run`); let it finish, or close it first"
    )]
    Elsewhere { data_dir: PathBuf },
    #[error("{0} is not a resource group; `carryout groups` lists them (e.g. myactivity.search)")]
    UnknownGroup(String),
    #[error("there is no export {0}; `carryout status` lists them")]
    UnknownExport(i64),
    #[error("export {id} cannot be {action}: it is {state}")]
    Refused {
        id: i64,
        action: &'static str,
        state: &'static str,
    },
    #[error(
        "resetting the authorization now would lose exports not yet on disk: {}; let them \
         finish (or force the reset, losing them)",
        .groups.join(", ")
    )]
    ResetWouldLose { groups: Vec<GroupId> },
    #[error("a schedule repeats every 1 to {MAX_EVERY_DAYS} days")]
    BadSchedule,
    #[error("there is no schedule {0}; `carryout schedule list` lists them")]
    UnknownSchedule(i64),
    #[error("there is no warning {0}")]
    UnknownWarning(i64),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error(transparent)]
    Api(#[from] ApiError),
}

/// What an engine is built from; a host's `Session` has every part.
pub struct EngineParts {
    pub store: Store,
    pub auth: Arc<Auth>,
    pub api: DataPortability,
    pub downloader: Downloader,
    pub clock: Arc<dyn Clock>,
    /// Where export folders go: `<backup dir>/<group>/<export time>_<job id>/`.
    pub backup_dir: PathBuf,
    /// The data dir whose state database `store` is; holds the engine's lock.
    pub data_dir: PathBuf,
    /// Where each verified export is also kept; `None`: nowhere.
    pub history: Option<HistoryPlace>,
}

/// What to export: groups and, for groups that support time filters, the window.
#[derive(Debug, Clone, Default)]
pub struct ExportRequest {
    pub groups: Vec<GroupId>,
    pub since: Since,
    /// End of the window (time-filter groups only); `None`: up to the moment of the export.
    pub until: Option<DateTime<Utc>>,
}

/// What a reset did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ResetReport {
    /// The sign-ins Google revoked.
    pub revoked: Vec<GrantId>,
    /// Groups whose exports were not on disk yet (a forced reset).
    pub lost: Vec<GroupId>,
}

/// Where the window of a time-filter group starts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Since {
    /// The whole history.
    #[default]
    Beginning,
    /// Where the group's last verified export ended (its `exportTime`), so windows chain
    /// without gaps; the whole history when there is none.
    LastExport,
    At(DateTime<Utc>),
}

/// The export engine. Cheap to clone; every clone is the same engine.
#[derive(Clone)]
pub struct Engine {
    inner: Arc<Inner>,
}

struct Inner {
    auth: Arc<Auth>,
    api: DataPortability,
    downloader: Downloader,
    clock: Arc<dyn Clock>,
    backup_dir: PathBuf,
    store: Store,
    exports: Exports,
    windows: windows::GrantWindows,
    schedules: schedules::Schedules,
    warnings: Warnings,
    events: broadcast::Sender<EngineEvent>,
    /// Wakes the run loop: new exports, "check now", a finished download.
    wake: Notify,
    /// Rows whose download task is running.
    downloading: Mutex<std::collections::HashSet<i64>>,
    /// A reset is under way: the run loop starts no job meanwhile (it would be revoked).
    resetting: std::sync::atomic::AtomicBool,
    history: Option<HistoryPlace>,
    /// The history repository, once opened; one export is kept at a time.
    keeper: Mutex<history::Keeper>,
    _lock: lock::EngineLock,
}

impl Engine {
    /// The engine of `parts.data_dir`; fails with [`EngineError::Elsewhere`] while another
    /// process runs one there.
    pub fn new(parts: EngineParts) -> Result<Self, EngineError> {
        let lock = lock::EngineLock::acquire(&parts.data_dir)?;
        let (events, _) = broadcast::channel(1024);
        Ok(Self {
            inner: Arc::new(Inner {
                auth: parts.auth,
                api: parts.api,
                downloader: parts.downloader,
                clock: parts.clock,
                backup_dir: parts.backup_dir,
                exports: Exports::new(parts.store.clone()),
                windows: windows::GrantWindows::new(parts.store.clone()),
                schedules: schedules::Schedules::new(parts.store.clone()),
                warnings: Warnings::new(parts.store.clone()),
                store: parts.store,
                events,
                wake: Notify::new(),
                downloading: Mutex::default(),
                resetting: std::sync::atomic::AtomicBool::new(false),
                history: parts.history,
                keeper: Mutex::default(),
                _lock: lock,
            }),
        })
    }

    /// Every event from now on. A receiver that falls more than 1024 events behind skips
    /// ahead (`RecvError::Lagged`); reading [`Engine::exports`] again catches up.
    pub fn subscribe(&self) -> broadcast::Receiver<EngineEvent> {
        self.inner.events.subscribe()
    }

    /// Every export, newest first.
    pub fn exports(&self) -> Result<Vec<ExportRow>, EngineError> {
        Ok(self.inner.exports.all()?)
    }

    pub fn export(&self, id: i64) -> Result<ExportRow, EngineError> {
        self.inner
            .exports
            .get(id)?
            .ok_or(EngineError::UnknownExport(id))
    }

    /// Starts (or, for a group already under way, returns) an export per group: a row is
    /// written for each, and the run loop initiates the jobs. Groups no usable sign-in covers
    /// wait for consent.
    pub fn start_exports(&self, request: &ExportRequest) -> Result<Vec<ExportRow>, EngineError> {
        let now = self.inner.clock.now();
        let mut rows = Vec::new();
        for group in dedup(&request.groups) {
            let info = catalog::find(&group)
                .ok_or_else(|| EngineError::UnknownGroup(group.to_string()))?;
            let latest = self.inner.exports.latest_of(&group)?;
            if let Some(row) = latest
                .as_ref()
                .filter(|r| r.state.is_active() || r.state == ExportState::WaitingConsent)
            {
                rows.push(row.clone());
                continue;
            }
            let (start_time, end_time) = if info.time_filter {
                let start = match request.since {
                    Since::Beginning => None,
                    Since::At(at) => Some(at),
                    Since::LastExport => self.last_export_time(&group)?,
                };
                (start, request.until)
            } else {
                (None, None)
            };
            let covered = self.inner.auth.covering_grant(&group)?.is_some();
            let row = self.inner.exports.insert(
                &NewExport {
                    group: group.clone(),
                    state: if covered {
                        ExportState::Starting
                    } else {
                        ExportState::WaitingConsent
                    },
                    grant_id: None,
                    start_time,
                    end_time,
                    next_check_at: None,
                    problem: None,
                },
                now,
            )?;
            self.publish(&row);
            rows.push(row);
        }
        self.inner.wake.notify_one();
        Ok(rows)
    }

    /// Makes the run loop look at every export now, e.g. after a sign-in that exports
    /// waiting for consent can go on with.
    pub fn wake(&self) {
        self.inner.wake.notify_one();
    }

    /// Asks Google about an in-progress export at once (at most every 5 minutes per export,
    /// Google's shortest advised interval).
    pub fn check_now(&self, id: i64) -> Result<ExportRow, EngineError> {
        let mut row = self.export(id)?;
        if row.state != ExportState::InProgress {
            return Err(refused(&row, "checked now"));
        }
        let now = self.inner.clock.now();
        let spaced = row.checked_at.map_or(now, |at| {
            (at + chrono_duration(cadence::CHECK_NOW_SPACING)).max(now)
        });
        row.next_check_at = Some(row.next_check_at.map_or(spaced, |next| next.min(spaced)));
        self.save(&row)?;
        self.inner.wake.notify_one();
        Ok(row)
    }

    /// Starts a failed export again: a FAILED job is retried at Google (up to
    /// [`MAX_RETRIES`] times), anything else gets a new job.
    pub fn retry(&self, id: i64) -> Result<ExportRow, EngineError> {
        let mut row = self.export(id)?;
        if !matches!(row.state, ExportState::Failed | ExportState::Cancelled) {
            return Err(refused(&row, "retried"));
        }
        // The group is already under way again (a schedule, another retry): that is the export.
        if let Some(active) = self
            .inner
            .exports
            .latest_of(&row.group)?
            .filter(|r| r.id != row.id && r.state.is_active())
        {
            return Ok(active);
        }
        let now = self.inner.clock.now();
        let google_failed = row
            .problem
            .as_ref()
            .is_some_and(|p| p.code == ProblemCode::Failed);
        if google_failed && row.job_id.is_some() && row.retries < MAX_RETRIES {
            // Polling sees FAILED again and retries it at Google.
            row.state = ExportState::InProgress;
        } else if row.state == ExportState::Failed
            && row.job_id.is_some()
            && row
                .problem
                .as_ref()
                .is_some_and(|p| p.code == ProblemCode::Download)
        {
            row.state = ExportState::Downloading;
        } else {
            // A new job for the group: a fresh row keeps this one as history.
            let fresh = self.inner.exports.insert(
                &NewExport {
                    group: row.group.clone(),
                    state: ExportState::Starting,
                    grant_id: None,
                    start_time: row.start_time,
                    end_time: row.end_time,
                    next_check_at: None,
                    problem: None,
                },
                now,
            )?;
            self.publish(&fresh);
            self.inner.wake.notify_one();
            return Ok(fresh);
        }
        row.problem = None;
        row.finished_at = None;
        row.next_check_at = Some(now);
        self.save(&row)?;
        self.inner.wake.notify_one();
        Ok(row)
    }

    /// Cancels an in-progress export started with time-based access (Google refuses to
    /// cancel one-time jobs). Every row of the job is marked cancelled.
    pub async fn cancel(&self, id: i64) -> Result<ExportRow, EngineError> {
        let row = self.export(id)?;
        let Some(job) = row
            .job_id
            .clone()
            .filter(|_| row.state == ExportState::InProgress)
        else {
            return Err(refused(&row, "cancelled"));
        };
        if row.access == Some(Access::OneTime) {
            return Err(EngineError::Refused {
                id,
                action: "cancelled",
                state: "a one-time export (Google cancels only time-based ones)",
            });
        }
        let (_, token) = self.token_for(&row).await?;
        self.inner.api.cancel(&token, &job).await?;
        let now = self.inner.clock.now();
        for mut member in self.job_rows(&job)? {
            member.state = ExportState::Cancelled;
            member.finished_at = Some(now);
            member.next_check_at = None;
            self.save(&member)?;
        }
        self.export(id)
    }

    /// `authorization.reset`: lets every group be exported again with a new consent, and
    /// revokes every sign-in of this client. Refused while an export has archives not yet
    /// verified on disk (they would be lost), unless `force`; those exports are then failed.
    pub async fn reset(&self, force: bool) -> Result<ResetReport, EngineError> {
        // The run loop starts nothing while Google revokes; the rows are read again after the
        // wait, so what changed meanwhile is not overwritten with what was read before.
        struct Resetting<'a>(&'a Inner);
        impl Drop for Resetting<'_> {
            fn drop(&mut self) {
                self.0
                    .resetting
                    .store(false, std::sync::atomic::Ordering::SeqCst);
                self.0.wake.notify_one();
            }
        }
        self.inner
            .resetting
            .store(true, std::sync::atomic::Ordering::SeqCst);
        let _resetting = Resetting(&self.inner);
        let at_risk = self.at_risk_of_reset()?;
        if !at_risk.is_empty() && !force {
            let mut groups: Vec<GroupId> = at_risk.iter().map(|r| r.group.clone()).collect();
            groups.dedup();
            return Err(EngineError::ResetWouldLose { groups });
        }
        let (grant, token) = self.inner.auth.any_access_token().await?;
        self.with_fresh_token(&grant, token, |token| {
            let api = self.inner.api.clone();
            async move { api.reset_authorization(&token).await }
        })
        .await?;
        let revoked = self.inner.auth.forget_all_grants().await?;
        let at_risk = self.at_risk_of_reset()?;
        let lost: Vec<GroupId> = at_risk.iter().map(|r| r.group.clone()).collect();
        self.settle(
            at_risk,
            ExportState::Failed,
            settle::problem(
                ProblemCode::Gone,
                "the authorization was reset before this export was downloaded; start a new export",
            ),
            None,
        )?;
        Ok(ResetReport { revoked, lost })
    }

    /// Exports a reset would lose: a job whose archives are not verified on disk.
    fn at_risk_of_reset(&self) -> Result<Vec<ExportRow>, EngineError> {
        Ok(self
            .inner
            .exports
            .all()?
            .into_iter()
            .filter(|r| {
                let not_downloaded = r
                    .problem
                    .as_ref()
                    .is_some_and(|p| p.code == ProblemCode::Download);
                r.job_id.is_some() && (!r.state.is_final() || not_downloaded)
            })
            .collect())
    }

    /// What starting `groups` would do now: which a sign-in covers, which need consent,
    /// which are blocked and why.
    pub fn plan(&self, groups: &[GroupId]) -> Result<Plan, EngineError> {
        plan::plan(self, groups)
    }

    fn last_export_time(&self, group: &str) -> Result<Option<DateTime<Utc>>, EngineError> {
        Ok(self
            .inner
            .exports
            .all()?
            .into_iter()
            .filter(|r| r.group == group && r.state == ExportState::Verified)
            .filter_map(|r| r.export_time)
            .max())
    }

    /// Every row carried by `job` (several when one job exports many groups).
    fn job_rows(&self, job: &crate::api::JobId) -> Result<Vec<ExportRow>, EngineError> {
        Ok(self
            .inner
            .exports
            .all()?
            .into_iter()
            .filter(|r| r.job_id.as_ref() == Some(job))
            .collect())
    }

    /// Stores a row, then tells the hosts.
    fn save(&self, row: &ExportRow) -> Result<(), EngineError> {
        self.inner.exports.save(row, self.inner.clock.now())?;
        self.publish(row);
        Ok(())
    }

    fn publish(&self, row: &ExportRow) {
        // Nobody listening is fine.
        let _ = self.inner.events.send(EngineEvent::Export {
            export: Box::new(row.clone()),
        });
    }

    /// A token for the row's job: its own grant while usable, else any usable grant that
    /// covers its group (after a new consent).
    async fn token_for(&self, row: &ExportRow) -> Result<(GrantId, AccessToken), AuthError> {
        if let Some(grant) = &row.grant_id {
            let grant = grant.clone();
            match self.inner.auth.access_token(&grant).await {
                Ok(token) => return Ok((grant, token)),
                Err(AuthError::GrantExpired { .. } | AuthError::GrantRevoked(_)) => {}
                Err(other) => return Err(other),
            }
        }
        self.inner.auth.access_token_for(&row.group).await
    }
}

fn refused(row: &ExportRow, action: &'static str) -> EngineError {
    EngineError::Refused {
        id: row.id,
        action,
        state: row.state.as_str(),
    }
}

fn dedup(groups: &[GroupId]) -> Vec<GroupId> {
    let mut seen = std::collections::BTreeSet::new();
    groups
        .iter()
        .map(|g| GroupId::from(g.trim()))
        .filter(|g| seen.insert(g.clone()))
        .collect()
}

/// Test hook: a debug build started with `CARRYOUT_CRASH_AT=<point>` dies at that point as if
/// killed (no cleanup, nothing flushed), to prove that a restart loses nothing at moments a
/// kill from outside cannot be timed for.
fn crash_point(point: &str) {
    if crate::test_switch::var_os(crate::test_switch::CRASH_AT).is_some_and(|w| w == point) {
        std::process::abort();
    }
}

pub(crate) fn chrono_duration(d: std::time::Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX)
}
