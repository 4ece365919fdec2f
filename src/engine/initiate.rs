//! Starting jobs: one `initiate` per group (or one for every due group of a grant whose 24 h
//! window holds per client), and every answer Google can give turned into a row state.
//!
//! An initiate whose answer was lost (a crash, a dropped connection) is simply sent again:
//! Google then names the job it created (`ALREADY_EXISTS`, or `previous_job_ids` of the
//! one-time or 24 h refusal), and the engine adopts it when it can tell the job is the one
//! that start made — never another group's, which would verify a group with the wrong
//! archive; a job it cannot tell is left, and the group waits for its next window.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::cadence::{FIRST_CHECK, INITIATE_BACKOFF, WINDOW, WINDOW_RECHECK, setback_wait};
use super::exports::{ExportRow, ExportState, ProblemCode};
use super::settle::{consent_problem, problem};
use super::warnings::NewWarning;
use super::windows::WindowScope;
use super::{Engine, EngineError, WarningCode, chrono_duration};
use crate::api::{ApiError, InitiateRequest, JobId, Problem};
use crate::auth::Access;
use crate::auth::GrantId;
use crate::catalog;
use crate::secret::AccessToken;

/// A job of our own this young is cancelled and folded into one job for every group when the
/// window turns out to hold per client: cheaper than making the other groups wait 24 h.
pub(super) const FOLD_YOUNGER_THAN: Duration = Duration::from_secs(3600);
/// How far Google's clock may be behind ours when a job's time is compared with when we sent
/// its initiate.
const CLOCK_SKEW: Duration = Duration::from_secs(5 * 60);

/// What a refusal's named jobs tell about a start whose answer was lost.
enum LostJob {
    /// This job is the one it made.
    Found(JobId),
    /// None of them is.
    None,
    /// One may be, but another lost start could own it as well (or it could not be read).
    Unsure,
}

/// What became of an initiate.
pub(super) enum Outcome {
    /// The rows follow a job Google made (or had made) for them.
    Started,
    /// Google's 24 h window is taken: the rows wait until then.
    Waiting(DateTime<Utc>),
    /// A transient failure (the network, Google's 5xx, the keychain): tried again shortly.
    Retrying,
    /// Rows are in another new state; carry on.
    Settled,
    /// The grant's window holds per client: the rows of this pass should be combined.
    LearnedPerClient,
}

impl Engine {
    /// Initiates one job for `rows`, which share a grant.
    pub(super) async fn initiate(&self, mut rows: Vec<ExportRow>) -> Result<Outcome, EngineError> {
        let now = self.inner.clock.now();
        let (grant, token) = match self.token_for(&rows[0]).await {
            Ok(found) => found,
            Err(error) => {
                let outcome = if consent_problem(&error).is_some() {
                    Outcome::Settled
                } else {
                    Outcome::Retrying
                };
                return self.settle_auth_error(rows, error).map(|()| outcome);
            }
        };
        // An initiate of these rows since this time may have created a job whose answer never
        // came. Google names such a job in its refusals for a day at most.
        // Each row keeps the time of its first pending start, so the rows sent together are
        // known by it.
        let lost_since = rows
            .iter()
            .filter_map(|r| r.initiated_at)
            .filter(|at| *at > now - chrono_duration(WINDOW))
            .min();
        let request = request_for(&rows);
        for row in &mut rows {
            row.grant_id = Some(grant.clone());
            // The window asked for: a combined job exports in full when a group of it takes no
            // time filter, and the row says so.
            (row.start_time, row.end_time) = (request.start_time, request.end_time);
            row.initiated_at = Some(
                row.initiated_at
                    .filter(|at| *at > now - chrono_duration(WINDOW))
                    .unwrap_or(now),
            );
            self.save(row)?;
        }
        let pending: Vec<Option<DateTime<Utc>>> = rows.iter().map(|r| r.initiated_at).collect();
        let answer = self
            .with_fresh_token(&grant, token.clone(), |token| {
                let request = request.clone();
                let api = self.inner.api.clone();
                async move { api.initiate(&token, &request).await }
            })
            .await;
        super::crash_point("initiate-answered");
        let google = match answer {
            Ok(job) => {
                let access = Access::from_api(job.access_type);
                self.learn_per_group(&rows, &grant, now)?;
                self.adopt(rows, job.archive_job_id, access, now)?;
                return Ok(Outcome::Started);
            }
            Err(ApiError::Google(google)) => google,
            Err(other) => {
                self.back_off(rows, &other.to_string(), None, now)?;
                return Ok(Outcome::Retrying);
            }
        };
        if super::poll::google_is_transient(&google) {
            self.back_off(rows, &google.to_string(), google.retry_after, now)?;
            return Ok(Outcome::Retrying);
        }
        // Google refused this request: it created nothing. A job of an earlier, lost answer is
        // found below or not at all.
        for row in &mut rows {
            row.initiated_at = None;
        }
        match google.problem.clone() {
            Problem::AlreadyExists {
                job_id,
                access_type,
            } => {
                self.adopt(rows, job_id, Access::from_api(access_type), now)?;
                return Ok(Outcome::Started);
            }
            Problem::OneTimeUsed { previous_job_ids } => {
                // Google names jobs that exported these very groups.
                let lost = self
                    .lost_job(&rows, &pending, &previous_job_ids, lost_since, true, &token)
                    .await?;
                match lost {
                    LostJob::Found(job) => {
                        self.adopt(rows, job, Some(Access::OneTime), now)?;
                        return Ok(Outcome::Started);
                    }
                    LostJob::Unsure | LostJob::None => self.settle(
                        rows,
                        ExportState::Blocked,
                        problem(
                            ProblemCode::OneTimeUsed,
                            "one-time access to this group was already used for an export; \
                             to export it again, reset the authorization (after every archive \
                             is downloaded) and sign in again",
                        ),
                        None,
                    )?,
                }
            }
            Problem::Cooldown {
                previous_job_ids,
                available_at,
            } => {
                // Under a per-group window Google names jobs of these very groups; under a
                // per-client one, whatever job holds the window.
                let own_groups = self.inner.windows.scope(&grant.0)? == WindowScope::PerGroup;
                let lost = self
                    .lost_job(
                        &rows,
                        &pending,
                        &previous_job_ids,
                        lost_since,
                        own_groups,
                        &token,
                    )
                    .await?;
                match lost {
                    LostJob::Found(job) => {
                        self.adopt(rows, job, Some(Access::TimeBased), now)?;
                        return Ok(Outcome::Started);
                    }
                    // The start may still be ours: it stays pending, so that no other start
                    // takes its job either.
                    LostJob::Unsure => {
                        for (row, at) in rows.iter_mut().zip(pending) {
                            row.initiated_at = at;
                        }
                    }
                    LostJob::None => {}
                }
                return self.cooldown(rows, &grant, &previous_job_ids, available_at, now);
            }
            Problem::NotAuthorized => {
                let consented = self.inner.auth.grant(&grant)?.map(|g| g.created_at);
                let stale = consented.is_some_and(|at| now - at > chrono_duration(WINDOW));
                let why = if stale {
                    "Google refused to start it: the consent is more than a day old and Google \
                     wants an export started within a day of consent"
                } else {
                    "Google says the sign-in does not grant this group"
                };
                // That sign-in no longer counts as covering these groups: the plan asks for
                // consent, and a plain sign-in asks for exactly them.
                for row in &rows {
                    self.inner.auth.forget_refused(&grant, &row.group)?;
                }
                let groups: Vec<&str> = rows.iter().map(|r| r.group.as_str()).collect();
                let message = format!(
                    "{why}; consent again for it: Access → Consent again in the app, or \
                     `carryout login --resources {}`",
                    groups.join(",")
                );
                self.settle(
                    rows,
                    ExportState::WaitingConsent,
                    problem(ProblemCode::NotAuthorized, &message),
                    None,
                )?
            }
            Problem::Unauthenticated => self.settle(
                rows,
                ExportState::WaitingConsent,
                problem(
                    ProblemCode::GrantExpired,
                    "Google no longer accepts the sign-in; sign in again for this group",
                ),
                None,
            )?,
            Problem::RateLimited | Problem::Other => self.settle(
                rows,
                ExportState::Failed,
                problem(
                    ProblemCode::Google,
                    &format!("Google refused the export: {google}"),
                ),
                None,
            )?,
        }
        Ok(Outcome::Settled)
    }

    /// The job an initiate of `rows` since `lost_since` created though its answer was lost,
    /// among the jobs a refusal names: one no row records, exported for the window `rows`
    /// asked for at or after that time (less [`CLOCK_SKEW`]). When the named jobs may be
    /// other groups' (`own_groups` false: a per-client window names whatever job holds it), a
    /// job is adopted only when no other lost start could own it; else the answer is
    /// [`LostJob::Unsure`] and both stay pending.
    async fn lost_job(
        &self,
        rows: &[ExportRow],
        pending: &[Option<DateTime<Utc>>],
        named: &[JobId],
        lost_since: Option<DateTime<Utc>>,
        own_groups: bool,
        token: &AccessToken,
    ) -> Result<LostJob, EngineError> {
        let Some(sent_at) = lost_since else {
            return Ok(LostJob::None);
        };
        // The newest job no row records; older ones are older than any lost answer of ours.
        let recorded = self.inner.exports.recorded_jobs()?;
        let Some(candidate) = named.iter().rev().find(|j| !recorded.contains(*j)) else {
            return Ok(LostJob::None);
        };
        let state = match self.inner.api.archive_state(token, candidate).await {
            Ok(state) => state,
            Err(error) => {
                tracing::info!("could not read job {candidate} to adopt it: {error}");
                return Ok(LostJob::Unsure);
            }
        };
        let wanted = &rows[0];
        // A job made before our first lost start is another start's.
        let earliest = sent_at - chrono_duration(CLOCK_SKEW);
        let same_window = match wanted.end_time {
            Some(end) => state.export_time == Some(end) && state.start_time == wanted.start_time,
            None => state.export_time.is_some_and(|at| at >= earliest),
        };
        if !same_window {
            return Ok(LostJob::None);
        }
        // Another start, lost before this job was made, could own it as well. And a job
        // made for several groups is claimed only by exactly the rows sent together then:
        // these rows, all first sent at one time, and no other row sent with them.
        let made_by = state.export_time.unwrap_or(sent_at) + chrono_duration(CLOCK_SKEW);
        if !own_groups {
            let one_send = pending.iter().all(|at| *at == Some(sent_at));
            if !one_send || self.others_lost_before(rows, made_by)? {
                return Ok(LostJob::Unsure);
            }
        }
        Ok(LostJob::Found(candidate.clone()))
    }

    /// Whether a start of other rows, sent before `at`, also lost its answer.
    fn others_lost_before(
        &self,
        rows: &[ExportRow],
        at: DateTime<Utc>,
    ) -> Result<bool, EngineError> {
        let ours: Vec<i64> = rows.iter().map(|r| r.id).collect();
        Ok(self.inner.exports.active()?.iter().any(|r| {
            !ours.contains(&r.id)
                && r.job_id.is_none()
                && r.initiated_at.is_some_and(|sent| sent <= at)
        }))
    }

    /// The 24 h window of time-based access: wait for it, and learn whether it holds per
    /// client. Only a refusal naming a job of other groups proves that (or, when Google names
    /// no jobs, a refusal of a group with no job of its own in the last 24 h).
    fn cooldown(
        &self,
        rows: Vec<ExportRow>,
        grant: &GrantId,
        named: &[JobId],
        available_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<Outcome, EngineError> {
        let windows = &self.inner.windows;
        let others_hold_it = if named.is_empty() {
            let exported_lately = rows
                .iter()
                .map(|r| self.group_started_since(&r.group, r.id, now - chrono_duration(WINDOW)))
                .collect::<Result<Vec<_>, _>>()?
                .into_iter()
                .any(|lately| lately);
            !exported_lately
        } else {
            self.names_job_of_other_groups(&rows, named)?
        };
        let learned_now =
            rows.len() == 1 && others_hold_it && windows.scope(&grant.0)? != WindowScope::PerClient;
        if learned_now {
            windows.learn(&grant.0, WindowScope::PerClient, now)?;
            // One note for the data folder: every sign-in of a client shares the window, and
            // the person needs to read it once, not once per sign-in.
            self.warn(NewWarning {
                key: "window_per_client".to_owned(),
                export_id: None,
                grant_id: None,
                code: WarningCode::WindowPerClient,
                message: "Google allows one time-based export per 24 hours for all groups \
                          together: Carryout now starts every due group of this sign-in in one \
                          job, and your sign-ins take turns, a day each"
                    .to_owned(),
            });
            if self.has_young_jobs(grant, now)? {
                // The rows go back to starting; the next pass folds them with the young jobs.
                for mut row in rows {
                    row.next_check_at = Some(now);
                    self.save(&row)?;
                }
                return Ok(Outcome::LearnedPerClient);
            }
        }
        let announced = available_at.unwrap_or_else(|| {
            self.last_initiate_of(grant)
                .unwrap_or(now)
                .max(now - chrono_duration(WINDOW))
                + chrono_duration(WINDOW)
        });
        // A time already past by our clock (skew, truncation) would be tried again at once:
        // wait a little, longer on each repeat.
        let setbacks = rows.iter().map(|r| r.setbacks).max().unwrap_or(0);
        let past = announced <= now;
        let until = if past {
            now + chrono_duration(setback_wait(WINDOW_RECHECK, setbacks))
        } else if windows.scope(&grant.0)? == WindowScope::PerClient {
            // Sign-ins sharing the window start in turns, each a margin after the window
            // before it ends.
            super::cadence::turn_after_window(announced)
        } else {
            announced
        };
        for mut row in rows {
            row.state = ExportState::WaitingWindow;
            row.window_until = Some(until);
            row.next_check_at = Some(until);
            row.setbacks = if past { setbacks + 1 } else { 0 };
            row.problem = Some(problem(
                ProblemCode::Window,
                &format!(
                    "time-based access allows one export per 24 hours; this one starts by \
                     itself after {}",
                    until.to_rfc3339()
                ),
            ));
            self.save(&row)?;
        }
        Ok(if learned_now {
            Outcome::LearnedPerClient
        } else {
            Outcome::Waiting(until)
        })
    }

    /// Whether one of `named` is a job that only other groups' rows record.
    fn names_job_of_other_groups(
        &self,
        rows: &[ExportRow],
        named: &[JobId],
    ) -> Result<bool, EngineError> {
        let all = self.inner.exports.all()?;
        Ok(named.iter().any(|job| {
            let holders: Vec<&ExportRow> = all
                .iter()
                .filter(|r| r.job_id.as_ref() == Some(job) || r.previous_job_ids.contains(job))
                .collect();
            !holders.is_empty()
                && holders
                    .iter()
                    .all(|h| !rows.iter().any(|mine| mine.group == h.group))
        }))
    }

    /// A single group started while another group's job of this sign-in still holds a
    /// window: the window holds per group.
    fn learn_per_group(
        &self,
        rows: &[ExportRow],
        grant: &GrantId,
        now: DateTime<Utc>,
    ) -> Result<(), EngineError> {
        let [row] = rows else { return Ok(()) };
        if row.access == Some(Access::OneTime)
            || self.inner.windows.scope(&grant.0)? == WindowScope::PerGroup
        {
            return Ok(());
        }
        let since = now - chrono_duration(WINDOW);
        let other_holds = self.inner.exports.all()?.iter().any(|r| {
            r.group != row.group
                && r.grant_id.as_ref() == Some(grant)
                && r.access == Some(Access::TimeBased)
                && r.job_id.is_some()
                && r.state != ExportState::Cancelled
                && r.window_from.or(r.started_at).is_some_and(|at| at >= since)
        });
        if other_holds {
            self.inner
                .windows
                .learn(&grant.0, WindowScope::PerGroup, now)?;
        }
        Ok(())
    }

    /// Cancels this grant's young in-progress time-based jobs and puts their rows back to
    /// starting, so one job can carry every group. Jobs Google will not cancel keep running.
    pub(super) async fn fold_young_jobs(&self, grant: &GrantId) -> Result<(), EngineError> {
        let now = self.inner.clock.now();
        let young = self.young_jobs(grant, now)?;
        if young.is_empty() {
            return Ok(());
        }
        let (_, token) = match self.token_for(&young[0]).await {
            Ok(found) => found,
            Err(_) => return Ok(()),
        };
        let mut jobs: Vec<JobId> = young.iter().filter_map(|r| r.job_id.clone()).collect();
        jobs.dedup();
        for job in jobs {
            // The intent first: a crash after Google's cancel still starts these rows again,
            // rather than showing an export the person never cancelled as cancelled.
            let rows = self.job_rows(&job)?;
            for row in &rows {
                let mut row = row.clone();
                row.problem = Some(problem(
                    ProblemCode::Folding,
                    "cancelled to start again with the other groups of its sign-in",
                ));
                self.save(&row)?;
            }
            if let Err(error) = self.inner.api.cancel(&token, &job).await {
                tracing::info!("job {job} keeps running: {error}");
                for row in &rows {
                    self.save(row)?;
                }
                continue;
            }
            super::crash_point("fold-cancelled");
            self.start_folded_again(self.job_rows(&job)?, &job, now)?;
        }
        Ok(())
    }

    /// Rows whose job was cancelled to fold it into one job for the sign-in: they start again.
    pub(super) fn start_folded_again(
        &self,
        rows: Vec<ExportRow>,
        job: &JobId,
        now: DateTime<Utc>,
    ) -> Result<(), EngineError> {
        for mut row in rows {
            row.previous_job_ids.push(job.clone());
            row.job_id = None;
            row.state = ExportState::Starting;
            row.initiated_at = None;
            row.started_at = None;
            row.problem = None;
            row.next_check_at = Some(now);
            self.save(&row)?;
        }
        Ok(())
    }

    pub(super) fn has_young_jobs(
        &self,
        grant: &GrantId,
        now: DateTime<Utc>,
    ) -> Result<bool, EngineError> {
        Ok(!self.young_jobs(grant, now)?.is_empty())
    }

    fn young_jobs(
        &self,
        grant: &GrantId,
        now: DateTime<Utc>,
    ) -> Result<Vec<ExportRow>, EngineError> {
        let since = now - chrono_duration(FOLD_YOUNGER_THAN);
        Ok(self
            .inner
            .exports
            .active()?
            .into_iter()
            .filter(|r| {
                r.state == ExportState::InProgress
                    && r.grant_id.as_ref() == Some(grant)
                    && r.access == Some(Access::TimeBased)
                    && r.window_from.or(r.started_at).is_some_and(|at| at >= since)
            })
            .collect())
    }

    fn group_started_since(
        &self,
        group: &str,
        except: i64,
        since: DateTime<Utc>,
    ) -> Result<bool, EngineError> {
        Ok(self.inner.exports.all()?.iter().any(|r| {
            r.id != except
                && r.group == group
                && r.state != ExportState::Cancelled
                && r.started_at.is_some_and(|at| at >= since)
        }))
    }

    fn last_initiate_of(&self, grant: &GrantId) -> Option<DateTime<Utc>> {
        let rows = self.inner.exports.all().ok()?;
        rows.into_iter()
            .filter(|r| r.grant_id.as_ref() == Some(grant))
            .filter(|r| r.state != ExportState::Cancelled)
            .filter_map(|r| r.started_at)
            .max()
    }

    /// The rows now follow `job`: stored before anything else happens.
    fn adopt(
        &self,
        rows: Vec<ExportRow>,
        job: JobId,
        access: Option<Access>,
        now: DateTime<Utc>,
    ) -> Result<(), EngineError> {
        for mut row in rows {
            row.job_id = Some(job.clone());
            row.access = access.or(row.access);
            row.state = ExportState::InProgress;
            row.started_at = Some(now);
            row.window_from = Some(now);
            row.next_check_at = Some(now + chrono_duration(FIRST_CHECK));
            row.problem = None;
            row.window_until = None;
            row.setbacks = 0;
            self.save(&row)?;
        }
        Ok(())
    }

    /// A failure that created nothing, or may have created a job that a later initiate
    /// adopts: try again later, longer after each repeat, and never before `at_least`
    /// (Google's `Retry-After`).
    fn back_off(
        &self,
        rows: Vec<ExportRow>,
        why: &str,
        at_least: Option<Duration>,
        now: DateTime<Utc>,
    ) -> Result<(), EngineError> {
        for mut row in rows {
            let wait =
                setback_wait(INITIATE_BACKOFF, row.setbacks).max(at_least.unwrap_or_default());
            row.next_check_at = Some(now + chrono_duration(wait));
            row.setbacks += 1;
            row.problem = Some(problem(
                ProblemCode::Retrying,
                &format!("could not start the export yet ({why}); trying again shortly"),
            ));
            self.save(&row)?;
        }
        Ok(())
    }

    /// Runs `call` with `token`; when Google answers 401 (revoked or expired early), refreshes
    /// the token once and runs it again.
    pub(super) async fn with_fresh_token<T, F, Fut>(
        &self,
        grant: &GrantId,
        token: AccessToken,
        call: F,
    ) -> Result<T, ApiError>
    where
        F: Fn(AccessToken) -> Fut,
        Fut: std::future::Future<Output = Result<T, ApiError>>,
    {
        match call(token).await {
            Err(ApiError::Google(google)) if google.problem == Problem::Unauthenticated => {
                self.inner.auth.forget_access_token(grant);
                match self.inner.auth.access_token(grant).await {
                    Ok(fresh) => call(fresh).await,
                    Err(_) => Err(ApiError::Google(google)),
                }
            }
            other => other,
        }
    }
}

/// The initiate body: every row's group; the time window only when every group supports
/// time filters and the rows agree on it (a combined job otherwise exports in full).
fn request_for(rows: &[ExportRow]) -> InitiateRequest {
    let mut request = InitiateRequest::new(rows.iter().map(|r| r.group.to_string()));
    let all_filtered = rows
        .iter()
        .all(|r| catalog::find(&r.group).is_some_and(|g| g.time_filter));
    let same_window = rows
        .iter()
        .all(|r| (r.start_time, r.end_time) == (rows[0].start_time, rows[0].end_time));
    if all_filtered && same_window {
        request.start_time = rows[0].start_time;
        request.end_time = rows[0].end_time;
    }
    request
}
