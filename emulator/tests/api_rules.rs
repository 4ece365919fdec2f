//! Initiate rules on the wire: authentication, scope coverage, validation, running jobs,
//! one-time use, the 24 h window in both scopes, reset.

mod common;

use carryout_emulator::{
    AccessChoice, CooldownScope, CooldownStatus, InitiateAfterConsent, Settings,
};
use common::*;
use reqwest::StatusCode;
use serde_json::json;

const DAY: u64 = 86_400;

#[tokio::test]
async fn missing_and_invalid_credentials_get_401_unauthenticated() {
    let h = Harness::start().await;
    let response = h
        .http
        .post(h.url("/v1/portabilityArchive:initiate"))
        .json(&json!({"resources": ["chrome.history"]}))
        .send()
        .await
        .expect("sent");
    let missing = answer(response).await;
    let error = google_error(&missing, 401, "UNAUTHENTICATED");
    assert!(
        error["message"].as_str().is_some_and(
            |m| m.starts_with("Request is missing required authentication credential.")
        )
    );

    let invalid = h.initiate("ya29.not-a-token", &["chrome.history"]).await;
    let error = google_error(&invalid, 401, "UNAUTHENTICATED");
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Request had invalid authentication credentials."))
    );
    assert_eq!(
        invalid.headers["www-authenticate"],
        "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\""
    );

    let tokens = h.grant(&["chrome.history"], AccessChoice::OneTime).await;
    h.advance(3599);
    let expired = h.initiate(&tokens.access, &["chrome.history"]).await;
    google_error(&expired, 401, "UNAUTHENTICATED");
    assert!(expired.headers.contains_key("www-authenticate"));
}

#[tokio::test]
async fn resources_outside_the_grant_are_permission_denied_with_debug_info() {
    let h = Harness::start().await;
    let tokens = h.grant(&["chrome.history"], AccessChoice::OneTime).await;
    let denied = h
        .initiate(&tokens.access, &["chrome.history", "myactivity.search"])
        .await;
    let error = google_error(&denied, 403, "PERMISSION_DENIED");
    assert_eq!(
        error["message"],
        "The requested resources are not authorized by the OAuth token."
    );
    let details = error["details"].as_array().expect("details");
    assert_eq!(details.len(), 1);
    assert_eq!(
        details[0]["@type"],
        "type.googleapis.com/google.rpc.DebugInfo"
    );
    assert_eq!(h.emu.control().stats().jobs_created, 0);
}

#[tokio::test]
async fn bad_requests_are_invalid_argument() {
    let h = Harness::start().await;
    let tokens = h
        .grant(
            &["chrome.history", "chrome.bookmarks"],
            AccessChoice::OneTime,
        )
        .await;
    let post = |body: serde_json::Value| {
        h.api_post(&tokens.access, "/v1/portabilityArchive:initiate", body)
    };
    google_error(
        &post(json!({"resources": []})).await,
        400,
        "INVALID_ARGUMENT",
    );
    google_error(&post(json!({})).await, 400, "INVALID_ARGUMENT");
    google_error(
        &post(json!({"resources": ["chrome.nothing"]})).await,
        400,
        "INVALID_ARGUMENT",
    );
    let filtered =
        post(json!({"resources": ["chrome.bookmarks"], "startTime": "2026-01-01T00:00:00Z"})).await;
    google_error(&filtered, 400, "INVALID_ARGUMENT");
    let unknown = post(json!({"resources": ["chrome.history"], "colour": "red"})).await;
    let error = google_error(&unknown, 400, "INVALID_ARGUMENT");
    assert_eq!(
        error["message"],
        "Invalid JSON payload received. Unknown name \"colour\": Cannot find field."
    );
    assert_eq!(
        error["details"][0]["@type"],
        "type.googleapis.com/google.rpc.BadRequest"
    );
    let bad_time = post(json!({"resources": ["chrome.history"], "start_time": "yesterday"})).await;
    let error = google_error(&bad_time, 400, "INVALID_ARGUMENT");
    assert_eq!(
        error["details"][0]["fieldViolations"][0]["field"],
        "start_time"
    );
    assert_eq!(h.emu.control().stats().jobs_created, 0);
}

#[tokio::test]
async fn same_request_while_running_is_already_exists_naming_the_job() {
    let h = Harness::start().await;
    let tokens = h
        .grant(
            &["chrome.history", "chrome.bookmarks"],
            AccessChoice::OneTime,
        )
        .await;
    let id = h
        .initiate_ok(&tokens.access, &["chrome.history", "chrome.bookmarks"])
        .await;
    let again = h
        .initiate(&tokens.access, &["chrome.bookmarks", "chrome.history"])
        .await;
    let error = google_error(&again, 409, "ALREADY_EXISTS");
    let info = error_info(&error, "ALREADY_EXISTS_ONE_TIME");
    assert_eq!(info["metadata"]["job_id"], id);

    let timed = h.grant(&["myactivity.maps"], AccessChoice::Days30).await;
    let timed_id = h.initiate_ok(&timed.access, &["myactivity.maps"]).await;
    let again = h.initiate(&timed.access, &["myactivity.maps"]).await;
    let info = error_info(
        &google_error(&again, 409, "ALREADY_EXISTS"),
        "ALREADY_EXISTS_TIME_BASED",
    );
    assert_eq!(info["metadata"]["job_id"], timed_id);
}

#[tokio::test]
async fn one_time_access_is_used_up_until_reset() {
    let h = Harness::start().await;
    let tokens = h.grant(&["chrome.history"], AccessChoice::OneTime).await;
    let first = h.initiate_ok(&tokens.access, &["chrome.history"]).await;
    h.advance(60);
    let second = h.initiate(&tokens.access, &["chrome.history"]).await;
    let error = google_error(&second, 429, "RESOURCE_EXHAUSTED");
    let info = error_info(&error, "RESOURCE_EXHAUSTED_ONE_TIME");
    assert_eq!(info["metadata"]["previous_job_ids"], first);

    // A new consent does not help; reset does (and revokes the tokens).
    let again = h.grant(&["chrome.history"], AccessChoice::OneTime).await;
    let still = h.initiate(&again.access, &["chrome.history"]).await;
    error_info(
        &google_error(&still, 429, "RESOURCE_EXHAUSTED"),
        "RESOURCE_EXHAUSTED_ONE_TIME",
    );
    let reset = h
        .api_post(&again.access, "/v1/authorization:reset", json!({}))
        .await;
    assert_eq!(reset.status, StatusCode::OK);
    assert_eq!(reset.json, json!({}));
    let revoked = h.initiate(&again.access, &["chrome.history"]).await;
    google_error(&revoked, 401, "UNAUTHENTICATED");
    let fresh = h.grant(&["chrome.history"], AccessChoice::OneTime).await;
    h.initiate_ok(&fresh.access, &["chrome.history"]).await;
}

#[tokio::test]
async fn time_based_window_is_per_client_across_groups_by_default() {
    let h = Harness::start().await;
    let a = h.grant(&["myactivity.search"], AccessChoice::Days30).await;
    let started = h.initiate(&a.access, &["myactivity.search"]).await;
    assert_eq!(started.json["accessType"], "ACCESS_TYPE_TIME_BASED");
    let first = started.json["archiveJobId"]
        .as_str()
        .expect("id")
        .to_string();
    h.advance(3000);
    let b = h.grant(&["myactivity.youtube"], AccessChoice::Days30).await;
    h.advance(600);
    let other_group = h.initiate(&b.access, &["myactivity.youtube"]).await;
    let error = google_error(&other_group, 429, "RESOURCE_EXHAUSTED");
    assert_eq!(
        error["message"],
        "Requested resources have already been exported. You can initiate another export after \
         2026-07-21T08:00:00Z."
    );
    let info = error_info(&error, "RESOURCE_EXHAUSTED_TIME_BASED");
    assert_eq!(
        info["metadata"]["timestamp_after_24hrs"],
        "2026-07-21T08:00:00Z"
    );
    assert_eq!(info["metadata"]["previous_job_ids"], first);

    h.advance(DAY - 3600);
    let b = h.grant(&["myactivity.youtube"], AccessChoice::Days30).await;
    h.initiate_ok(&b.access, &["myactivity.youtube"]).await;
}

#[tokio::test]
async fn time_based_window_can_be_per_resource() {
    let h = Harness::start().await;
    h.emu.control().set_cooldown(CooldownScope::PerResource);
    let tokens = h
        .grant(
            &["myactivity.search", "myactivity.youtube"],
            AccessChoice::Days180,
        )
        .await;
    let first = h.initiate_ok(&tokens.access, &["myactivity.search"]).await;
    h.advance(120);
    h.initiate_ok(&tokens.access, &["myactivity.youtube"]).await;
    let again = h.initiate(&tokens.access, &["myactivity.search"]).await;
    let info = error_info(
        &google_error(&again, 429, "RESOURCE_EXHAUSTED"),
        "RESOURCE_EXHAUSTED_TIME_BASED",
    );
    assert_eq!(info["metadata"]["previous_job_ids"], first);
    h.advance(DAY - 120);
    let tokens = h.grant(&["myactivity.search"], AccessChoice::Days180).await;
    h.initiate_ok(&tokens.access, &["myactivity.search"]).await;
}

#[tokio::test]
async fn cooldown_can_answer_failed_precondition_without_error_info() {
    let h = Harness::start().await;
    h.emu
        .control()
        .set_cooldown_status(CooldownStatus::FailedPrecondition);
    let tokens = h.grant(&["chrome.history"], AccessChoice::Days30).await;
    h.initiate_ok(&tokens.access, &["chrome.history"]).await;
    h.advance(600);
    let again = h.initiate(&tokens.access, &["chrome.history"]).await;
    let error = google_error(&again, 400, "FAILED_PRECONDITION");
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.contains("You can initiate another export after"))
    );
    assert!(error.get("details").is_none());
}

fn assert_too_old(answer: &Answer) {
    let error = google_error(answer, 403, "PERMISSION_DENIED");
    let message = error["message"].as_str().expect("message");
    assert!(
        message.contains("too old") && message.contains("consent again"),
        "{message}"
    );
    let details = error["details"].as_array().expect("details");
    assert_eq!(details.len(), 1);
    assert_eq!(
        details[0]["@type"],
        "type.googleapis.com/google.rpc.DebugInfo"
    );
}

#[tokio::test]
async fn one_time_access_must_start_within_24_hours_of_consent_by_default() {
    let h = Harness::start().await;
    let stale = h
        .grant(
            &["chrome.history", "chrome.bookmarks"],
            AccessChoice::OneTime,
        )
        .await;
    let used = h
        .grant(
            &["youtube.comments", "youtube.posts"],
            AccessChoice::OneTime,
        )
        .await;
    let timed = h.grant(&["myactivity.search"], AccessChoice::Days30).await;
    h.initiate_ok(&used.access, &["youtube.comments"]).await;

    h.advance(DAY);
    let edge = h.grant(&["play.library"], AccessChoice::OneTime).await;
    // Exactly 24 h after its consent a grant may still start.
    let access = h.fresh_access(&stale).await;
    let other = h.grant(&["chrome.autofill"], AccessChoice::OneTime).await;
    h.advance(1);
    assert_too_old(&h.initiate(&access, &["chrome.history"]).await);
    // A refreshed token belongs to the same grant.
    let access = h.fresh_access(&stale).await;
    assert_too_old(&h.initiate(&access, &["chrome.bookmarks"]).await);
    assert_eq!(h.emu.control().stats().jobs_created, 1);
    // A grant that has already started an export goes on exporting its other groups.
    let access = h.fresh_access(&used).await;
    h.initiate_ok(&access, &["youtube.posts"]).await;
    // Time-based access exports for its whole life.
    let access = h.fresh_access(&timed).await;
    h.initiate_ok(&access, &["myactivity.search"]).await;
    // A fresh consent works again.
    h.initiate_ok(&other.access, &["chrome.autofill"]).await;
    h.advance(DAY - 1);
    let access = h.fresh_access(&edge).await;
    h.initiate_ok(&access, &["play.library"]).await;
    // An unchecked rule lets any live grant start.
    h.emu
        .control()
        .set_initiate_after_consent(InitiateAfterConsent::Unlimited);
    let access = h.fresh_access(&stale).await;
    h.initiate_ok(&access, &["chrome.history"]).await;
}

#[tokio::test]
async fn first_within_24h_binds_time_based_grants_too() {
    let h = Harness::with(Settings {
        initiate_after_consent: InitiateAfterConsent::FirstWithin24h,
        ..test_settings()
    })
    .await;
    let started = h.grant(&["myactivity.search"], AccessChoice::Days30).await;
    let idle = h
        .grant(&["myactivity.youtube"], AccessChoice::Days180)
        .await;
    h.initiate_ok(&started.access, &["myactivity.search"]).await;
    h.advance(DAY + 1);
    let access = h.fresh_access(&idle).await;
    assert_too_old(&h.initiate(&access, &["myactivity.youtube"]).await);
    let access = h.fresh_access(&started).await;
    h.initiate_ok(&access, &["myactivity.search"]).await;
}

#[tokio::test]
async fn mixed_grants_apply_one_time_rules_to_their_one_time_part() {
    let h = Harness::start().await;
    h.emu
        .control()
        .set_mixed_access(["chrome.history", "chrome.bookmarks"]);
    let tokens = h
        .grant(
            &["myactivity.search", "chrome.history", "myactivity.maps"],
            AccessChoice::Days30,
        )
        .await;
    assert_eq!(tokens.body["refresh_token_expires_in"], 2_592_000);
    let check = h
        .api_post(&tokens.access, "/v1/accessType:check", json!({}))
        .await;
    assert_eq!(
        check.json,
        json!({"oneTimeResources": ["chrome.history"],
               "timeBasedResources": ["myactivity.search", "myactivity.maps"]})
    );

    let started = h.initiate(&tokens.access, &["chrome.history"]).await;
    assert_eq!(started.json["accessType"], "ACCESS_TYPE_ONE_TIME");
    let first = started.json["archiveJobId"]
        .as_str()
        .expect("id")
        .to_string();
    h.advance(60);
    let again = h.initiate(&tokens.access, &["chrome.history"]).await;
    let info = error_info(
        &google_error(&again, 429, "RESOURCE_EXHAUSTED"),
        "RESOURCE_EXHAUSTED_ONE_TIME",
    );
    assert_eq!(info["metadata"]["previous_job_ids"], first);
    // A one-time export holds no window: the time-based part starts one.
    let timed = h.initiate(&tokens.access, &["myactivity.search"]).await;
    assert_eq!(timed.json["accessType"], "ACCESS_TYPE_TIME_BASED");
    h.advance(60);
    error_info(
        &google_error(
            &h.initiate(&tokens.access, &["myactivity.maps"]).await,
            429,
            "RESOURCE_EXHAUSTED",
        ),
        "RESOURCE_EXHAUSTED_TIME_BASED",
    );
    // The refresh token lives as long as the time-based part.
    let refreshed = h.refresh(tokens.refresh.as_deref().expect("refresh")).await;
    assert_eq!(refreshed.json["refresh_token_expires_in"], 2_592_000 - 120);
}

#[tokio::test]
async fn a_job_mixing_both_parts_is_one_time_and_holds_the_window() {
    let h = Harness::start().await;
    h.emu
        .control()
        .set_mixed_access(["chrome.bookmarks", "chrome.autofill"]);
    let tokens = h
        .grant(
            &["chrome.bookmarks", "myactivity.maps", "myactivity.play"],
            AccessChoice::Days180,
        )
        .await;
    let late = h
        .grant(
            &["chrome.autofill", "myactivity.youtube"],
            AccessChoice::Days30,
        )
        .await;
    let both = h
        .initiate(&tokens.access, &["chrome.bookmarks", "myactivity.maps"])
        .await;
    assert_eq!(both.status, StatusCode::OK, "{}", both.json);
    assert_eq!(both.json["accessType"], "ACCESS_TYPE_ONE_TIME");
    h.advance(60);
    error_info(
        &google_error(
            &h.initiate(&tokens.access, &["myactivity.play"]).await,
            429,
            "RESOURCE_EXHAUSTED",
        ),
        "RESOURCE_EXHAUSTED_TIME_BASED",
    );
    h.advance(DAY);
    let access = h.fresh_access(&tokens).await;
    error_info(
        &google_error(
            &h.initiate(&access, &["chrome.bookmarks"]).await,
            429,
            "RESOURCE_EXHAUSTED",
        ),
        "RESOURCE_EXHAUSTED_ONE_TIME",
    );
    // The one-time part of a mixed grant must start within 24 h of the consent, as one-time
    // grants must; its time-based part need not.
    let late_access = h.fresh_access(&late).await;
    google_error(
        &h.initiate(&late_access, &["chrome.autofill"]).await,
        403,
        "PERMISSION_DENIED",
    );
    h.initiate_ok(&late_access, &["myactivity.youtube"]).await;
    h.emu.control().set_cooldown(CooldownScope::PerResource);
    h.initiate_ok(&access, &["myactivity.maps"]).await;

    // A grant left without a time-based part is a one-time grant.
    let only = h.grant(&["chrome.bookmarks"], AccessChoice::Days30).await;
    assert!(
        only.body.get("refresh_token_expires_in").is_none(),
        "{}",
        only.body
    );
    let check = h
        .api_post(&only.access, "/v1/accessType:check", json!({}))
        .await;
    assert_eq!(
        check.json,
        json!({"oneTimeResources": ["chrome.bookmarks"]})
    );
}
