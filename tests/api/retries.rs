//! Which failures the client repeats, and how long it waits.

use std::time::Duration;

use carryout::api::{ApiError, InitiateRequest, Problem};
use carryout_emulator::{Fault, Route};

use crate::common::start;
use crate::jobs::google;

#[tokio::test]
async fn state_reads_ride_out_server_errors() {
    let h = start().await;
    let tokens = h.consent(&["youtube.comments"]).await;
    let job = h
        .api
        .initiate(&tokens.access, &InitiateRequest::new(["youtube.comments"]))
        .await
        .unwrap()
        .archive_job_id;
    h.emulator
        .control()
        .inject_fault(Route::State, Fault::Status(503), 2);
    h.emulator
        .control()
        .inject_fault(Route::State, Fault::Status(500), 1);
    h.api.archive_state(&tokens.access, &job).await.unwrap();
    assert_eq!(h.clock.sleeps().len(), 3, "three failures, three backoffs");
    assert!(
        h.clock
            .sleeps()
            .iter()
            .all(|s| *s <= Duration::from_secs(30))
    );
    assert_eq!(h.emulator.control().stats().state_calls, 4);
}

#[tokio::test]
async fn rate_limits_wait_exactly_as_long_as_retry_after_says() {
    let h = start().await;
    let tokens = h.consent(&["youtube.comments"]).await;
    let control = h.emulator.control();
    control.inject_fault(
        Route::CheckAccessType,
        Fault::RateLimit {
            retry_after_secs: 7,
        },
        1,
    );
    h.api.check_access_type(&tokens.access).await.unwrap();
    assert_eq!(h.clock.sleeps(), vec![Duration::from_secs(7)]);
}

#[tokio::test]
async fn state_reads_give_up_after_the_last_attempt() {
    let h = start().await;
    let tokens = h.consent(&["youtube.comments"]).await;
    let job = h
        .api
        .initiate(&tokens.access, &InitiateRequest::new(["youtube.comments"]))
        .await
        .unwrap()
        .archive_job_id;
    h.emulator
        .control()
        .inject_fault(Route::State, Fault::Status(503), 100);
    let error = h.api.archive_state(&tokens.access, &job).await.unwrap_err();
    assert_eq!(google(&error).http, 503);
    assert_eq!(h.clock.sleeps().len(), 5, "six attempts in all");
}

#[tokio::test]
async fn initiate_is_retried_after_a_rate_limit_that_created_nothing() {
    let h = start().await;
    let tokens = h.consent(&["maps.reviews"]).await;
    let control = h.emulator.control();
    control.inject_fault(
        Route::Initiate,
        Fault::RateLimit {
            retry_after_secs: 3,
        },
        1,
    );
    h.api
        .initiate(&tokens.access, &InitiateRequest::new(["maps.reviews"]))
        .await
        .unwrap();
    assert_eq!(h.clock.sleeps(), vec![Duration::from_secs(3)]);
    assert_eq!(control.stats().initiate_calls.get("maps.reviews"), Some(&2));
}

#[tokio::test]
async fn initiate_is_never_repeated_after_a_server_error() {
    let h = start().await;
    let tokens = h.consent(&["maps.reviews"]).await;
    let control = h.emulator.control();
    control.inject_fault(Route::Initiate, Fault::Status(503), 1);
    let error = h
        .api
        .initiate(&tokens.access, &InitiateRequest::new(["maps.reviews"]))
        .await
        .unwrap_err();
    assert_eq!(google(&error).http, 503);
    assert!(h.clock.sleeps().is_empty());
    assert_eq!(control.stats().initiate_calls.get("maps.reviews"), Some(&1));
}

#[tokio::test]
async fn exhausted_one_time_access_is_never_retried() {
    let h = start().await;
    let tokens = h.consent(&["maps.reviews"]).await;
    let request = InitiateRequest::new(["maps.reviews"]);
    h.api.initiate(&tokens.access, &request).await.unwrap();
    h.advance(600);
    let error = h.api.initiate(&tokens.access, &request).await.unwrap_err();
    assert!(matches!(
        google(&error).problem,
        Problem::OneTimeUsed { .. }
    ));
    assert!(h.clock.sleeps().is_empty());
}

#[tokio::test]
async fn an_unreachable_api_is_a_transport_error() {
    let h = start().await;
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", closed.local_addr().unwrap());
    drop(closed);
    let api = carryout::api::DataPortability::new(
        url::Url::parse(&url).unwrap(),
        std::sync::Arc::new(h.clock.clone()),
    )
    .unwrap();
    let tokens = h.consent(&["maps.reviews"]).await;
    let error = api.check_access_type(&tokens.access).await.unwrap_err();
    assert!(matches!(error, ApiError::Transport(_)), "{error:?}");
}
