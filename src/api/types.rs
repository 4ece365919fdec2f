//! Request and response bodies of the Data Portability API v1, with the discovery document's
//! field names and enums.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::secret::SignedUrl;

/// An archive job's id, as `initiate` and `retry` return it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct JobId(pub String);

impl fmt::Display for JobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for JobId {
    fn from(id: &str) -> Self {
        Self(id.to_owned())
    }
}

/// Body of `portabilityArchive:initiate`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InitiateRequest {
    /// Resource group ids (the scope suffixes), e.g. `myactivity.search`.
    pub resources: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<DateTime<Utc>>,
}

impl InitiateRequest {
    /// A request for whole-history exports of the given groups.
    pub fn new<S: Into<String>>(resources: impl IntoIterator<Item = S>) -> Self {
        Self {
            resources: resources.into_iter().map(Into::into).collect(),
            start_time: None,
            end_time: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AccessType {
    #[serde(rename = "ACCESS_TYPE_ONE_TIME")]
    OneTime,
    #[serde(rename = "ACCESS_TYPE_TIME_BASED")]
    TimeBased,
    #[serde(other, rename = "ACCESS_TYPE_UNSPECIFIED")]
    Unspecified,
}

/// Answer of `portabilityArchive:initiate`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InitiatedJob {
    pub archive_job_id: JobId,
    #[serde(default = "unspecified")]
    pub access_type: AccessType,
}

fn unspecified() -> AccessType {
    AccessType::Unspecified
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum JobState {
    InProgress,
    Complete,
    Failed,
    Cancelled,
    #[serde(other)]
    StateUnspecified,
}

/// Answer of `archiveJobs.getPortabilityArchiveState`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ArchiveState {
    pub name: String,
    pub state: JobState,
    /// Present only when the job is complete; each signed URL expires after 6 hours.
    #[serde(default)]
    pub urls: Vec<SignedUrl>,
    pub start_time: Option<DateTime<Utc>>,
    pub export_time: Option<DateTime<Utc>>,
}

/// Answer of `accessType:check`: which granted resources are one-time and which time-based.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessTypes {
    #[serde(default)]
    pub one_time_resources: Vec<String>,
    #[serde(default)]
    pub time_based_resources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RetryAnswer {
    pub archive_job_id: JobId,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initiate_request_uses_the_discovery_field_names_and_omits_absent_times() {
        let mut request = InitiateRequest::new(["myactivity.search"]);
        assert_eq!(
            serde_json::to_string(&request).unwrap(),
            r#"{"resources":["myactivity.search"]}"#
        );
        request.start_time = Some("2026-01-02T03:04:05Z".parse().unwrap());
        assert_eq!(
            serde_json::to_string(&request).unwrap(),
            r#"{"resources":["myactivity.search"],"startTime":"2026-01-02T03:04:05Z"}"#
        );
    }

    #[test]
    fn state_without_urls_parses_and_unknown_enums_fall_back() {
        let state: ArchiveState = serde_json::from_str(
            r#"{"name":"archiveJobs/x/portabilityArchiveState","state":"SOMETHING_NEW","exportTime":"2026-01-02T03:04:05+01:00"}"#,
        )
        .unwrap();
        assert_eq!(state.state, JobState::StateUnspecified);
        assert!(state.urls.is_empty());
        assert_eq!(
            state.export_time.unwrap().to_rfc3339(),
            "2026-01-02T02:04:05+00:00"
        );
        let job: InitiatedJob = serde_json::from_str(r#"{"archiveJobId":"j1"}"#).unwrap();
        assert_eq!(job.access_type, AccessType::Unspecified);
    }
}
