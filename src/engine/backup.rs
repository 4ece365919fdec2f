//! A backup as a person asks for one: plan, consent for what no sign-in covers, start. This is
//! the one rule for which groups start, shared by the app's Back up and `carryout export`.

use serde::Serialize;

use super::exports::ExportRow;
use super::plan::{BlockedCode, Plan};
use super::{Engine, EngineError, ExportRequest};
use crate::auth::{AuthError, LoginOptions, LoginReport, OpenBrowser};
use crate::catalog::GroupId;
use crate::progress::ProgressSink;

/// How the host asks for consent: it opens Google's page its own way and shows the progress.
pub struct Consent<'a> {
    pub open: OpenBrowser<'a>,
    pub progress: &'a dyn ProgressSink,
    pub options: LoginOptions,
}

/// What a backup did with each group asked for.
#[derive(Debug, Serialize)]
pub struct BackupReport {
    /// The plan before anything was done.
    pub plan: Plan,
    /// What the consent granted, when one was asked for and finished.
    pub consent: Option<LoginReport>,
    /// Why the consent did not finish; the groups a sign-in covers went ahead anyway.
    #[serde(skip)]
    pub consent_error: Option<AuthError>,
    /// One row per group started or already under way: the groups a sign-in covers, those
    /// just granted, and those waiting for Google's 24-hour window (they start by themselves).
    pub started: Vec<ExportRow>,
    /// Not started: no sign-in covers them (no consent was asked for, or it was refused).
    pub need_consent: Vec<GroupId>,
    /// Not started: their one-time access was used; a reset and a new consent come first.
    pub need_reset: Vec<GroupId>,
    /// Started, and waiting for Google's 24-hour window.
    pub waiting_window: Vec<GroupId>,
}

impl Engine {
    /// Plans `request`'s groups, asks for consent for those no sign-in covers (when the host
    /// can: `consent`), and starts every group that can start.
    pub async fn backup(
        &self,
        request: &ExportRequest,
        consent: Option<Consent<'_>>,
    ) -> Result<BackupReport, EngineError> {
        let plan = self.plan(&request.groups)?;
        let (mut login, mut consent_error) = (None, None);
        if let Some(consent) = consent.filter(|_| !plan.consent.is_empty()) {
            match self
                .inner
                .auth
                .login(
                    &plan.consent,
                    consent.open,
                    consent.progress,
                    &consent.options,
                )
                .await
            {
                Ok(report) => login = Some(report),
                Err(error) => consent_error = Some(error),
            }
        }
        let blocked = |code| {
            plan.blocked
                .iter()
                .filter(move |b| b.code == code)
                .map(|b| b.group.clone())
        };
        let mut need_consent = Vec::new();
        let mut start: Vec<GroupId> = plan.ready.clone();
        for group in &plan.consent {
            if self.inner.auth.covering_grant(group)?.is_some() {
                start.push(group.clone());
            } else {
                need_consent.push(group.clone());
            }
        }
        let waiting_window: Vec<GroupId> = blocked(BlockedCode::Window).collect();
        start.extend(waiting_window.iter().cloned());
        let started = if start.is_empty() {
            Vec::new()
        } else {
            self.start_exports(&ExportRequest {
                groups: start,
                ..request.clone()
            })?
        };
        Ok(BackupReport {
            need_reset: blocked(BlockedCode::OneTimeUsed).collect(),
            plan,
            consent: login,
            consent_error,
            started,
            need_consent,
            waiting_window,
        })
    }
}
