//! `portabilityArchive.initiate` and its rules: validation, scope coverage, a running job for
//! the same resources, one-time use and the 24 h window of time-based access.

use axum::response::Response;
use chrono::{DateTime, SecondsFormat, TimeDelta, Utc};
use serde::Serialize;

use super::body::{self, FieldName};
use crate::catalog;
use crate::clock::plus;
use crate::errors::{ApiError, ERROR_DOMAIN, google_json};
use crate::jobs::{Job, JobState, window_end};
use crate::settings::{CooldownScope, CooldownStatus, InitiateAfterConsent};
use crate::state::{Shared, World};
use crate::storage;
use crate::tokens::Caller;

const RESOURCES: FieldName = ("resources", "resources");
const START_TIME: FieldName = ("startTime", "start_time");
const END_TIME: FieldName = ("endTime", "end_time");

/// How long after the user's consent a grant may start its first export (where a rule applies).
const CONSENT_FRESHNESS: TimeDelta = TimeDelta::hours(24);

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct InitiateResponse {
    archive_job_id: String,
    access_type: &'static str,
}

pub fn initiate(shared: &Shared, caller: &Caller, body: &[u8]) -> Result<Response, ApiError> {
    let fields = body::parse(body, &[RESOURCES, START_TIME, END_TIME])?;
    let mut resources: Vec<String> = Vec::new();
    for name in body::string_list(&fields, RESOURCES)? {
        if !resources.contains(&name) {
            resources.push(name);
        }
    }
    let start_time = body::timestamp(&fields, START_TIME)?;
    let end_time = body::timestamp(&fields, END_TIME)?;
    validate(&resources, start_time, end_time)?;

    let missing: Vec<&str> = resources
        .iter()
        .filter(|r| !caller.resources.contains(r))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        return Err(ApiError::permission_denied(
            "The requested resources are not authorized by the OAuth token.",
        )
        .debug_info(format!(
            "Resources not granted by the OAuth token: {}",
            missing.join(", ")
        )));
    }

    let now = shared.now();
    let mut world = shared.world();
    // A job is time-based only if all its resources are; a mixed grant's one-time part follows
    // the one-time rules and the rest the time-based ones.
    let (one_time, timed): (Vec<String>, Vec<String>) = resources
        .iter()
        .cloned()
        .partition(|r| caller.is_one_time(r));
    let time_based = one_time.is_empty();
    refuse_stale_consent(&world, caller, !one_time.is_empty(), now)?;
    refuse_duplicate(&world, caller, &resources, now)?;
    if !one_time.is_empty() {
        refuse_second_one_time(&world, caller, &one_time)?;
    }
    if !timed.is_empty() {
        refuse_inside_window(&world, caller, &timed, now)?;
    }

    let job = new_job(
        &mut world,
        caller,
        resources,
        one_time,
        now,
        (start_time, end_time),
        shared.seed,
    );
    let response = InitiateResponse {
        archive_job_id: job.id.clone(),
        access_type: if time_based {
            "ACCESS_TYPE_TIME_BASED"
        } else {
            "ACCESS_TYPE_ONE_TIME"
        },
    };
    let groups = job.resources.clone();
    world.jobs.insert(job);
    world.tokens.note_job(caller.grant, !time_based);
    drop(world);
    shared.count(|s| s.job_created(&groups));
    Ok(google_json(&response))
}

fn validate(
    resources: &[String],
    start_time: Option<DateTime<Utc>>,
    end_time: Option<DateTime<Utc>>,
) -> Result<(), ApiError> {
    if resources.is_empty() {
        return Err(ApiError::invalid_argument(
            "At least one resource must be specified.",
        ));
    }
    if let Some(unknown) = resources.iter().find(|r| !catalog::is_known(r)) {
        return Err(ApiError::invalid_argument(format!(
            "Invalid resource: {unknown}"
        )));
    }
    if (start_time.is_some() || end_time.is_some())
        && let Some(unsupported) = resources.iter().find(|r| !catalog::supports_time_filter(r))
    {
        return Err(ApiError::invalid_argument(format!(
            "startTime and endTime are not supported for resource: {unsupported}"
        )));
    }
    if let (Some(start), Some(end)) = (start_time, end_time)
        && start > end
    {
        return Err(ApiError::invalid_argument(
            "startTime must not be later than endTime.",
        ));
    }
    Ok(())
}

/// "Initiate within 24 h of the user's consent": which grants this binds is a setting.
/// `one_time`: the request would export with one-time access.
fn refuse_stale_consent(
    world: &World,
    caller: &Caller,
    one_time: bool,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let Some(grant) = world.tokens.grant(caller.grant) else {
        return Ok(());
    };
    let bound = match world.config.initiate_after_consent {
        InitiateAfterConsent::Unlimited => false,
        InitiateAfterConsent::OneTimeWithin24h => one_time && !grant.created_one_time_job,
        InitiateAfterConsent::FirstWithin24h => !grant.created_job,
    };
    let deadline = plus(grant.consented_at, CONSENT_FRESHNESS);
    if !bound || now <= deadline {
        return Ok(());
    }
    let stamp = |t: DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Secs, true);
    Err(ApiError::permission_denied(
        "The authorization is too old to start an export: exports must be initiated within 24          hours of the user's consent. Ask the user to consent again.",
    )
    .debug_info(format!(
        "Consent given at {}; the first export had to start by {}.",
        stamp(grant.consented_at),
        stamp(deadline)
    )))
}

fn refuse_duplicate(
    world: &World,
    caller: &Caller,
    resources: &[String],
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let running = world
        .jobs
        .of(&caller.client_id, &caller.user)
        .filter(|j| j.state(now) == JobState::InProgress && j.same_resources(resources))
        .last();
    let Some(job) = running else {
        return Ok(());
    };
    let reason = if job.time_based {
        "ALREADY_EXISTS_TIME_BASED"
    } else {
        "ALREADY_EXISTS_ONE_TIME"
    };
    Err(ApiError::already_exists(format!(
        "An archive job for the requested resources is already in progress: {}.",
        job.id
    ))
    .error_info(reason, ERROR_DOMAIN, &[("job_id", job.id.clone())]))
}

fn refuse_second_one_time(
    world: &World,
    caller: &Caller,
    resources: &[String],
) -> Result<(), ApiError> {
    let previous: Vec<&Job> = world
        .jobs
        .of(&caller.client_id, &caller.user)
        .filter(|j| resources.iter().any(|r| j.used_one_time(r)))
        .collect();
    if previous.is_empty() {
        return Ok(());
    }
    Err(ApiError::resource_exhausted(
        "Requested resources have already been exported. One-time access allows a single \
         export; reset the authorization and ask for consent again to export them again.",
    )
    .error_info(
        "RESOURCE_EXHAUSTED_ONE_TIME",
        ERROR_DOMAIN,
        &[("previous_job_ids", ids(&previous))],
    ))
}

fn refuse_inside_window(
    world: &World,
    caller: &Caller,
    resources: &[String],
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let per_resource = world.config.cooldown == CooldownScope::PerResource;
    let holders: Vec<&Job> = world
        .jobs
        .of(&caller.client_id, &caller.user)
        .filter(|j| j.holds_window(now))
        .filter(|j| !per_resource || j.time_based_resources().any(|r| resources.contains(r)))
        .collect();
    let Some(until) = holders.iter().map(|j| window_end(j.requested_at)).max() else {
        return Ok(());
    };
    let until = until.to_rfc3339_opts(SecondsFormat::Secs, true);
    let message = format!(
        "Requested resources have already been exported. You can initiate another export \
         after {until}."
    );
    Err(match world.config.cooldown_status {
        CooldownStatus::ResourceExhausted => ApiError::resource_exhausted(message).error_info(
            "RESOURCE_EXHAUSTED_TIME_BASED",
            ERROR_DOMAIN,
            &[
                ("previous_job_ids", ids(&holders)),
                ("timestamp_after_24hrs", until),
            ],
        ),
        CooldownStatus::FailedPrecondition => ApiError::failed_precondition(message),
    })
}

/// Comma-separated, most recent last.
fn ids(jobs: &[&Job]) -> String {
    let mut sorted: Vec<&&Job> = jobs.iter().collect();
    sorted.sort_by_key(|j| j.requested_at);
    sorted
        .iter()
        .map(|j| j.id.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

fn new_job(
    world: &mut World,
    caller: &Caller,
    resources: Vec<String>,
    one_time_resources: Vec<String>,
    now: DateTime<Utc>,
    (start_time, end_time): (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
    seed: u64,
) -> Job {
    let id = world.ids.job_id();
    let timing = JobTiming::for_groups(world, &resources, now);
    let deleted_until = world.config.deleted_until_of(&resources);
    let mut job = Job {
        id: id.clone(),
        client_id: caller.client_id.clone(),
        user: caller.user.clone(),
        resources,
        time_based: one_time_resources.is_empty(),
        one_time_resources,
        requested_at: now,
        start_time,
        export_time: end_time.unwrap_or(now),
        ready_at: timing.ready_at,
        fails: timing.fails,
        cancelled_at: None,
        origin: id,
        retries: 0,
        from_initiate: true,
        released: false,
        archives_removed: false,
        total_size: timing.total_size,
        parts: timing.parts,
        part_sizes: Vec::new(),
        compression: world.config.entry_compression,
        history_since: world.history_since,
        deleted_until,
    };
    job.part_sizes = storage::part_sizes_of(&job, timing.total_size, seed);
    job
}

/// How a new job (first run or retry) will run, from the per-group settings in force.
pub struct JobTiming {
    pub ready_at: DateTime<Utc>,
    pub fails: bool,
    /// Bytes of the whole archive (all parts).
    pub total_size: u64,
    pub parts: u32,
}

impl JobTiming {
    /// The slowest group sets the duration; sizes add up, and the archive has the most parts any
    /// group asks for.
    pub fn for_groups(world: &mut World, groups: &[String], now: DateTime<Utc>) -> JobTiming {
        let config = &world.config;
        let duration = groups
            .iter()
            .map(|g| config.job_duration_of(g))
            .max()
            .unwrap_or(config.job_duration);
        let total: u64 = groups
            .iter()
            .map(|g| config.archive_size_of(g))
            .fold(0u64, u64::saturating_add);
        let parts = groups
            .iter()
            .map(|g| config.part_count_of(g))
            .max()
            .unwrap_or(1)
            .max(1);
        let fails = world.config.take_failure(groups);
        JobTiming {
            ready_at: crate::clock::after(now, duration),
            fails,
            total_size: total,
            parts,
        }
    }
}
