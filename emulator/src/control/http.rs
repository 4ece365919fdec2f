//! `/_emulator/…`: the admin endpoints, JSON in and out, mirroring [`super::Control`].

use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::json;

use super::Control;
use crate::faults::{Fault, Route};
use crate::settings::{
    AccessChoice, ConsentMode, CooldownScope, CooldownStatus, EntryCompression, HashHeaderForm,
    InitiateAfterConsent,
};
use crate::state::Shared;

pub fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route("/client_secret.json", get(client_secret))
        .route("/stats", get(stats))
        .route("/issued_tokens", get(issued_tokens))
        .route("/jobs", get(jobs))
        .route("/clock", get(clock))
        .route("/clock/advance", post(advance))
        .route("/clock/speed", post(speed))
        .route("/settings", get(settings).post(change_settings))
        .route("/groups/{group}", post(change_group))
        .route("/faults", get(faults).post(add_fault).delete(clear_faults))
        .route("/renew", post(renew))
}

fn control(shared: Arc<Shared>) -> Control {
    Control::new(shared)
}

fn bad(message: impl Into<String>) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({ "error": message.into() })),
    )
        .into_response()
}

/// Admin bodies are small JSON objects; an empty body is `{}`.
fn read<T: DeserializeOwned + Default>(body: &[u8]) -> Result<T, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body).map_err(|e| format!("invalid JSON: {e}"))
}

async fn client_secret(State(shared): State<Arc<Shared>>) -> Response {
    Json(control(shared).client_secret_file()).into_response()
}

async fn stats(State(shared): State<Arc<Shared>>) -> Response {
    Json(control(shared).stats()).into_response()
}

async fn issued_tokens(State(shared): State<Arc<Shared>>) -> Response {
    Json(control(shared).issued_tokens()).into_response()
}

async fn jobs(State(shared): State<Arc<Shared>>) -> Response {
    Json(control(shared).jobs()).into_response()
}

async fn clock(State(shared): State<Arc<Shared>>) -> Response {
    let control = control(shared);
    Json(json!({ "now": control.now(), "speed": control.speed() })).into_response()
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Advance {
    seconds: f64,
}

async fn advance(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let advance: Advance = match read(&body) {
        Ok(a) => a,
        Err(why) => return bad(why),
    };
    if !advance.seconds.is_finite() || advance.seconds < 0.0 {
        return bad("seconds must be a non-negative number");
    }
    let control = control(shared);
    control.advance(Duration::from_secs_f64(advance.seconds.min(1e12)));
    Json(json!({ "now": control.now() })).into_response()
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Speed {
    factor: f64,
}

async fn speed(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let speed: Speed = match read(&body) {
        Ok(s) => s,
        Err(why) => return bad(why),
    };
    if !speed.factor.is_finite() || speed.factor < 0.0 {
        return bad("factor must be a non-negative number");
    }
    let control = control(shared);
    control.set_speed(speed.factor);
    Json(json!({ "now": control.now(), "speed": control.speed() })).into_response()
}

async fn settings(State(shared): State<Arc<Shared>>) -> Response {
    Json(control(shared).config()).into_response()
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingsChange {
    consent: Option<ConsentMode>,
    access: Option<AccessChoice>,
    testing_client: Option<bool>,
    cooldown: Option<CooldownScope>,
    cooldown_status: Option<CooldownStatus>,
    initiate_after_consent: Option<InitiateAfterConsent>,
    mixed_access: Option<Vec<String>>,
    max_auth_url_len: Option<usize>,
    job_duration_secs: Option<f64>,
    archive_size: Option<u64>,
    part_count: Option<u32>,
    access_token_lifetime_secs: Option<u64>,
    hash_header: Option<HashHeaderForm>,
    composite_objects: Option<bool>,
    entry_compression: Option<EntryCompression>,
}

async fn change_settings(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let change: SettingsChange = match read(&body) {
        Ok(c) => c,
        Err(why) => return bad(why),
    };
    if let Some(secs) = change.job_duration_secs
        && (!secs.is_finite() || secs < 0.0)
    {
        return bad("job_duration_secs must be a non-negative number");
    }
    let control = control(shared);
    if let Some(mode) = change.consent {
        control.set_consent(mode);
    }
    if let Some(access) = change.access {
        control.set_access(access);
    }
    if let Some(on) = change.testing_client {
        control.set_testing_client(on);
    }
    if let Some(scope) = change.cooldown {
        control.set_cooldown(scope);
    }
    if let Some(status) = change.cooldown_status {
        control.set_cooldown_status(status);
    }
    if let Some(rule) = change.initiate_after_consent {
        control.set_initiate_after_consent(rule);
    }
    if let Some(groups) = change.mixed_access {
        control.set_mixed_access(groups);
    }
    if let Some(n) = change.max_auth_url_len {
        control.set_max_auth_url_len(n);
    }
    if let Some(secs) = change.job_duration_secs {
        control.set_job_duration(None, Duration::from_secs_f64(secs.min(1e12)));
    }
    if let Some(bytes) = change.archive_size {
        control.set_archive_size(None, bytes);
    }
    if let Some(parts) = change.part_count {
        control.set_part_count(None, parts);
    }
    if let Some(secs) = change.access_token_lifetime_secs {
        control.set_access_token_lifetime(Duration::from_secs(secs));
    }
    if let Some(form) = change.hash_header {
        control.set_hash_header(form);
    }
    if let Some(on) = change.composite_objects {
        control.set_composite_objects(on);
    }
    if let Some(compression) = change.entry_compression {
        control.set_entry_compression(compression);
    }
    Json(control.config()).into_response()
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupChange {
    job_duration_secs: Option<f64>,
    fail_next: Option<u32>,
    archive_size: Option<u64>,
    part_count: Option<u32>,
    deleted_until: Option<chrono::DateTime<chrono::Utc>>,
}

async fn change_group(
    State(shared): State<Arc<Shared>>,
    Path(group): Path<String>,
    body: Bytes,
) -> Response {
    let change: GroupChange = match read(&body) {
        Ok(c) => c,
        Err(why) => return bad(why),
    };
    if let Some(secs) = change.job_duration_secs
        && (!secs.is_finite() || secs < 0.0)
    {
        return bad("job_duration_secs must be a non-negative number");
    }
    let control = control(shared);
    if let Some(secs) = change.job_duration_secs {
        control.set_job_duration(Some(&group), Duration::from_secs_f64(secs.min(1e12)));
    }
    if let Some(n) = change.fail_next {
        control.fail_next_jobs(&group, n);
    }
    if let Some(bytes) = change.archive_size {
        control.set_archive_size(Some(&group), bytes);
    }
    if let Some(parts) = change.part_count {
        control.set_part_count(Some(&group), parts);
    }
    if let Some(until) = change.deleted_until {
        control.delete_history(&group, until);
    }
    Json(
        control
            .config()
            .groups
            .get(&group)
            .cloned()
            .unwrap_or_default(),
    )
    .into_response()
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RenewRequest {
    account: Option<String>,
}

async fn renew(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let request: RenewRequest = match read(&body) {
        Ok(r) => r,
        Err(why) => return bad(why),
    };
    match control(shared).renew(request.account.as_deref()) {
        Ok(renewed) => Json(json!({ "renewed": renewed })).into_response(),
        Err(why) => bad(why),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FaultRequest {
    route: String,
    fault: String,
    count: Option<u32>,
    status: Option<u16>,
    retry_after_secs: Option<u64>,
    bytes: Option<u64>,
    offset: Option<u64>,
    bytes_per_sec: Option<u64>,
}

impl FaultRequest {
    fn fault(&self) -> Result<Fault, String> {
        let need =
            |v: Option<u64>, name: &str| v.ok_or(format!("fault {} needs {name}", self.fault));
        Ok(match self.fault.as_str() {
            "status" => Fault::Status(self.status.ok_or("fault status needs status")?),
            "status_after_effect" => Fault::StatusAfterEffect(
                self.status
                    .ok_or("fault status_after_effect needs status")?,
            ),
            "rate_limit" => Fault::RateLimit {
                retry_after_secs: self.retry_after_secs.unwrap_or(1),
            },
            "reset_after" => Fault::ResetAfter(need(self.bytes, "bytes")?),
            "corrupt_byte" => Fault::CorruptByte(need(self.offset, "offset")?),
            "bandwidth" => Fault::Bandwidth(need(self.bytes_per_sec, "bytes_per_sec")?.max(1)),
            other => return Err(format!("unknown fault {other}")),
        })
    }
}

async fn add_fault(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let request: FaultRequest = match read(&body) {
        Ok(r) => r,
        Err(why) => return bad(why),
    };
    let Some(route) = Route::parse(&request.route) else {
        return bad(format!("unknown route {}", request.route));
    };
    let fault = match request.fault() {
        Ok(f) => f,
        Err(why) => return bad(why),
    };
    if let Fault::Status(code) | Fault::StatusAfterEffect(code) = fault
        && !(400..=599).contains(&code)
    {
        return bad("status must be an HTTP error code (400-599)");
    }
    if fault.is_body_fault() && route != Route::Storage {
        return bad("reset_after, corrupt_byte and bandwidth apply only to route storage");
    }
    let control = control(shared);
    control.inject_fault(route, fault, request.count.unwrap_or(1));
    faults_list(&control)
}

async fn faults(State(shared): State<Arc<Shared>>) -> Response {
    faults_list(&control(shared))
}

async fn clear_faults(State(shared): State<Arc<Shared>>) -> Response {
    let control = control(shared);
    control.clear_faults();
    faults_list(&control)
}

fn faults_list(control: &Control) -> Response {
    let pending: Vec<_> = control
        .pending_faults()
        .into_iter()
        .map(|(route, fault, remaining)| {
            json!({ "route": route, "fault": fault, "remaining": remaining })
        })
        .collect();
    Json(json!({ "pending": pending })).into_response()
}
