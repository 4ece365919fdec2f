//! Archive downloads that behave like Cloud Storage signed URLs: V4 query parameters, 6 h
//! expiry, 14 days of retention, Range, ETag and `x-goog-hash`.

mod body;
mod errors;
pub(crate) mod objects;
pub(crate) mod range;
mod signing;

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, SecondsFormat, Utc};

pub use objects::part_sizes_of;

use self::errors::XmlError;
use self::objects::{BUCKET, StoredObject, object_path, parse_object_path, spec_of};
use self::range::Wanted;
use self::signing::Refusal;
use crate::faults::{Fault, Route};
use crate::jobs::Job;
use crate::oauth::parse_pairs;
use crate::settings::HashHeaderForm;
use crate::state::Shared;

/// Freshly signed URLs for every part of a completed job.
pub fn signed_urls(shared: &Shared, job: &Job, now: DateTime<Utc>) -> Vec<String> {
    (0..job.parts)
        .map(|part| {
            signing::sign(
                &shared.signing_key,
                &shared.base_url,
                &object_path(&job.id, part, job.parts),
                now,
            )
        })
        .collect()
}

/// Lays out and hashes a completed job's objects in the background, as Cloud Storage has them
/// ready when the URLs are handed out; the first download then need not wait for hashing.
pub fn prepare(shared: &Arc<Shared>, job: &Job, now: DateTime<Utc>) {
    if !job.archives_available(now) {
        return;
    }
    for part in 0..job.parts {
        let spec = spec_of(job, part, shared.seed);
        let shared = shared.clone();
        tokio::spawn(async move {
            if let Err(why) = shared.objects.get(spec).await {
                tracing::error!("preparing an archive failed: {why}");
            }
        });
    }
}

pub async fn serve(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    shared.count(|s| s.storage_requests += 1);
    match shared.faults().take_answer(Route::Storage) {
        Some(Fault::Status(code)) | Some(Fault::StatusAfterEffect(code)) => {
            return XmlError::from_code(code).into_response();
        }
        Some(Fault::RateLimit { retry_after_secs }) => {
            let mut response = XmlError::from_code(429).into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
            return response;
        }
        _ => {}
    }
    match find_object(&shared, &uri).await {
        Ok((job, object)) => respond(&shared, &method, &headers, &job, object),
        Err(error) => error.into_response(),
    }
}

async fn find_object(shared: &Shared, uri: &Uri) -> Result<(Job, Arc<StoredObject>), XmlError> {
    let path = uri.path();
    let query = parse_pairs(uri.query().unwrap_or_default().as_bytes());
    let now = shared.now();
    signing::verify(&shared.signing_key, path, &query, now).map_err(|refusal| match refusal {
        Refusal::Anonymous => XmlError::new(403, "AccessDenied", "Access denied.").details(
            "Anonymous caller does not have storage.objects.get access to the Google Cloud \
             Storage object. Permission 'storage.objects.get' denied on resource (or it may \
             not exist).",
        ),
        Refusal::Malformed(why) => XmlError::new(
            400,
            "AuthorizationQueryParametersError",
            "Query-string authentication version 4 requires the X-Goog-Algorithm, \
             X-Goog-Credential, X-Goog-Date, X-Goog-Expires and X-Goog-SignedHeaders \
             parameters.",
        )
        .details(why),
        Refusal::Mismatch => XmlError::new(403, "SignatureDoesNotMatch", "Access denied.").details(
            "The request signature we calculated does not match the signature you provided. \
             Check your Google secret key and signing method.",
        ),
        Refusal::Expired { at } => {
            XmlError::new(400, "ExpiredToken", "Invalid argument.").details(format!(
                "Request signature expired at: {}",
                at.to_rfc3339_opts(SecondsFormat::Secs, false)
            ))
        }
    })?;
    let object_name = path
        .strip_prefix("/storage/")
        .and_then(|p| p.strip_prefix(BUCKET))
        .and_then(|p| p.strip_prefix('/'))
        .unwrap_or(path);
    let missing = || XmlError::no_such_key(BUCKET, object_name);
    let (job_id, part) = parse_object_path(path).ok_or_else(missing)?;
    let job = shared
        .world()
        .jobs
        .get(&job_id)
        .filter(|j| part < j.parts && j.archives_available(now))
        .cloned()
        .ok_or_else(missing)?;
    let object = shared
        .objects
        .get(spec_of(&job, part, shared.seed))
        .await
        .map_err(|why| {
            tracing::error!("archive {job_id} part {part}: {why}");
            XmlError::from_code(500)
        })?;
    Ok((job, object))
}

fn respond(
    shared: &Arc<Shared>,
    method: &Method,
    request: &HeaderMap,
    job: &Job,
    object: Arc<StoredObject>,
) -> Response {
    let len = object.len;
    let range = request.get(header::RANGE).and_then(|r| r.to_str().ok());
    let (status, start, end) = match range::wanted(range, len) {
        Wanted::Whole => (StatusCode::OK, 0, len),
        Wanted::Part { start, end } => (StatusCode::PARTIAL_CONTENT, start, end),
        Wanted::Unsatisfiable => {
            let mut response = XmlError::new(
                416,
                "InvalidRange",
                "The requested range cannot be satisfied.",
            )
            .details(range.unwrap_or_default().to_string())
            .into_response();
            response.headers_mut().insert(
                header::CONTENT_RANGE,
                header_value(&format!("bytes */{len}")),
            );
            return response;
        }
    };
    let composite = shared.world().config.composite_objects;
    let hash_form = shared.world().config.hash_header;
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/zip"),
    );
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(end - start));
    headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    headers.insert(header::ETAG, header_value(&etag(job, &object, composite)));
    headers.insert(
        header::LAST_MODIFIED,
        header_value(&job.ready_at.format("%a, %d %b %Y %H:%M:%S GMT").to_string()),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=0"),
    );
    let goog = |name: &'static str| HeaderName::from_static(name);
    headers.insert(
        goog("x-goog-generation"),
        HeaderValue::from(generation(job)),
    );
    headers.insert(goog("x-goog-metageneration"), HeaderValue::from_static("1"));
    headers.insert(goog("x-goog-stored-content-length"), HeaderValue::from(len));
    headers.insert(
        goog("x-goog-stored-content-encoding"),
        HeaderValue::from_static("identity"),
    );
    headers.insert(
        goog("x-goog-storage-class"),
        HeaderValue::from_static("STANDARD"),
    );
    let crc32c = format!(
        "crc32c={}",
        STANDARD.encode(object.hashes.crc32c.to_be_bytes())
    );
    let md5 = format!("md5={}", STANDARD.encode(object.hashes.md5));
    if composite {
        headers.insert(goog("x-goog-hash"), header_value(&crc32c));
        headers.insert(
            goog("x-goog-component-count"),
            HeaderValue::from(job.parts.max(2)),
        );
    } else {
        match hash_form {
            HashHeaderForm::Separate => {
                headers.append(goog("x-goog-hash"), header_value(&crc32c));
                headers.append(goog("x-goog-hash"), header_value(&md5));
            }
            HashHeaderForm::Joined => {
                headers.insert(
                    goog("x-goog-hash"),
                    header_value(&format!("{crc32c},{md5}")),
                );
            }
        }
    }
    if status == StatusCode::PARTIAL_CONTENT {
        headers.insert(
            header::CONTENT_RANGE,
            header_value(&format!("bytes {start}-{}/{len}", end - 1)),
        );
    }
    if *method == Method::HEAD {
        return (status, headers).into_response();
    }
    let faults = shared.faults().take_body(Route::Storage, start, end);
    let chunks = object.archive.clone().stream(start, end);
    let body = Body::from_stream(body::shaped(chunks, start, end, faults, shared.clone()));
    (status, headers, body).into_response()
}

/// Cloud Storage's ETag of a non-composite object is its md5 in hex; a composite object has
/// no md5, so its ETag is an opaque token of its generation.
fn etag(job: &Job, object: &StoredObject, composite: bool) -> String {
    if composite {
        let mut token = generation(job).to_be_bytes().to_vec();
        token.extend_from_slice(&[0x10, 0x01]);
        format!("\"{}\"", STANDARD.encode(token))
    } else {
        format!("\"{}\"", hex::encode(object.hashes.md5))
    }
}

/// Generations are microsecond timestamps of the object's creation.
fn generation(job: &Job) -> i64 {
    job.ready_at.timestamp_micros()
}

fn header_value(text: &str) -> HeaderValue {
    HeaderValue::from_str(text).unwrap_or_else(|_| HeaderValue::from_static(""))
}
