//! Jobs on the wire: lifecycle by the emulator clock, cancel, retry, visibility, access type
//! check, injected faults and unknown paths.

mod common;

use carryout_emulator::{AccessChoice, Fault, Route};
use common::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn job_runs_to_complete_by_the_emulator_clock_and_reports_its_window() {
    let h = Harness::start().await;
    let tokens = h.grant(&["myactivity.search"], AccessChoice::OneTime).await;
    // snake_case and offsets are accepted, and times come back in UTC.
    let started = h
        .api_post(
            &tokens.access,
            "/v1/portabilityArchive:initiate",
            json!({"resources": ["myactivity.search"], "start_time": "2026-07-01T02:00:00+02:00",
                   "endTime": "2026-07-19T00:00:00Z"}),
        )
        .await;
    assert_eq!(started.status, StatusCode::OK, "{}", started.json);
    assert_eq!(started.json["accessType"], "ACCESS_TYPE_ONE_TIME");
    let id = started.json["archiveJobId"]
        .as_str()
        .expect("id")
        .to_string();
    assert!(uuid::Uuid::parse_str(&id).is_ok(), "{id}");

    let running = h.state(&tokens.access, &id).await;
    assert_eq!(running.status, StatusCode::OK);
    assert_eq!(
        running.json,
        json!({
            "name": format!("archiveJobs/{id}/portabilityArchiveState"),
            "state": "IN_PROGRESS",
            "startTime": "2026-07-01T00:00:00Z",
            "exportTime": "2026-07-19T00:00:00Z",
        })
    );
    h.advance(59);
    assert_eq!(
        h.state(&tokens.access, &id).await.json["state"],
        "IN_PROGRESS"
    );
    h.advance(1);
    let done = h.state(&tokens.access, &id).await;
    assert_eq!(done.json["state"], "COMPLETE");
    let urls = done.json["urls"].as_array().expect("urls when COMPLETE");
    assert_eq!(urls.len(), 1);
    assert!(
        urls[0]
            .as_str()
            .is_some_and(|u| u.starts_with(&h.url("/storage/")))
    );

    let unknown = h
        .state(&tokens.access, "00000000-0000-4000-8000-000000000000")
        .await;
    google_error(&unknown, 404, "NOT_FOUND");
}

#[tokio::test]
async fn export_time_is_the_request_time_without_end_time_and_start_time_is_omitted() {
    let h = Harness::start().await;
    let tokens = h.grant(&["chrome.bookmarks"], AccessChoice::OneTime).await;
    let id = h.initiate_ok(&tokens.access, &["chrome.bookmarks"]).await;
    let state = h.state(&tokens.access, &id).await;
    assert_eq!(state.json["exportTime"], "2026-07-20T08:00:00Z");
    assert!(state.json.get("startTime").is_none());
    assert!(state.json.get("urls").is_none());
}

#[tokio::test]
async fn cancel_frees_the_window_and_only_applies_to_running_time_based_jobs() {
    let h = Harness::start().await;
    let tokens = h
        .grant(&["chrome.history", "myactivity.play"], AccessChoice::Days30)
        .await;
    let id = h.initiate_ok(&tokens.access, &["chrome.history"]).await;
    let cancel = h
        .api_post(
            &tokens.access,
            &format!("/v1/archiveJobs/{id}:cancel"),
            json!({}),
        )
        .await;
    assert_eq!(cancel.status, StatusCode::OK, "{}", cancel.json);
    assert_eq!(cancel.json, json!({}));
    assert_eq!(
        h.state(&tokens.access, &id).await.json["state"],
        "CANCELLED"
    );
    let twice = h
        .api_post(
            &tokens.access,
            &format!("/v1/archiveJobs/{id}:cancel"),
            json!({}),
        )
        .await;
    google_error(&twice, 400, "FAILED_PRECONDITION");
    // The window is free again.
    let next = h.initiate_ok(&tokens.access, &["myactivity.play"]).await;
    h.advance(60);
    let finished = h
        .api_post(
            &tokens.access,
            &format!("/v1/archiveJobs/{next}:cancel"),
            json!({}),
        )
        .await;
    google_error(&finished, 400, "FAILED_PRECONDITION");

    let one_time = h.grant(&["chrome.bookmarks"], AccessChoice::OneTime).await;
    let job = h.initiate_ok(&one_time.access, &["chrome.bookmarks"]).await;
    let refused = h
        .api_post(
            &one_time.access,
            &format!("/v1/archiveJobs/{job}:cancel"),
            json!({}),
        )
        .await;
    google_error(&refused, 400, "FAILED_PRECONDITION");
}

#[tokio::test]
async fn failed_jobs_can_be_retried_three_times() {
    let h = Harness::start().await;
    h.emu.control().fail_next_jobs("chrome.history", 4);
    let tokens = h.grant(&["chrome.history"], AccessChoice::OneTime).await;
    let mut job = h.initiate_ok(&tokens.access, &["chrome.history"]).await;
    let early = h
        .api_post(
            &tokens.access,
            &format!("/v1/archiveJobs/{job}:retry"),
            json!({}),
        )
        .await;
    google_error(&early, 400, "FAILED_PRECONDITION");
    for _ in 0..3 {
        h.advance(60);
        assert_eq!(h.state(&tokens.access, &job).await.json["state"], "FAILED");
        let retry = h
            .api_post(
                &tokens.access,
                &format!("/v1/archiveJobs/{job}:retry"),
                json!({}),
            )
            .await;
        assert_eq!(retry.status, StatusCode::OK, "{}", retry.json);
        let new = retry.json["archiveJobId"]
            .as_str()
            .expect("new id")
            .to_string();
        assert_ne!(new, job);
        assert_eq!(
            h.state(&tokens.access, &new).await.json["state"],
            "IN_PROGRESS"
        );
        job = new;
    }
    h.advance(60);
    assert_eq!(h.state(&tokens.access, &job).await.json["state"], "FAILED");
    let fourth = h
        .api_post(
            &tokens.access,
            &format!("/v1/archiveJobs/{job}:retry"),
            json!({}),
        )
        .await;
    google_error(&fourth, 400, "FAILED_PRECONDITION");
}

#[tokio::test]
async fn a_failed_job_retried_completes_when_no_failure_is_left() {
    let h = Harness::start().await;
    h.emu.control().fail_next_jobs("chrome.history", 1);
    let tokens = h.grant(&["chrome.history"], AccessChoice::OneTime).await;
    let job = h.initiate_ok(&tokens.access, &["chrome.history"]).await;
    h.advance(60);
    let retry = h
        .api_post(
            &tokens.access,
            &format!("/v1/archiveJobs/{job}:retry"),
            json!({}),
        )
        .await;
    let new = retry.json["archiveJobId"]
        .as_str()
        .expect("new id")
        .to_string();
    h.advance(60);
    assert_eq!(
        h.state(&tokens.access, &new).await.json["state"],
        "COMPLETE"
    );
}

#[tokio::test]
async fn jobs_are_visible_only_to_the_same_user_and_client() {
    let h = Harness::start().await;
    let alice = h
        .grant_as(
            &["chrome.history"],
            AccessChoice::OneTime,
            "alice@example.com",
        )
        .await;
    let bob = h
        .grant_as(
            &["chrome.history"],
            AccessChoice::OneTime,
            "bob@example.com",
        )
        .await;
    let job = h.initiate_ok(&alice.access, &["chrome.history"]).await;
    google_error(&h.state(&bob.access, &job).await, 404, "NOT_FOUND");
    // Bob's one-time use is his own.
    h.initiate_ok(&bob.access, &["chrome.history"]).await;
}

#[tokio::test]
async fn access_type_check_splits_the_grant() {
    let h = Harness::start().await;
    let one = h
        .grant(
            &["chrome.history", "youtube.comments"],
            AccessChoice::OneTime,
        )
        .await;
    let check = h
        .api_post(&one.access, "/v1/accessType:check", json!({}))
        .await;
    assert_eq!(
        check.json,
        json!({"oneTimeResources": ["chrome.history", "youtube.comments"]})
    );
    let timed = h.grant(&["myactivity.search"], AccessChoice::Days180).await;
    let check = h
        .api_post(&timed.access, "/v1/accessType:check", json!({}))
        .await;
    assert_eq!(
        check.json,
        json!({"timeBasedResources": ["myactivity.search"]})
    );
}

#[tokio::test]
async fn a_rate_limit_creates_nothing_and_a_lost_response_creates_the_job() {
    let h = Harness::start().await;
    let tokens = h.grant(&["chrome.history"], AccessChoice::OneTime).await;
    let control = h.emu.control();
    control.inject_fault(
        Route::Initiate,
        Fault::RateLimit {
            retry_after_secs: 7,
        },
        1,
    );
    let limited = h.initiate(&tokens.access, &["chrome.history"]).await;
    let error = google_error(&limited, 429, "RESOURCE_EXHAUSTED");
    assert!(error.get("details").is_none());
    assert_eq!(limited.headers["retry-after"], "7");
    assert_eq!(control.stats().jobs_created, 0);

    control.inject_fault(Route::Initiate, Fault::StatusAfterEffect(503), 1);
    google_error(
        &h.initiate(&tokens.access, &["chrome.history"]).await,
        503,
        "UNAVAILABLE",
    );
    assert_eq!(control.stats().jobs_created, 1);
    let conflict = h.initiate(&tokens.access, &["chrome.history"]).await;
    let info = error_info(
        &google_error(&conflict, 409, "ALREADY_EXISTS"),
        "ALREADY_EXISTS_ONE_TIME",
    );
    assert_eq!(info["metadata"]["job_id"], control.jobs()[0].id);

    control.inject_fault(Route::State, Fault::Status(500), 2);
    let id = control.jobs()[0].id.clone();
    google_error(&h.state(&tokens.access, &id).await, 500, "INTERNAL");
    google_error(&h.state(&tokens.access, &id).await, 500, "INTERNAL");
    assert_eq!(h.state(&tokens.access, &id).await.status, StatusCode::OK);

    let stats = control.stats();
    assert_eq!(stats.initiate_calls["chrome.history"], 3);
    assert_eq!(stats.state_calls, 3);
}

#[tokio::test]
async fn unknown_paths_and_methods_get_googles_404_page() {
    let h = Harness::start().await;
    let response = h.get(&h.url("/v1/portabilityArchive:initiate")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = h.get(&h.url("/v1/archiveJobs/x:explode")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn jobs_created_are_counted_per_group_for_initiate_and_retry() {
    let h = Harness::start().await;
    let control = h.emu.control();
    control.fail_next_jobs("chrome.history", 1);
    let tokens = h
        .grant(
            &["chrome.history", "chrome.bookmarks", "youtube.comments"],
            AccessChoice::OneTime,
        )
        .await;
    let job = h
        .initiate_ok(&tokens.access, &["chrome.history", "chrome.bookmarks"])
        .await;
    h.advance(60);
    let retry = h
        .api_post(
            &tokens.access,
            &format!("/v1/archiveJobs/{job}:retry"),
            json!({}),
        )
        .await;
    assert_eq!(retry.status, StatusCode::OK, "{}", retry.json);
    h.initiate_ok(&tokens.access, &["youtube.comments"]).await;
    // Refused requests create nothing and count nothing.
    google_error(
        &h.initiate(&tokens.access, &["youtube.comments"]).await,
        409,
        "ALREADY_EXISTS",
    );
    google_error(
        &h.initiate(&tokens.access, &["chrome.nothing"]).await,
        400,
        "INVALID_ARGUMENT",
    );

    let stats = control.stats();
    assert_eq!(stats.jobs_created, 3);
    let per_group: Vec<(&str, u64)> = stats
        .jobs_created_per_group
        .iter()
        .map(|(g, n)| (g.as_str(), *n))
        .collect();
    assert_eq!(
        per_group,
        [
            ("chrome.bookmarks", 2),
            ("chrome.history", 2),
            ("youtube.comments", 1)
        ]
    );
}
