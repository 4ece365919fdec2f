//! What the app's commands answer where the core's own types are not the answer
//! (src-tauri/IPC.md): a Back up's and a consent's report, and a sign-out.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::auth::{Access, GrantInfo, LoginReport, SignedOut};
use crate::catalog::GroupId;
use crate::engine::{BackupReport, ExportRow};
use crate::failure::Problem;

/// What a consent granted, and the access the person chose in it.
#[derive(Debug, Serialize)]
pub struct ConsentReport {
    pub granted: Vec<GroupId>,
    pub not_granted: Vec<GroupId>,
    /// The sign-ins this consent created.
    pub grants: Vec<GrantInfo>,
    /// The access chosen, when every group granted has the same one.
    pub access: Option<Access>,
    /// Time-based access: when the first of the new sign-ins ends.
    pub expires_at: Option<DateTime<Utc>>,
}

impl From<LoginReport> for ConsentReport {
    fn from(report: LoginReport) -> Self {
        let mut accesses = report.grants.iter().flat_map(|g| g.resources.values());
        let first = accesses.next().copied();
        let access = first.filter(|first| accesses.all(|access| access == first));
        let expires_at = match access {
            Some(Access::TimeBased) => report
                .grants
                .iter()
                .filter_map(|g| g.refresh_expires_at)
                .min(),
            _ => None,
        };
        Self {
            granted: report.granted,
            not_granted: report.not_granted,
            grants: report.grants.into_iter().map(GrantInfo::from).collect(),
            access,
            expires_at,
        }
    }
}

/// What a Back up did.
#[derive(Debug, Serialize)]
pub struct BackupAnswer {
    /// What the consent granted, when one was asked for and finished.
    pub consent: Option<ConsentReport>,
    /// Why the consent did not finish; the groups a sign-in covers went ahead anyway.
    pub consent_error: Option<Problem>,
    pub started: Vec<ExportRow>,
    pub need_consent: Vec<GroupId>,
    pub need_reset: Vec<GroupId>,
    pub waiting_window: Vec<GroupId>,
}

impl From<BackupReport> for BackupAnswer {
    fn from(report: BackupReport) -> Self {
        Self {
            consent: report.consent.map(ConsentReport::from),
            consent_error: report.consent_error.map(Problem::from),
            started: report.started,
            need_consent: report.need_consent,
            need_reset: report.need_reset,
            waiting_window: report.waiting_window,
        }
    }
}

/// A sign-in signed out, and whether Google revoked it (no token to revoke: the person
/// removes Carryout's access in their Google Account).
#[derive(Debug, Serialize)]
pub struct SignOutReport {
    #[serde(flatten)]
    pub grant: GrantInfo,
    pub revoked_at_google: bool,
}

impl From<SignedOut> for SignOutReport {
    fn from(signed_out: SignedOut) -> Self {
        Self {
            grant: signed_out.grant.into(),
            revoked_at_google: signed_out.revoked_at_google,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::auth::{Grant, GrantId, GrantState};

    fn grant(access: Access, expires_in_days: i64) -> Grant {
        let created_at = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        Grant {
            id: GrantId(format!("g{expires_in_days}")),
            resources: BTreeMap::from([("myactivity.search".into(), access)]),
            created_at,
            refresh_expires_at: (access == Access::TimeBased)
                .then(|| created_at + chrono::Duration::days(expires_in_days)),
            state: GrantState::Active,
        }
    }

    fn consent(grants: Vec<Grant>) -> ConsentReport {
        ConsentReport::from(LoginReport {
            requested: vec!["myactivity.search".into()],
            already_covered: vec![],
            granted: vec!["myactivity.search".into()],
            not_granted: vec![],
            grants,
            testing_hint: None,
        })
    }

    #[test]
    fn a_consent_says_the_access_chosen_and_when_time_based_access_ends_first() {
        let report = consent(vec![
            grant(Access::TimeBased, 30),
            grant(Access::TimeBased, 20),
        ]);
        assert_eq!(report.access, Some(Access::TimeBased));
        assert_eq!(
            report.expires_at, report.grants[1].grant.refresh_expires_at,
            "the sooner end"
        );
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["access"], "time_based");
        let report = consent(vec![grant(Access::OneTime, 0)]);
        assert_eq!(
            (report.access, report.expires_at),
            (Some(Access::OneTime), None)
        );
        let mixed = consent(vec![
            grant(Access::OneTime, 0),
            grant(Access::TimeBased, 30),
        ]);
        assert_eq!((mixed.access, mixed.expires_at), (None, None));
    }
}
