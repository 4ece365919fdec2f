//! The job lifecycle through every method.

use carryout::api::{AccessType, InitiateRequest, JobState, Problem};
use carryout_emulator::AccessChoice;

use crate::common::{Harness, start};

const DAY: u64 = 24 * 3600;

async fn complete(h: &Harness, job: &carryout::api::JobId, token: &carryout::secret::AccessToken) {
    h.advance(600);
    let state = h.api.archive_state(token, job).await.unwrap();
    assert_eq!(state.state, JobState::Complete);
}

#[tokio::test]
async fn a_one_time_job_runs_to_complete_with_signed_urls() {
    let h = start().await;
    let tokens = h.consent(&["myactivity.search"]).await;
    let job = h
        .api
        .initiate(&tokens.access, &InitiateRequest::new(["myactivity.search"]))
        .await
        .unwrap();
    assert_eq!(job.access_type, AccessType::OneTime);

    let state = h
        .api
        .archive_state(&tokens.access, &job.archive_job_id)
        .await
        .unwrap();
    assert_eq!(state.state, JobState::InProgress);
    assert!(state.urls.is_empty(), "no URLs before the job completes");
    assert_eq!(
        state.name,
        format!("archiveJobs/{}/portabilityArchiveState", job.archive_job_id)
    );
    assert!(state.start_time.is_none());
    let requested = state.export_time.expect("exportTime is the request time");

    h.advance(600);
    let state = h
        .api
        .archive_state(&tokens.access, &job.archive_job_id)
        .await
        .unwrap();
    assert_eq!(state.state, JobState::Complete);
    assert!(!state.urls.is_empty());
    assert_eq!(state.export_time, Some(requested));
    for url in &state.urls {
        assert!(url.expose().query().unwrap().contains("X-Goog-Signature="));
        assert!(!format!("{url:?}").contains(url.expose().query().unwrap()));
    }
    let stats = h.emulator.control().stats();
    assert_eq!(stats.initiate_calls.get("myactivity.search"), Some(&1));
    assert_eq!(stats.state_calls, 2);
}

#[tokio::test]
async fn time_filters_are_echoed_for_groups_that_support_them() {
    let h = start().await;
    let tokens = h.consent(&["chrome.history"]).await;
    let mut request = InitiateRequest::new(["chrome.history"]);
    let start_time = "2026-01-01T00:00:00Z".parse().unwrap();
    let end_time = "2026-02-01T00:00:00Z".parse().unwrap();
    request.start_time = Some(start_time);
    request.end_time = Some(end_time);
    let job = h.api.initiate(&tokens.access, &request).await.unwrap();
    let state = h
        .api
        .archive_state(&tokens.access, &job.archive_job_id)
        .await
        .unwrap();
    assert_eq!(state.start_time, Some(start_time));
    assert_eq!(
        state.export_time,
        Some(end_time),
        "exportTime is the given endTime"
    );
}

#[tokio::test]
async fn a_failed_job_is_retried_as_a_new_job_at_most_three_times() {
    let h = start().await;
    h.emulator.control().fail_next_jobs("youtube.comments", 4);
    let tokens = h.consent(&["youtube.comments"]).await;
    let first = h
        .api
        .initiate(&tokens.access, &InitiateRequest::new(["youtube.comments"]))
        .await
        .unwrap()
        .archive_job_id;

    // Retrying a job that has not failed is refused.
    let early = h.api.retry(&tokens.access, &first).await.unwrap_err();
    assert_eq!(google(&early).status.to_string(), "FAILED_PRECONDITION");

    let mut job = first.clone();
    for _ in 0..3 {
        h.advance(600);
        let state = h.api.archive_state(&tokens.access, &job).await.unwrap();
        assert_eq!(state.state, JobState::Failed);
        let next = h.api.retry(&tokens.access, &job).await.unwrap();
        assert_ne!(next, job, "retry returns a new job id");
        job = next;
    }
    h.advance(600);
    assert_eq!(
        h.api
            .archive_state(&tokens.access, &job)
            .await
            .unwrap()
            .state,
        JobState::Failed
    );
    let fourth = h.api.retry(&tokens.access, &job).await.unwrap_err();
    assert_eq!(google(&fourth).status.to_string(), "FAILED_PRECONDITION");
}

#[tokio::test]
async fn a_retried_job_can_complete() {
    let h = start().await;
    h.emulator.control().fail_next_jobs("play.library", 1);
    let tokens = h.consent(&["play.library"]).await;
    let job = h
        .api
        .initiate(&tokens.access, &InitiateRequest::new(["play.library"]))
        .await
        .unwrap()
        .archive_job_id;
    h.advance(600);
    let retried = h.api.retry(&tokens.access, &job).await.unwrap();
    complete(&h, &retried, &tokens.access).await;
}

#[tokio::test]
async fn cancel_stops_a_time_based_job_and_frees_its_window() {
    let h = start().await;
    h.emulator.control().set_access(AccessChoice::Days30);
    let tokens = h.consent(&["myactivity.youtube"]).await;
    let request = InitiateRequest::new(["myactivity.youtube"]);
    let job = h.api.initiate(&tokens.access, &request).await.unwrap();
    assert_eq!(job.access_type, AccessType::TimeBased);
    h.api
        .cancel(&tokens.access, &job.archive_job_id)
        .await
        .unwrap();
    let state = h
        .api
        .archive_state(&tokens.access, &job.archive_job_id)
        .await
        .unwrap();
    assert_eq!(state.state, JobState::Cancelled);

    // The window that job held is free again: a new export starts at once.
    let again = h.api.initiate(&tokens.access, &request).await.unwrap();
    assert_ne!(again.archive_job_id, job.archive_job_id);

    // Cancelling a finished job is refused.
    complete(&h, &again.archive_job_id, &tokens.access).await;
    let late = h
        .api
        .cancel(&tokens.access, &again.archive_job_id)
        .await
        .unwrap_err();
    assert_eq!(google(&late).status.to_string(), "FAILED_PRECONDITION");
}

#[tokio::test]
async fn one_time_jobs_cannot_be_cancelled() {
    let h = start().await;
    let tokens = h.consent(&["maps.reviews"]).await;
    let job = h
        .api
        .initiate(&tokens.access, &InitiateRequest::new(["maps.reviews"]))
        .await
        .unwrap();
    let error = h
        .api
        .cancel(&tokens.access, &job.archive_job_id)
        .await
        .unwrap_err();
    assert_eq!(google(&error).status.to_string(), "FAILED_PRECONDITION");
    assert_eq!(google(&error).http, 400);
}

#[tokio::test]
async fn access_type_check_splits_granted_resources() {
    let h = start().await;
    let one_time = h.consent(&["maps.reviews", "chrome.bookmarks"]).await;
    let types = h.api.check_access_type(&one_time.access).await.unwrap();
    let mut granted = types.one_time_resources.clone();
    granted.sort();
    assert_eq!(granted, ["chrome.bookmarks", "maps.reviews"]);
    assert!(types.time_based_resources.is_empty());

    h.emulator.control().set_access(AccessChoice::Days180);
    let time_based = h.consent(&["youtube.channel"]).await;
    let types = h.api.check_access_type(&time_based.access).await.unwrap();
    assert_eq!(types.time_based_resources, ["youtube.channel"]);
    assert!(types.one_time_resources.is_empty());
}

#[tokio::test]
async fn reset_revokes_tokens_and_allows_a_new_one_time_export() {
    let h = start().await;
    let tokens = h.consent(&["saved.collections"]).await;
    let request = InitiateRequest::new(["saved.collections"]);
    let job = h.api.initiate(&tokens.access, &request).await.unwrap();
    complete(&h, &job.archive_job_id, &tokens.access).await;

    let used = h.api.initiate(&tokens.access, &request).await.unwrap_err();
    assert!(matches!(google(&used).problem, Problem::OneTimeUsed { .. }));

    h.api.reset_authorization(&tokens.access).await.unwrap();
    let revoked = h
        .api
        .archive_state(&tokens.access, &job.archive_job_id)
        .await
        .unwrap_err();
    assert_eq!(google(&revoked).problem, Problem::Unauthenticated);

    let fresh = h.consent(&["saved.collections"]).await;
    h.api.initiate(&fresh.access, &request).await.unwrap();
}

#[tokio::test]
async fn time_based_exports_repeat_after_the_window() {
    let h = start().await;
    h.emulator.control().set_access(AccessChoice::Days30);
    let tokens = h.consent(&["myactivity.maps"]).await;
    let request = InitiateRequest::new(["myactivity.maps"]);
    let first = h.api.initiate(&tokens.access, &request).await.unwrap();
    complete(&h, &first.archive_job_id, &tokens.access).await;
    h.advance(DAY);
    // The access token expired meanwhile.
    let access = h.refresh(&tokens.refresh).await;
    let second = h.api.initiate(&access, &request).await.unwrap();
    assert_ne!(second.archive_job_id, first.archive_job_id);
}

pub fn google(error: &carryout::api::ApiError) -> &carryout::api::GoogleError {
    match error {
        carryout::api::ApiError::Google(google) => google,
        other => panic!("expected a Google error, got {other:?}"),
    }
}
