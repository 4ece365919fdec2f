//! `authorization.reset` and `accessType.check`: calls about the grant rather than a job.

use axum::response::Response;
use serde::Serialize;

use super::body;
use crate::errors::{ApiError, google_json};
use crate::state::Shared;
use crate::tokens::Caller;

#[derive(Serialize)]
struct Empty {}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CheckAccessTypeResponse {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    one_time_resources: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    time_based_resources: Vec<String>,
}

/// Revokes every token of this user and client, frees one-time use and the 24 h windows, and
/// deletes their archives.
pub fn reset(shared: &Shared, caller: &Caller, body: &[u8]) -> Result<Response, ApiError> {
    body::parse(body, &[])?;
    let mut removed = Vec::new();
    {
        let mut world = shared.world();
        world.tokens.revoke_all(&caller.client_id, &caller.user);
        for job in world.jobs.of_mut(&caller.client_id, &caller.user) {
            job.released = true;
            job.archives_removed = true;
            removed.push(job.id.clone());
        }
    }
    shared.objects.forget_jobs(&removed);
    Ok(google_json(&Empty {}))
}

pub fn check(caller: &Caller, body: &[u8]) -> Result<Response, ApiError> {
    body::parse(body, &[])?;
    let (one_time_resources, time_based_resources) = caller
        .resources
        .iter()
        .cloned()
        .partition(|r| caller.is_one_time(r));
    Ok(google_json(&CheckAccessTypeResponse {
        one_time_resources,
        time_based_resources,
    }))
}
