//! Every rule of the API that answers with an error, read into typed problems.

use carryout::api::{AccessType, InitiateRequest, JobId, Problem, Status};
use carryout_emulator::{AccessChoice, CooldownScope, CooldownStatus, Settings};

use crate::common::{Tokens, start, start_with};
use crate::jobs::google;

const DAY: u64 = 24 * 3600;

#[tokio::test]
async fn resources_not_granted_are_permission_denied() {
    let h = start().await;
    let tokens = h.consent(&["youtube.comments"]).await;
    let error = h
        .api
        .initiate(
            &tokens.access,
            &InitiateRequest::new(["youtube.comments", "youtube.channel"]),
        )
        .await
        .unwrap_err();
    let error = google(&error);
    assert_eq!(
        (error.http, &error.status),
        (403, &Status::PermissionDenied)
    );
    assert_eq!(error.problem, Problem::NotAuthorized);
    assert_eq!(
        error.message,
        "The requested resources are not authorized by the OAuth token."
    );
    assert_eq!(error.reason, None, "no ErrorInfo, only DebugInfo");
}

#[tokio::test]
async fn the_same_request_while_its_job_runs_names_that_job() {
    let h = start().await;
    let tokens = h.consent(&["play.purchases"]).await;
    let request = InitiateRequest::new(["play.purchases"]);
    let job = h.api.initiate(&tokens.access, &request).await.unwrap();
    let error = h.api.initiate(&tokens.access, &request).await.unwrap_err();
    let error = google(&error);
    assert_eq!((error.http, &error.status), (409, &Status::AlreadyExists));
    assert_eq!(
        error.problem,
        Problem::AlreadyExists {
            job_id: job.archive_job_id,
            access_type: AccessType::OneTime
        }
    );
}

#[tokio::test]
async fn a_running_time_based_job_is_named_as_time_based() {
    let h = start().await;
    h.emulator.control().set_access(AccessChoice::Days30);
    let tokens = h.consent(&["youtube.posts"]).await;
    let request = InitiateRequest::new(["youtube.posts"]);
    let job = h.api.initiate(&tokens.access, &request).await.unwrap();
    let error = h.api.initiate(&tokens.access, &request).await.unwrap_err();
    assert_eq!(
        google(&error).problem,
        Problem::AlreadyExists {
            job_id: job.archive_job_id,
            access_type: AccessType::TimeBased
        }
    );
}

#[tokio::test]
async fn used_one_time_access_is_exhausted_with_previous_job_ids() {
    let h = start().await;
    let tokens = h.consent(&["chrome.bookmarks"]).await;
    let request = InitiateRequest::new(["chrome.bookmarks"]);
    let job = h.api.initiate(&tokens.access, &request).await.unwrap();
    h.advance(600);
    let error = h.api.initiate(&tokens.access, &request).await.unwrap_err();
    let error = google(&error);
    assert_eq!(
        (error.http, &error.status),
        (429, &Status::ResourceExhausted)
    );
    assert_eq!(
        error.problem,
        Problem::OneTimeUsed {
            previous_job_ids: vec![job.archive_job_id]
        }
    );
    let stats = h.emulator.control().stats();
    assert_eq!(stats.initiate_calls.get("chrome.bookmarks"), Some(&2));
}

async fn time_based_harness(
    scope: CooldownScope,
    status: CooldownStatus,
) -> (crate::common::Harness, Tokens, JobId) {
    let h = start_with(Settings {
        cooldown: scope,
        cooldown_status: status,
        ..Settings::for_tests()
    })
    .await;
    h.emulator.control().set_access(AccessChoice::Days30);
    let tokens = h
        .consent(&["myactivity.search", "myactivity.shopping"])
        .await;
    let first = h
        .api
        .initiate(&tokens.access, &InitiateRequest::new(["myactivity.search"]))
        .await
        .unwrap()
        .archive_job_id;
    // Long enough for the job to complete, short enough for the access token to stay valid.
    h.advance(600);
    (h, tokens, first)
}

#[tokio::test]
async fn per_client_cooldown_blocks_other_groups_until_the_window_opens() {
    let (h, tokens, first) =
        time_based_harness(CooldownScope::PerClient, CooldownStatus::ResourceExhausted).await;
    let token = tokens.access.clone();
    let other = InitiateRequest::new(["myactivity.shopping"]);
    let error = h.api.initiate(&token, &other).await.unwrap_err();
    let error = google(&error);
    assert_eq!(
        (error.http, &error.status),
        (429, &Status::ResourceExhausted)
    );
    let Problem::Cooldown {
        previous_job_ids,
        available_at: Some(available_at),
    } = &error.problem
    else {
        panic!("expected a cooldown with a time, got {:?}", error.problem);
    };
    assert_eq!(previous_job_ids, &vec![first]);
    assert!(
        error
            .message
            .contains(&available_at.format("%Y-%m-%dT%H:%M:%S").to_string())
    );
    let wait = *available_at - h.emulator.control().now();
    assert!(
        (23 * 3600..24 * 3600).contains(&wait.num_seconds()),
        "the window opens 24 h after the first initiate: {wait}"
    );

    h.advance(DAY);
    let token = h.refresh(&tokens.refresh).await;
    h.api.initiate(&token, &other).await.unwrap();
}

#[tokio::test]
async fn per_resource_cooldown_blocks_only_the_exported_group() {
    let (h, tokens, _first) = time_based_harness(
        CooldownScope::PerResource,
        CooldownStatus::ResourceExhausted,
    )
    .await;
    let token = tokens.access;
    h.api
        .initiate(&token, &InitiateRequest::new(["myactivity.shopping"]))
        .await
        .unwrap();
    let again = h
        .api
        .initiate(&token, &InitiateRequest::new(["myactivity.search"]))
        .await
        .unwrap_err();
    assert!(matches!(
        google(&again).problem,
        Problem::Cooldown {
            available_at: Some(_),
            ..
        }
    ));
}

#[tokio::test]
async fn a_failed_precondition_cooldown_is_read_as_the_same_cooldown() {
    let (h, tokens, _first) =
        time_based_harness(CooldownScope::PerClient, CooldownStatus::FailedPrecondition).await;
    let token = tokens.access;
    let error = h
        .api
        .initiate(&token, &InitiateRequest::new(["myactivity.search"]))
        .await
        .unwrap_err();
    let error = google(&error);
    assert_eq!(
        (error.http, &error.status),
        (400, &Status::FailedPrecondition)
    );
    assert!(
        matches!(
            error.problem,
            Problem::Cooldown {
                available_at: Some(_),
                ..
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn time_filters_on_groups_without_them_are_invalid() {
    let h = start().await;
    let tokens = h.consent(&["youtube.comments"]).await;
    let mut request = InitiateRequest::new(["youtube.comments"]);
    request.start_time = Some("2026-01-01T00:00:00Z".parse().unwrap());
    let error = h.api.initiate(&tokens.access, &request).await.unwrap_err();
    let error = google(&error);
    assert_eq!((error.http, &error.status), (400, &Status::InvalidArgument));
    assert_eq!(error.problem, Problem::Other);
}

#[tokio::test]
async fn unknown_resources_are_invalid() {
    let h = start().await;
    let tokens = h.consent(&["youtube.comments"]).await;
    let error = h
        .api
        .initiate(
            &tokens.access,
            &InitiateRequest::new(["youtube.everything"]),
        )
        .await
        .unwrap_err();
    assert_eq!(google(&error).status, Status::InvalidArgument);
}

#[tokio::test]
async fn unknown_jobs_are_not_found() {
    let h = start().await;
    let tokens = h.consent(&["youtube.comments"]).await;
    let error = h
        .api
        .archive_state(
            &tokens.access,
            &JobId::from("00000000-0000-4000-8000-000000000000"),
        )
        .await
        .unwrap_err();
    assert_eq!(google(&error).status, Status::NotFound);
}

#[tokio::test]
async fn expired_tokens_are_unauthenticated() {
    let h = start().await;
    let tokens = h.consent(&["youtube.comments"]).await;
    h.advance(3600);
    let expired = h.api.check_access_type(&tokens.access).await.unwrap_err();
    let expired = google(&expired);
    assert_eq!(
        (expired.http, &expired.problem),
        (401, &Problem::Unauthenticated)
    );
    assert!(
        expired
            .message
            .starts_with("Request had invalid authentication credentials.")
    );
}
