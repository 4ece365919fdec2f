//! The Data Portability API v1 at Google's paths. The `:verb` suffixes share a path segment with
//! the resource, so one catch-all route parses the path itself.

mod auth;
mod body;
mod initiate;
mod jobs;
mod reset_check;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use crate::errors::{ApiError, stock_message};
use crate::faults::{Fault, Route};
use crate::state::Shared;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Call {
    Initiate,
    State(String),
    Retry(String),
    Cancel(String),
    Reset,
    Check,
}

impl Call {
    fn parse(method: &Method, path: &str) -> Option<Call> {
        let rest = path.strip_prefix("/v1/")?;
        let post = *method == Method::POST;
        match rest {
            "portabilityArchive:initiate" if post => return Some(Call::Initiate),
            "authorization:reset" if post => return Some(Call::Reset),
            "accessType:check" if post => return Some(Call::Check),
            _ => {}
        }
        let job = rest.strip_prefix("archiveJobs/")?;
        if *method == Method::GET {
            let id = job.strip_suffix("/portabilityArchiveState")?;
            return (!id.is_empty()).then(|| Call::State(id.to_string()));
        }
        if !post {
            return None;
        }
        let (id, verb) = job.rsplit_once(':')?;
        if id.is_empty() || id.contains('/') {
            return None;
        }
        match verb {
            "retry" => Some(Call::Retry(id.to_string())),
            "cancel" => Some(Call::Cancel(id.to_string())),
            _ => None,
        }
    }

    fn route(&self) -> Route {
        match self {
            Call::Initiate => Route::Initiate,
            Call::State(_) => Route::State,
            Call::Retry(_) => Route::Retry,
            Call::Cancel(_) => Route::Cancel,
            Call::Reset => Route::Reset,
            Call::Check => Route::CheckAccessType,
        }
    }
}

pub async fn dispatch(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = percent_decode(uri.path());
    let Some(call) = Call::parse(&method, &path) else {
        return not_found_page(uri.path());
    };
    count(&shared, &call, &body);
    let fault = shared.faults().take_answer(call.route());
    match fault {
        Some(Fault::Status(code)) => return ApiError::from_code(code).into_response(),
        Some(Fault::RateLimit { retry_after_secs }) => {
            return ApiError::resource_exhausted(stock_message(429))
                .with_retry_after(retry_after_secs)
                .into_response();
        }
        _ => {}
    }
    let query = uri.query().unwrap_or_default();
    let result = auth::authenticate(&shared, &headers, query).and_then(|caller| match &call {
        Call::Initiate => initiate::initiate(&shared, &caller, &body),
        Call::State(id) => jobs::state(&shared, &caller, id),
        Call::Retry(id) => jobs::retry(&shared, &caller, id, &body),
        Call::Cancel(id) => jobs::cancel(&shared, &caller, id, &body),
        Call::Reset => reset_check::reset(&shared, &caller, &body),
        Call::Check => reset_check::check(&caller, &body),
    });
    if let Some(Fault::StatusAfterEffect(code)) = fault {
        return ApiError::from_code(code).into_response();
    }
    match result {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

fn count(shared: &Shared, call: &Call, body: &[u8]) {
    let groups = match call {
        Call::Initiate => body::named_resources(body),
        _ => Vec::new(),
    };
    shared.count(|s| match call {
        Call::Initiate => {
            s.initiate_requests += 1;
            for group in groups {
                *s.initiate_calls.entry(group).or_default() += 1;
            }
        }
        Call::State(_) => s.state_calls += 1,
        Call::Retry(_) => s.retry_calls += 1,
        Call::Cancel(_) => s.cancel_calls += 1,
        Call::Reset => s.reset_calls += 1,
        Call::Check => s.check_calls += 1,
    });
}

/// Google's front end answers unknown paths and wrong methods with its HTML 404 page.
fn not_found_page(path: &str) -> Response {
    let body = format!(
        "<!DOCTYPE html>\n<html lang=en><meta charset=utf-8><title>Error 404 (Not Found)!!1</title>\
         <p><b>404.</b> <ins>That’s an error.</ins><p>The requested URL <code>{}</code> was not \
         found on this server. <ins>That’s all we know.</ins>\n",
        crate::oauth::escape_html(path)
    );
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/html; charset=UTF-8")],
        body,
    )
        .into_response()
}

/// Decodes `%XX` (clients may send `%3A` for the colon); invalid escapes stay as they are.
fn percent_decode(path: &str) -> String {
    percent_encoding::percent_decode_str(path)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_parse_like_the_discovery_document() {
        let post = Method::POST;
        assert_eq!(
            Call::parse(&post, "/v1/portabilityArchive:initiate"),
            Some(Call::Initiate)
        );
        assert_eq!(
            Call::parse(&Method::GET, "/v1/archiveJobs/abc/portabilityArchiveState"),
            Some(Call::State("abc".into()))
        );
        assert_eq!(
            Call::parse(&post, "/v1/archiveJobs/abc:retry"),
            Some(Call::Retry("abc".into()))
        );
        assert_eq!(
            Call::parse(&post, "/v1/archiveJobs/abc:cancel"),
            Some(Call::Cancel("abc".into()))
        );
        assert_eq!(
            Call::parse(&post, "/v1/authorization:reset"),
            Some(Call::Reset)
        );
        assert_eq!(
            Call::parse(&post, "/v1/accessType:check"),
            Some(Call::Check)
        );
        assert_eq!(
            Call::parse(&Method::GET, "/v1/portabilityArchive:initiate"),
            None
        );
        assert_eq!(Call::parse(&post, "/v1/archiveJobs/abc:delete"), None);
        assert_eq!(
            percent_decode("/v1/accessType%3Acheck"),
            "/v1/accessType:check"
        );
        assert_eq!(percent_decode("/a%2"), "/a%2");
    }
}
