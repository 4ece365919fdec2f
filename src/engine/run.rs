//! The run loop: each pass acts on every row that is due — initiates, state calls, downloads
//! (as tasks) — then sleeps on the injected clock until the next row is due, a host wakes it,
//! or a download ends.

use std::collections::{BTreeMap, HashSet};

use futures_util::StreamExt;
use tokio::task::JoinSet;

use super::exports::{ExportRow, ExportState, ProblemCode};
use super::initiate::Outcome;
use super::poll::CompleteJob;
use super::settle::{is_folding, problem};
use super::windows::WindowScope;
use super::{Engine, EngineError};
use crate::api::JobId;
use crate::auth::{Access, GrantId};
use crate::secret::SignedUrl;

/// Initiates or state calls in flight at once.
const CONCURRENT_CALLS: usize = 4;

/// How long [`Engine::run`] keeps going.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunUntil {
    /// Until no export is starting, in progress or downloading (waiting for a window or for
    /// consent does not count).
    Idle,
    /// Until the future is dropped (Ctrl-C, the app quitting).
    Stopped,
    /// One pass over what is due now (initiates, state calls), without waiting for
    /// downloads: they resume on the next run.
    OnePass,
}

type DownloadTask = (Vec<i64>, Result<(), EngineError>);
/// When something is next due, if anything.
type Due = Option<chrono::DateTime<chrono::Utc>>;

/// How long a run loop that ended on an error waits before it starts again: doubling from the
/// first to the longest.
const RESTART_FIRST: std::time::Duration = std::time::Duration::from_secs(1);
const RESTART_LONGEST: std::time::Duration = std::time::Duration::from_secs(5 * 60);

impl Engine {
    /// Runs until stopped (its task aborted), as a desktop host does: a loop that ends on an
    /// error (only the state database failing ends it) is said as a warning and started
    /// again, a little later each time, so exports never stop for good while the app looks
    /// alive.
    pub async fn run_restarting(&self) {
        let mut wait = RESTART_FIRST;
        loop {
            let Err(error) = self.run(RunUntil::Stopped).await else {
                return;
            };
            tracing::error!("the export engine stopped: {error}; restarting in {wait:?}");
            self.report_stopped(&error, wait);
            tokio::time::sleep(wait).await;
            wait = (wait * 2).min(RESTART_LONGEST);
        }
    }

    /// Works on the exports: polls, downloads, starts what is due. A download's failure is
    /// stored on its rows; only the state database failing ends the run with an error.
    pub async fn run(&self, until: RunUntil) -> Result<(), EngineError> {
        // Also when the run is dropped mid-way (a pause, Ctrl-C): its downloads stop with it
        // (the task set aborts them), so none counts as running for the next run.
        struct Stopped<'a>(&'a Engine);
        impl Drop for Stopped<'_> {
            fn drop(&mut self) {
                self.0.downloading().clear();
            }
        }
        let _stopped = Stopped(self);
        let mut tasks: JoinSet<DownloadTask> = JoinSet::new();
        // A stopped run waits for nothing: part files and the database let downloads resume.
        self.run_with(until, &mut tasks).await
    }

    async fn run_with(
        &self,
        until: RunUntil,
        tasks: &mut JoinSet<DownloadTask>,
    ) -> Result<(), EngineError> {
        // The library's re-verification, beside polls and downloads.
        let mut reverifying: JoinSet<()> = JoinSet::new();
        loop {
            let (next_schedule, next_upkeep) = self.pass(tasks, &mut reverifying, until).await?;
            if until == RunUntil::OnePass {
                return Ok(());
            }
            let now = self.inner.clock.now();
            let running = self.downloading().clone();
            let active: Vec<ExportRow> = self
                .inner
                .exports
                .active()?
                .into_iter()
                .filter(|r| !running.contains(&r.id))
                .collect();
            let working = active.iter().any(|r| r.state != ExportState::WaitingWindow);
            if until == RunUntil::Idle && !working && tasks.is_empty() && reverifying.is_empty() {
                return Ok(());
            }
            // A schedule due while downloads run waits for them: it would only find its groups
            // still downloading. Upkeep waits too: it would re-verify files being joined by
            // new ones, and its notices are days ahead; and while the library is being
            // re-verified, its end is what upkeep waits for.
            let next_schedule = next_schedule.filter(|_| tasks.is_empty());
            let next_upkeep = next_upkeep.filter(|_| tasks.is_empty() && reverifying.is_empty());
            // Starts wait while a reset is under way; its end wakes the loop.
            let resetting = self
                .inner
                .resetting
                .load(std::sync::atomic::Ordering::SeqCst);
            let next = active
                .iter()
                .filter(|r| !(resetting && r.state == ExportState::Starting))
                .map(|r| r.next_check_at.unwrap_or(now))
                .chain(next_schedule)
                .chain(next_upkeep)
                .min();
            if next.is_some_and(|at| at <= now) {
                // Let the download tasks run between passes, on any runtime.
                tokio::task::yield_now().await;
                continue;
            }
            let wait = next.map(|at| (at - now).to_std().unwrap_or_default());
            tokio::select! {
                () = async {
                    match wait {
                        Some(wait) => self.inner.clock.sleep(wait).await,
                        None => std::future::pending().await,
                    }
                } => {}
                () = self.inner.wake.notified() => {}
                Some(done) = tasks.join_next(), if !tasks.is_empty() => {
                    self.download_ended(done)?;
                }
                Some(done) = reverifying.join_next(), if !reverifying.is_empty() => {
                    if let Err(error) = done
                        && error.is_panic()
                    {
                        std::panic::resume_unwind(error.into_panic());
                    }
                }
            }
        }
    }

    /// One pass over every due schedule, row and upkeep; returns when the next schedule and
    /// the next upkeep are due.
    async fn pass(
        &self,
        tasks: &mut JoinSet<DownloadTask>,
        reverifying: &mut JoinSet<()>,
        until: RunUntil,
    ) -> Result<(Due, Due), EngineError> {
        while let Some(done) = tasks.try_join_next() {
            self.download_ended(done)?;
        }
        let (next_upkeep, reverify) = self.upkeep()?;
        // A one-pass run (a quick command) does not re-hash the library.
        if reverify && until != RunUntil::OnePass && reverifying.is_empty() {
            let engine = self.clone();
            reverifying.spawn(async move { engine.reverify_library().await });
        }
        let next_schedule = self.run_due_schedules()?;
        self.resume_after_consent()?;
        let now = self.inner.clock.now();
        let running = self.downloading().clone();
        let due: Vec<ExportRow> = self
            .inner
            .exports
            .active()?
            .into_iter()
            .filter(|r| !running.contains(&r.id))
            .filter(|r| r.next_check_at.is_none_or(|at| at <= now) || is_folding(r))
            .collect();
        let mut starting = Vec::new();
        // Rows whose promised turn came: their sign-in may be gone, freeing the turn.
        let mut turns_due = HashSet::new();
        let mut polling: BTreeMap<JobId, Vec<ExportRow>> = BTreeMap::new();
        let mut downloads: BTreeMap<JobId, Vec<ExportRow>> = BTreeMap::new();
        for mut row in due {
            match (row.state, row.job_id.clone()) {
                (ExportState::WaitingWindow, _) => {
                    turns_due.insert(row.id);
                    row.state = ExportState::Starting;
                    row.window_until = None;
                    row.problem = None;
                    self.save(&row)?;
                    starting.push(row);
                }
                (ExportState::Starting, _) => starting.push(row),
                (ExportState::InProgress, Some(job)) => polling.entry(job).or_default().push(row),
                (ExportState::Downloading, Some(job)) => {
                    self.warn_of_expiring(&row);
                    downloads.entry(job).or_default().push(row)
                }
                _ => {}
            }
        }
        // A job cancelled to fold it into one job for its sign-in, by a run that stopped
        // before recording it, is asked about first: its rows start with the others.
        let folding: Vec<JobId> = polling
            .iter()
            .filter(|(_, rows)| rows.iter().all(is_folding))
            .map(|(job, _)| job.clone())
            .collect();
        for job in folding {
            let rows = polling.remove(&job).unwrap_or_default();
            let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
            if let Some(CompleteJob { rows, urls }) = self.poll(rows).await? {
                self.spawn_download(tasks, rows, Some(urls))?;
            }
            for id in ids {
                let row = self.export(id)?;
                if row.state == ExportState::Starting {
                    starting.push(row);
                }
            }
        }
        if !self
            .inner
            .resetting
            .load(std::sync::atomic::Ordering::SeqCst)
        {
            self.initiate_due(starting, &turns_due).await?;
        }
        let polled: Vec<Result<Option<CompleteJob>, EngineError>> =
            futures_util::stream::iter(polling.into_values())
                .map(|rows| self.poll(rows))
                .buffer_unordered(CONCURRENT_CALLS)
                .collect()
                .await;
        for complete in polled {
            if let Some(CompleteJob { rows, urls }) = complete? {
                self.spawn_download(tasks, rows, Some(urls))?;
            }
        }
        for rows in downloads.into_values() {
            self.spawn_download(tasks, rows, None)?;
        }
        Ok((next_schedule, next_upkeep))
    }

    /// Starting rows, batched: one job per group, or one job for every starting group of a
    /// grant whose window holds per client.
    /// `turns_due` are the rows whose promised turn came now.
    async fn initiate_due(
        &self,
        starting: Vec<ExportRow>,
        turns_due: &HashSet<i64>,
    ) -> Result<(), EngineError> {
        let mut by_grant: BTreeMap<GrantId, Vec<ExportRow>> = BTreeMap::new();
        // A turn whose sign-in is gone frees the shared window for the next one today.
        let mut freed = false;
        for row in starting {
            match self.inner.auth.covering_grant(&row.group)? {
                Some(grant) => by_grant.entry(grant.id).or_default().push(row),
                None => {
                    freed |= turns_due.contains(&row.id);
                    self.settle(
                        vec![row],
                        ExportState::WaitingConsent,
                        problem(
                            ProblemCode::NotAuthorized,
                            "no sign-in covers this group; sign in for it",
                        ),
                        None,
                    )?
                }
            }
        }
        let mut shared = freed;
        for (grant, rows) in by_grant {
            let record = self.inner.auth.grant(&grant)?;
            let time_based = rows.iter().any(|r| {
                record
                    .as_ref()
                    .and_then(|g| g.resources.get(&r.group))
                    .is_some_and(|a| *a == Access::TimeBased)
            });
            let scope = self.inner.windows.scope(&grant.0)?;
            if time_based && scope == WindowScope::PerClient {
                shared = true;
            } else if time_based && scope == WindowScope::Unknown {
                // One at a time until the first refusal tells how far the window reaches.
                for row in rows {
                    if let Outcome::LearnedPerClient = self.initiate(vec![row]).await? {
                        break;
                    }
                }
            } else {
                let outcomes: Vec<Result<Outcome, EngineError>> = futures_util::stream::iter(rows)
                    .map(|row| self.initiate(vec![row]))
                    .buffer_unordered(CONCURRENT_CALLS)
                    .collect()
                    .await;
                for outcome in outcomes {
                    outcome?;
                }
            }
        }
        if shared {
            self.take_turns().await?;
        }
        Ok(())
    }

    /// Rows waiting for consent whose group a (new) usable sign-in now covers go on: with
    /// their job when they have one, else from the start.
    fn resume_after_consent(&self) -> Result<(), EngineError> {
        let now = self.inner.clock.now();
        for mut row in self.inner.exports.all()? {
            if row.state != ExportState::WaitingConsent {
                continue;
            }
            let Some(grant) = self.inner.auth.covering_grant(&row.group)? else {
                continue;
            };
            let refused_by_this_grant = row
                .problem
                .as_ref()
                .is_some_and(|p| p.code == ProblemCode::NotAuthorized)
                && row.grant_id.as_ref() == Some(&grant.id);
            if refused_by_this_grant {
                continue;
            }
            row.state = match (&row.job_id, row.finished_at) {
                (None, _) => ExportState::Starting,
                (Some(_), None) => ExportState::InProgress,
                (Some(_), Some(_)) => ExportState::Downloading,
            };
            row.grant_id = Some(grant.id);
            row.problem = None;
            row.next_check_at = Some(now);
            self.save(&row)?;
        }
        Ok(())
    }

    /// Downloads the job of `rows`, with every other row of that job not yet done nor being
    /// downloaded: the job is complete for all of them, due now or not.
    fn spawn_download(
        &self,
        tasks: &mut JoinSet<DownloadTask>,
        mut rows: Vec<ExportRow>,
        urls: Option<Vec<SignedUrl>>,
    ) -> Result<(), EngineError> {
        let job = rows[0].job_id.clone();
        let taken: HashSet<i64> = rows.iter().map(|r| r.id).collect();
        let others: Vec<ExportRow> = {
            let running = self.downloading();
            self.inner
                .exports
                .all()?
                .into_iter()
                .filter(|r| r.job_id.is_some() && r.job_id == job)
                .filter(|r| !taken.contains(&r.id) && !running.contains(&r.id))
                .filter(|r| matches!(r.state, ExportState::InProgress | ExportState::Downloading))
                .collect()
        };
        rows.extend(others);
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        self.downloading().extend(ids.iter().copied());
        let engine = self.clone();
        tasks.spawn(async move {
            let result = engine.download(rows, urls).await;
            (ids, result)
        });
        Ok(())
    }

    fn download_ended(
        &self,
        done: Result<DownloadTask, tokio::task::JoinError>,
    ) -> Result<(), EngineError> {
        match done {
            Ok((ids, result)) => {
                let mut running = self.downloading();
                for id in &ids {
                    running.remove(id);
                }
                result
            }
            Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
            Err(_) => Ok(()),
        }
    }

    fn downloading(&self) -> std::sync::MutexGuard<'_, HashSet<i64>> {
        self.inner
            .downloading
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
