//! Settling rows: the state and problem a row is left in when it waits for a person or for
//! a later try, shared by every step of the engine.

use chrono::{DateTime, Utc};

use super::cadence::{INITIATE_BACKOFF, setback_wait};
use super::exports::{ExportRow, ExportState, ProblemCode, RowProblem};
use super::{Engine, EngineError, chrono_duration};
use crate::auth::AuthError;

impl Engine {
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
    /// on with the same jobs. Anything else (the network, a locked keychain) is tried again
    /// later, longer after each repeat, and said on the rows: one sign-in's trouble never
    /// stops the other exports.
    /// Google's job failed for good: the rows say why and wait for a person's retry.
    pub(super) fn fail_job(&self, rows: Vec<ExportRow>, message: &str) -> Result<(), EngineError> {
        let failed = problem(ProblemCode::Failed, message);
        self.settle(rows, ExportState::Failed, failed, None)
    }

    pub(super) fn settle_auth_error(
        &self,
        rows: Vec<ExportRow>,
        error: AuthError,
    ) -> Result<(), EngineError> {
        let now = self.inner.clock.now();
        if let Some(problem) = consent_problem(&error) {
            return self.settle(rows, ExportState::WaitingConsent, problem, None);
        }
        let what = match error {
            AuthError::Token(_) => "could not reach Google's sign-in service",
            _ => "could not read the sign-in",
        };
        for mut row in rows {
            let wait = setback_wait(INITIATE_BACKOFF, row.setbacks);
            row.next_check_at = Some(now + chrono_duration(wait));
            row.setbacks += 1;
            row.problem = Some(problem(
                ProblemCode::Retrying,
                &format!(
                    "{what} ({error}); trying again in {} min",
                    wait.as_secs().div_ceil(60)
                ),
            ));
            self.save(&row)?;
        }
        Ok(())
    }
}

pub(super) fn problem(code: ProblemCode, message: &str) -> RowProblem {
    RowProblem {
        code,
        message: message.to_owned(),
    }
}

/// The consent a failed token lookup calls for, if that is what it means.
pub(super) fn consent_problem(error: &AuthError) -> Option<RowProblem> {
    match error {
        AuthError::NotSignedIn { .. } => Some(problem(
            ProblemCode::NotAuthorized,
            "no sign-in covers this group; sign in for it",
        )),
        AuthError::GrantExpired { .. } | AuthError::GrantRevoked(_) => Some(problem(
            ProblemCode::GrantExpired,
            "the sign-in for this group expired or was revoked; sign in again and the export \
             carries on",
        )),
        _ => None,
    }
}

/// A row whose job the engine is cancelling to start it again with the rest of its sign-in.
pub(super) fn is_folding(row: &ExportRow) -> bool {
    row.problem
        .as_ref()
        .is_some_and(|p| p.code == ProblemCode::Folding)
}
