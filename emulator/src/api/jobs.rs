//! `archiveJobs.getPortabilityArchiveState`, `archiveJobs.retry` and `archiveJobs.cancel`.

use std::sync::Arc;

use axum::response::Response;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use super::body;
use super::initiate::JobTiming;
use crate::errors::{ApiError, google_json};
use crate::jobs::{Job, JobState, MAX_RETRIES};
use crate::state::Shared;
use crate::storage;
use crate::tokens::Caller;

/// proto3 JSON: absent and empty fields are left out.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArchiveState {
    name: String,
    state: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    urls: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_time: Option<String>,
    export_time: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RetryResponse {
    archive_job_id: String,
}

#[derive(Serialize)]
struct Empty {}

/// Google's Timestamp JSON: UTC `Z`, with 0, 3, 6 or 9 fractional digits as needed.
pub fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

fn not_found(id: &str) -> ApiError {
    ApiError::not_found(format!("Archive job not found: {id}"))
}

pub fn state(shared: &Arc<Shared>, caller: &Caller, id: &str) -> Result<Response, ApiError> {
    let now = shared.now();
    let job = shared
        .world()
        .jobs
        .visible(id, &caller.client_id, &caller.user)
        .cloned()
        .ok_or_else(|| not_found(id))?;
    let state = job.state(now);
    let urls = if state == JobState::Complete {
        storage::prepare(shared, &job, now);
        storage::signed_urls(shared, &job, now)
    } else {
        Vec::new()
    };
    Ok(google_json(&ArchiveState {
        name: format!("archiveJobs/{}/portabilityArchiveState", job.id),
        state: state.as_str(),
        urls,
        start_time: job.start_time.map(timestamp),
        export_time: timestamp(job.export_time),
    }))
}

pub fn retry(
    shared: &Shared,
    caller: &Caller,
    id: &str,
    body: &[u8],
) -> Result<Response, ApiError> {
    body::parse(body, &[])?;
    let now = shared.now();
    let mut world = shared.world();
    let job = world
        .jobs
        .visible(id, &caller.client_id, &caller.user)
        .cloned()
        .ok_or_else(|| not_found(id))?;
    if job.state(now) != JobState::Failed {
        return Err(ApiError::failed_precondition(format!(
            "Only a FAILED archive job can be retried; this one is {}.",
            job.state(now).as_str()
        )));
    }
    let retries = world.jobs.get(&job.origin).map_or(0, |o| o.retries);
    if retries >= MAX_RETRIES {
        return Err(ApiError::failed_precondition(format!(
            "This archive job has already been retried {MAX_RETRIES} times."
        )));
    }
    if let Some(origin) = world.jobs.get_mut(&job.origin) {
        origin.retries += 1;
    }
    let timing = JobTiming::for_groups(&mut world, &job.resources, now);
    let groups = job.resources.clone();
    let new_id = world.ids.job_id();
    let mut new_job = Job {
        id: new_id.clone(),
        requested_at: now,
        ready_at: timing.ready_at,
        fails: timing.fails,
        cancelled_at: None,
        retries: 0,
        from_initiate: false,
        released: false,
        archives_removed: false,
        // Google exports the account as it stands at the retry.
        deleted_until: world.config.deleted_until_of(&job.resources),
        compression: world.config.entry_compression,
        ..job
    };
    // Same size and parts as the job retried; the index part's size depends on the job id.
    new_job.part_sizes = storage::part_sizes_of(&new_job, new_job.total_size, shared.seed);
    world.jobs.insert(new_job);
    drop(world);
    shared.count(|s| s.job_created(&groups));
    Ok(google_json(&RetryResponse {
        archive_job_id: new_id,
    }))
}

pub fn cancel(
    shared: &Shared,
    caller: &Caller,
    id: &str,
    body: &[u8],
) -> Result<Response, ApiError> {
    body::parse(body, &[])?;
    let now = shared.now();
    let mut world = shared.world();
    let job = world
        .jobs
        .visible(id, &caller.client_id, &caller.user)
        .ok_or_else(|| not_found(id))?;
    let state = job.state(now);
    if state != JobState::InProgress || !job.time_based {
        let why = if job.time_based {
            format!("this one is {}", state.as_str())
        } else {
            "this one was started with one-time access".to_string()
        };
        return Err(ApiError::failed_precondition(format!(
            "Only an IN_PROGRESS archive job started with time-based access can be cancelled; \
             {why}."
        )));
    }
    if let Some(job) = world.jobs.get_mut(id) {
        job.cancelled_at = Some(now);
    }
    Ok(google_json(&Empty {}))
}
