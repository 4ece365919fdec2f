//! Watching a job: one state call on its schedule, and what each answer means — keep
//! waiting, download, retry a FAILED job (up to 3 times, the new id linked to the old), or
//! show it cancelled.

use super::cadence::{FIRST_CHECK, next_check_after, setback_wait};
use super::exports::{ExportRow, ExportState, ProblemCode};
use super::settle::{consent_problem, is_folding, problem};
use super::{Engine, EngineError, MAX_RETRIES, chrono_duration};
use crate::api::{ApiError, ArchiveState, GoogleError, JobState, Problem, Status};
use crate::secret::SignedUrl;

/// State calls answered with a lasting error before the export is failed.
const LASTING_ERROR_TRIES: u32 = 3;

/// A job seen complete: its rows (now downloading) and the archives' signed URLs.
pub(super) struct CompleteJob {
    pub rows: Vec<ExportRow>,
    pub urls: Vec<SignedUrl>,
}

impl Engine {
    /// Checks the job of `rows` (every row of one job) once. Returns the rows and the
    /// archives' signed URLs when the job is complete and its download should start.
    pub(super) async fn poll(
        &self,
        mut rows: Vec<ExportRow>,
    ) -> Result<Option<CompleteJob>, EngineError> {
        let Some(job) = rows[0].job_id.clone() else {
            return Ok(None);
        };
        let (grant, token) = match self.token_for(&rows[0]).await {
            Ok(found) => found,
            Err(error) => {
                self.settle_auth_error(rows, error)?;
                return Ok(None);
            }
        };
        let answer = self
            .with_fresh_token(&grant, token.clone(), |token| {
                let api = self.inner.api.clone();
                let job = job.clone();
                async move { api.archive_state(&token, &job).await }
            })
            .await;
        let now = self.inner.clock.now();
        for row in &mut rows {
            row.checks += 1;
            row.grant_id = Some(grant.clone());
        }
        let state = match answer {
            Ok(state) => {
                for row in &mut rows {
                    row.setbacks = 0;
                    // The completing answer leaves the last time Google said the job was still
                    // being prepared: it completed after that.
                    if state.state != JobState::Complete {
                        row.checked_at = Some(now);
                    }
                }
                state
            }
            Err(error) => {
                self.poll_failed(rows, &error)?;
                return Ok(None);
            }
        };
        match state.state {
            JobState::Complete if state.urls.is_empty() => {
                // Nothing to download: asked again a few times, then failed with that.
                let empty = ApiError::Protocol {
                    http: 200,
                    detail: "the job is COMPLETE but names no archive".to_owned(),
                };
                self.poll_failed(rows, &empty)?;
            }
            JobState::Complete => {
                let rows = self.completed(rows, &state)?;
                return Ok(Some(CompleteJob {
                    rows,
                    urls: state.urls,
                }));
            }
            JobState::Failed => {
                let retries = rows.iter().map(|r| r.retries).max().unwrap_or(0);
                if retries >= MAX_RETRIES {
                    let message = format!(
                        "Google could not prepare this export, also after {MAX_RETRIES} retries; \
                         retry to start a new export"
                    );
                    self.fail_job(rows, &message)?;
                    return Ok(None);
                }
                let retried = self
                    .with_fresh_token(&grant, token, |token| {
                        let api = self.inner.api.clone();
                        let job = job.clone();
                        async move { api.retry(&token, &job).await }
                    })
                    .await;
                match retried {
                    Ok(new_job) => {
                        for mut row in rows {
                            row.previous_job_ids.push(job.clone());
                            row.job_id = Some(new_job.clone());
                            row.retries += 1;
                            row.started_at = Some(now);
                            row.next_check_at = Some(now + chrono_duration(FIRST_CHECK));
                            row.setbacks = 0;
                            row.problem = Some(problem(
                                ProblemCode::Retried,
                                &format!(
                                    "Google could not prepare the export; retried ({} of \
                                     {MAX_RETRIES})",
                                    row.retries
                                ),
                            ));
                            self.save(&row)?;
                        }
                    }
                    Err(error) if is_transient(&error) => {
                        // Asked again after a while. A retry Google made though its answer was
                        // lost leaves its job unknown to us (Google offers no way to find it):
                        // a wasted job, never a wrong receipt; Google's own limit of three
                        // still holds.
                        for mut row in rows {
                            let wait = setback_wait(FIRST_CHECK, row.setbacks)
                                .max(retry_after(&error).unwrap_or_default());
                            row.next_check_at = Some(now + chrono_duration(wait));
                            row.setbacks += 1;
                            row.problem = Some(problem(
                                ProblemCode::Retrying,
                                &format!(
                                    "Google could not prepare the export, and asking it to try \
                                     again failed for now ({error}); asking again shortly"
                                ),
                            ));
                            self.save(&row)?;
                        }
                    }
                    Err(error) => {
                        let message = format!("Google could not prepare this export: {error}");
                        self.fail_job(rows, &message)?;
                    }
                }
            }
            JobState::Cancelled if rows.iter().all(is_folding) => {
                // Cancelled by the engine itself, which stopped before recording it.
                self.start_folded_again(rows, &job, now)?;
            }
            JobState::Cancelled => {
                self.settle(
                    rows,
                    ExportState::Cancelled,
                    problem(ProblemCode::Cancelled, "the export was cancelled"),
                    None,
                )?;
            }
            JobState::InProgress | JobState::StateUnspecified => {
                for mut row in rows {
                    let age = (now - row.started_at.unwrap_or(now))
                        .to_std()
                        .unwrap_or_default();
                    row.next_check_at = Some(now + chrono_duration(next_check_after(age)));
                    self.save(&row)?;
                }
            }
        }
        Ok(None)
    }

    /// Complete at Google: the window it exported is stored, and the rows wait for their
    /// download (which starts at once).
    fn completed(
        &self,
        rows: Vec<ExportRow>,
        state: &ArchiveState,
    ) -> Result<Vec<ExportRow>, EngineError> {
        let now = self.inner.clock.now();
        let mut saved = Vec::new();
        for mut row in rows {
            row.state = ExportState::Downloading;
            row.finished_at = Some(now);
            row.export_time = state.export_time;
            row.start_time = state.start_time.or(row.start_time);
            row.next_check_at = Some(now);
            row.problem = None;
            self.save(&row)?;
            saved.push(row);
        }
        Ok(saved)
    }

    fn poll_failed(&self, rows: Vec<ExportRow>, error: &ApiError) -> Result<(), EngineError> {
        let now = self.inner.clock.now();
        if let ApiError::Google(google) = error {
            if google.status == Status::NotFound {
                let message = "Google no longer knows this export (deleted after 14 days, or \
                               the authorization was reset); start a new export";
                return self.settle(
                    rows,
                    ExportState::Failed,
                    problem(ProblemCode::Gone, message),
                    None,
                );
            }
            if google.problem == Problem::Unauthenticated {
                let expired = consent_problem(&crate::auth::AuthError::GrantRevoked(
                    rows[0]
                        .grant_id
                        .clone()
                        .unwrap_or(crate::auth::GrantId(String::new())),
                ))
                .expect("a revoked grant asks for consent");
                return self.settle(rows, ExportState::WaitingConsent, expired, None);
            }
        }
        // An answer that will not change by asking again (a refusal, a malformed state) is
        // asked a few times, then failed with what Google said; the network and Google's own
        // troubles are waited out, longer each time.
        let lasting = !is_transient(error);
        let setbacks = rows.iter().map(|r| r.setbacks).max().unwrap_or(0);
        if lasting && setbacks + 1 >= LASTING_ERROR_TRIES {
            let message =
                format!("Google keeps refusing to tell how this export is going: {error}");
            return self.settle(
                rows,
                ExportState::Failed,
                problem(ProblemCode::Google, &message),
                None,
            );
        }
        for mut row in rows {
            let wait =
                setback_wait(FIRST_CHECK, row.setbacks).max(retry_after(error).unwrap_or_default());
            row.next_check_at = Some(now + chrono_duration(wait));
            row.setbacks += 1;
            row.problem = Some(problem(
                ProblemCode::Retrying,
                &format!(
                    "could not check the export ({error}); checking again in {} min",
                    wait.as_secs().div_ceil(60)
                ),
            ));
            self.save(&row)?;
        }
        Ok(())
    }
}

/// A failure that goes away by itself: the network, Google's 5xx, a rate limit.
fn is_transient(error: &ApiError) -> bool {
    match error {
        ApiError::Google(google) => google_is_transient(google),
        ApiError::Protocol { http, .. } => *http >= 500 || *http == 429,
        ApiError::Transport(_) => true,
    }
}

/// An answer of Google's that goes away by itself: its 5xx, a rate limit.
pub(super) fn google_is_transient(google: &GoogleError) -> bool {
    google.problem == Problem::RateLimited
        || matches!(
            google.status,
            Status::Internal | Status::Unavailable | Status::DeadlineExceeded
        )
}

fn retry_after(error: &ApiError) -> Option<std::time::Duration> {
    match error {
        ApiError::Google(google) => google.retry_after,
        _ => None,
    }
}
