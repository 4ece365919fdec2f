//! Starting jobs: one `initiate` per group (or one for every due group of a grant whose 24 h
//! window holds per client), and every answer Google can give turned into a row state.
//!
//! An initiate whose answer was lost (a crash, a dropped connection) is simply sent again:
//! Google then names the job it created (`ALREADY_EXISTS`, or `previous_job_ids` of the
//! one-time or 24 h refusal) and the engine adopts it, so no group ever gets a second job.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::rows::{ExportRow, ExportState, RowProblem};
use super::schedule::{FIRST_CHECK, INITIATE_BACKOFF};
use super::warnings::NewWarning;
use super::windows::WindowScope;
use super::{Engine, EngineError, WarningCode, chrono_duration};
use crate::api::{ApiError, InitiateRequest, JobId, Problem, Status};
use crate::auth::Access;
use crate::auth::{AuthError, GrantId};
use crate::catalog;
use crate::secret::AccessToken;

const WINDOW: Duration = Duration::from_secs(24 * 3600);
/// A job of our own this young is cancelled and folded into one job for every group when the
/// window turns out to hold per client: cheaper than making the other groups wait 24 h.
const FOLD_YOUNGER_THAN: Duration = Duration::from_secs(3600);

/// What became of an initiate.
pub(super) enum Outcome {
    /// Rows are in a new state; carry on.
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
                return self
                    .settle_auth_error(rows, error)
                    .map(|()| Outcome::Settled);
            }
        };
        let answer_was_lost = rows.iter().any(|r| r.initiated_at.is_some());
        for row in &mut rows {
            row.grant_id = Some(grant.0.clone());
            row.initiated_at.get_or_insert(now);
            self.save(row)?;
        }
        let request = request_for(&rows);
        let answer = self
            .with_fresh_token(&grant, token, |token| {
                let request = request.clone();
                let api = self.inner.api.clone();
                async move { api.initiate(&token, &request).await }
            })
            .await;
        super::crash_point("initiate-answered");
        let google = match answer {
            Ok(job) => {
                let access = Access::from_api(job.access_type);
                self.adopt(rows, job.archive_job_id, access, now)?;
                return Ok(Outcome::Settled);
            }
            Err(ApiError::Google(google)) => google,
            Err(other) => {
                self.back_off(rows, &other.to_string(), now)?;
                return Ok(Outcome::Settled);
            }
        };
        match google.problem.clone() {
            Problem::AlreadyExists {
                job_id,
                access_type,
            } => self.adopt(rows, job_id, Access::from_api(access_type), now)?,
            Problem::OneTimeUsed { previous_job_ids } => {
                let none_on_record = rows
                    .iter()
                    .map(|r| self.inner.exports.group_had_job(&r.group, r.id))
                    .collect::<Result<Vec<_>, _>>()?
                    .iter()
                    .all(|had| !had);
                match previous_job_ids.last() {
                    Some(last) if answer_was_lost || none_on_record => {
                        self.adopt(rows, last.clone(), Some(Access::OneTime), now)?
                    }
                    _ => self.settle(
                        rows,
                        ExportState::Blocked,
                        problem(
                            "one_time_used",
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
                let ours = previous_job_ids.last().filter(|_| answer_was_lost);
                if let Some(last) = ours {
                    self.adopt(rows, last.clone(), Some(Access::TimeBased), now)?;
                    return Ok(Outcome::Settled);
                }
                return self.cooldown(rows, &grant, available_at, now);
            }
            Problem::NotAuthorized => {
                let consented = self.inner.auth.grant(&grant)?.map(|g| g.created_at);
                let stale = consented.is_some_and(|at| now - at > chrono_duration(WINDOW));
                let message = if stale {
                    "Google refused to start it: the consent is more than a day old and Google \
                     wants an export started within a day of consent; consent again for it"
                } else {
                    "Google says the sign-in does not grant this group; consent again for it"
                };
                self.settle(
                    rows,
                    ExportState::WaitingConsent,
                    problem("not_authorized", message),
                    None,
                )?
            }
            Problem::Unauthenticated => self.settle(
                rows,
                ExportState::WaitingConsent,
                problem(
                    "grant_expired",
                    "Google no longer accepts the sign-in; sign in again for this group",
                ),
                None,
            )?,
            Problem::RateLimited => self.back_off(rows, &google.to_string(), now)?,
            Problem::Other
                if matches!(
                    google.status,
                    Status::Internal | Status::Unavailable | Status::DeadlineExceeded
                ) =>
            {
                self.back_off(rows, &google.to_string(), now)?
            }
            Problem::Other => self.settle(
                rows,
                ExportState::Failed,
                problem("google", &format!("Google refused the export: {google}")),
                None,
            )?,
        }
        Ok(Outcome::Settled)
    }

    /// The 24 h window of time-based access: wait for it, and learn whether it holds per
    /// client (a group that was not exported in 24 h is refused all the same).
    fn cooldown(
        &self,
        rows: Vec<ExportRow>,
        grant: &GrantId,
        available_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<Outcome, EngineError> {
        let windows = &self.inner.windows;
        let exported_lately = rows
            .iter()
            .map(|r| self.group_started_since(&r.group, r.id, now - chrono_duration(WINDOW)))
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .any(|lately| lately);
        let learned_now = rows.len() == 1
            && !exported_lately
            && windows.scope(&grant.0)? != WindowScope::PerClient;
        if learned_now {
            windows.learn(&grant.0, WindowScope::PerClient, now)?;
            self.warn(NewWarning {
                key: format!("window_per_client:grant:{}", grant.0),
                export_id: None,
                grant_id: Some(grant.0.clone()),
                code: WarningCode::WindowPerClient,
                message: "Google allows one time-based export per 24 hours for all groups \
                          together: Carryout now starts every due group of this sign-in in one job"
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
        let until = available_at.unwrap_or_else(|| {
            self.last_initiate_of(grant)
                .unwrap_or(now)
                .max(now - chrono_duration(WINDOW))
                + chrono_duration(WINDOW)
        });
        for mut row in rows {
            row.state = ExportState::WaitingWindow;
            row.window_until = Some(until);
            row.next_check_at = Some(until);
            row.initiated_at = None;
            row.problem = Some(problem(
                "window",
                &format!(
                    "time-based access allows one export per 24 hours; this one starts by \
                     itself after {}",
                    until.to_rfc3339()
                ),
            ));
            self.save(&row)?;
        }
        Ok(Outcome::Settled)
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
            if let Err(error) = self.inner.api.cancel(&token, &job).await {
                tracing::info!("job {job} keeps running: {error}");
                continue;
            }
            for mut row in self.job_rows(&job)? {
                row.previous_job_ids.push(job.clone());
                row.job_id = None;
                row.state = ExportState::Starting;
                row.initiated_at = None;
                row.started_at = None;
                row.next_check_at = Some(now);
                self.save(&row)?;
            }
        }
        Ok(())
    }

    fn has_young_jobs(&self, grant: &GrantId, now: DateTime<Utc>) -> Result<bool, EngineError> {
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
                    && r.grant_id.as_deref() == Some(grant.0.as_str())
                    && r.access == Some(Access::TimeBased)
                    && r.started_at.is_some_and(|at| at >= since)
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
            .filter(|r| r.grant_id.as_deref() == Some(grant.0.as_str()))
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
            row.next_check_at = Some(now + chrono_duration(FIRST_CHECK));
            row.problem = None;
            row.window_until = None;
            self.save(&row)?;
        }
        Ok(())
    }

    /// A failure that created nothing, or may have created a job that a later initiate
    /// adopts: try again later.
    fn back_off(
        &self,
        rows: Vec<ExportRow>,
        why: &str,
        now: DateTime<Utc>,
    ) -> Result<(), EngineError> {
        for mut row in rows {
            row.next_check_at = Some(now + chrono_duration(INITIATE_BACKOFF));
            row.problem = Some(problem(
                "retrying",
                &format!("could not start the export yet ({why}); trying again shortly"),
            ));
            self.save(&row)?;
        }
        Ok(())
    }

    /// Puts rows in a state that waits for a person (or, for `Failed`, is final).
    pub(super) fn settle(
        &self,
        rows: Vec<ExportRow>,
        state: ExportState,
        problem: RowProblem,
        finished_at: Option<DateTime<Utc>>,
    ) -> Result<(), EngineError> {
        let now = self.inner.clock.now();
        for mut row in rows {
            row.state = state;
            row.problem = Some(problem.clone());
            row.next_check_at = None;
            if state.is_final() {
                row.finished_at = finished_at.or(Some(now));
            }
            self.save(&row)?;
        }
        Ok(())
    }

    /// No token: consent is missing or ran out; the rows wait for a new sign-in and then go
    /// on with the same jobs. A transient failure (network) is tried again later.
    pub(super) fn settle_auth_error(
        &self,
        rows: Vec<ExportRow>,
        error: AuthError,
    ) -> Result<(), EngineError> {
        let now = self.inner.clock.now();
        match consent_problem(&error) {
            Some(problem) => self.settle(rows, ExportState::WaitingConsent, problem, None),
            None => match error {
                AuthError::Token(_) => {
                    for mut row in rows {
                        row.next_check_at = Some(now + chrono_duration(INITIATE_BACKOFF));
                        self.save(&row)?;
                    }
                    Ok(())
                }
                other => Err(other.into()),
            },
        }
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
    let mut request = InitiateRequest::new(rows.iter().map(|r| r.group.clone()));
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

pub(super) fn problem(code: &str, message: &str) -> RowProblem {
    RowProblem {
        code: code.to_owned(),
        message: message.to_owned(),
    }
}

/// The consent a failed token lookup calls for, if that is what it means.
pub(super) fn consent_problem(error: &AuthError) -> Option<RowProblem> {
    match error {
        AuthError::NotSignedIn { .. } => Some(problem(
            "not_authorized",
            "no sign-in covers this group; sign in for it",
        )),
        AuthError::GrantExpired { .. } | AuthError::GrantRevoked(_) => Some(problem(
            "grant_expired",
            "the sign-in for this group expired or was revoked; sign in again and the export \
             carries on",
        )),
        _ => None,
    }
}
