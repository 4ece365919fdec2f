//! The HTML Google shows in the browser: its error page and the Data Portability consent screen.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};

use crate::catalog;
use crate::settings::AccessChoice;

/// An error Google shows on its own page; the app is never redirected to.
#[derive(Debug, Clone)]
pub struct ErrorPage {
    pub status: u16,
    /// `invalid_request`, `invalid_client`, …; `None` for the bare front-end error.
    pub error: Option<&'static str>,
    pub detail: String,
}

impl ErrorPage {
    pub fn new(status: u16, error: &'static str, detail: impl Into<String>) -> ErrorPage {
        ErrorPage {
            status,
            error: Some(error),
            detail: detail.into(),
        }
    }

    pub fn invalid_request(detail: impl Into<String>) -> ErrorPage {
        ErrorPage::new(400, "invalid_request", detail)
    }

    /// The front end's plain "That's an error." page, without an OAuth error code.
    pub fn front_end(status: u16, detail: impl Into<String>) -> ErrorPage {
        ErrorPage {
            status,
            error: None,
            detail: detail.into(),
        }
    }
}

impl IntoResponse for ErrorPage {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::BAD_REQUEST);
        let detail = escape(&self.detail);
        let body = match self.error {
            Some(error) => {
                let headline = if error == "invalid_client" {
                    "Access blocked: Authorization Error"
                } else {
                    "Access blocked: This app’s request is invalid"
                };
                format!(
                    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
                     <title>Error {code}: {error}</title></head><body>\
                     <h1>Sign in with Google</h1><h2 id=\"headline\">{headline}</h2>\
                     <p id=\"detail\">{detail}</p>\
                     <p id=\"error-code\">Error {code}: {error}</p>\
                     </body></html>\n",
                    code = self.status,
                )
            }
            None => format!(
                "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
                 <title>Error {code} (Bad Request)!!1</title></head><body>\
                 <p><b>{code}.</b> <ins>That’s an error.</ins></p>\
                 <p id=\"detail\">{detail} <ins>That’s all we know.</ins></p>\
                 </body></html>\n",
                code = self.status,
            ),
        };
        (
            status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            body,
        )
            .into_response()
    }
}

pub struct ConsentView<'a> {
    pub consent_id: &'a str,
    pub user: &'a str,
    pub resources: &'a [String],
    pub preselected: AccessChoice,
}

/// Scopes as ticked checkboxes, the access duration as radios; element ids and names are stable
/// so WebDriver tests can drive the page. "Allow" comes first so that Enter submits it.
pub fn consent_page(view: &ConsentView<'_>) -> Response {
    let mut scopes = String::new();
    for resource in view.resources {
        let description = catalog::find(resource)
            .map(|r| r.description.as_str())
            .unwrap_or(resource.as_str());
        let scope = catalog::scope_of(resource);
        scopes.push_str(&format!(
            "<li><label><input type=\"checkbox\" name=\"scope\" value=\"{scope}\" \
             id=\"scope-{id}\" checked> {description}</label> <code>{resource}</code></li>\n",
            scope = escape(&scope),
            id = escape(resource),
            description = escape(description),
            resource = escape(resource),
        ));
    }
    let radio = |value: &str, label: &str, choice: AccessChoice| {
        let checked = if view.preselected == choice {
            " checked"
        } else {
            ""
        };
        format!(
            "<li><label><input type=\"radio\" name=\"access\" value=\"{value}\" \
             id=\"access-{value}\"{checked}> {label}</label></li>\n"
        )
    };
    let body = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Sign in - Google Accounts</title></head><body>\n\
         <h1>Carryout emulator wants to access your Google Account</h1>\n\
         <p id=\"account\">{user}</p>\n\
         <form method=\"post\" action=\"/o/oauth2/consent\" id=\"consent\">\n\
         <input type=\"hidden\" name=\"consent_id\" value=\"{consent_id}\">\n\
         <p>Select what the app can move a copy of:</p>\n<ul id=\"scopes\">\n{scopes}</ul>\n\
         <p>How long may it keep access?</p>\n<ul id=\"access\">\n{one}{d30}{d180}</ul>\n\
         <button type=\"submit\" name=\"action\" value=\"allow\" id=\"allow\">Allow</button>\n\
         <button type=\"submit\" name=\"action\" value=\"deny\" id=\"deny\">Cancel</button>\n\
         </form></body></html>\n",
        user = escape(view.user),
        consent_id = escape(view.consent_id),
        one = radio("one-time", "Only this time", AccessChoice::OneTime),
        d30 = radio("30d", "30 days", AccessChoice::Days30),
        d180 = radio("180d", "180 days", AccessChoice::Days180),
    );
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache, no-store, max-age=0"),
        ],
        body,
    )
        .into_response()
}

/// A page of the Google Account (not the sign-in flow): a headline and one message.
pub fn account_page(status: u16, title: &str, message: &str) -> Response {
    let body = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>{title} - Google Account</title></head><body>\n\
         <h1 id=\"headline\">{title}</h1>\n<p id=\"status\">{message}</p>\n</body></html>\n",
        title = escape(title),
        message = escape(message),
    );
    html(status, body)
}

/// A time-based grant as the renewal page lists it.
pub struct RenewalGrant {
    pub access: AccessChoice,
    pub resources: Vec<String>,
    pub ends: DateTime<Utc>,
    /// `None`: renewable now.
    pub renewable_from: Option<DateTime<Utc>>,
}

pub struct RenewalView<'a> {
    pub user: &'a str,
    /// The form's single-use id; `None` when nothing can be renewed now (no form).
    pub renewal_id: Option<&'a str>,
    pub grants: &'a [RenewalGrant],
}

/// The app's time-based grants with their ends, and a `#renew` button when one is renewable.
pub fn renewal_page(view: &RenewalView<'_>) -> Response {
    let day = |t: DateTime<Utc>| t.format("%Y-%m-%d %H:%M UTC").to_string();
    let mut grants = String::new();
    for grant in view.grants {
        let what = grant
            .resources
            .iter()
            .map(|r| {
                let title = catalog::find(r).map_or(r.as_str(), |c| c.description.as_str());
                format!("{} <code>{}</code>", escape(title), escape(r))
            })
            .collect::<Vec<_>>()
            .join(", ");
        let duration = match grant.access {
            AccessChoice::Days180 => "180 days",
            AccessChoice::Days30 => "30 days",
            AccessChoice::OneTime => "one time",
        };
        let when = match grant.renewable_from {
            None => "can be renewed now".to_string(),
            Some(from) => format!("cannot be renewed yet: renewal opens on {}", day(from)),
        };
        grants.push_str(&format!(
            "<li class=\"grant\">{what}; access for {duration}, ends on {ends}; {when}</li>\n",
            ends = day(grant.ends),
        ));
    }
    let action = match (
        view.renewal_id,
        view.grants.iter().filter_map(|g| g.renewable_from).min(),
    ) {
        (Some(id), _) => format!(
            "<form method=\"post\" action=\"/connections/link\" id=\"renewal\">\n\
             <input type=\"hidden\" name=\"renewal_id\" value=\"{id}\">\n\
             <p>Renewing keeps the app's access for as long again as you first chose, from \
             today.</p>\n\
             <button type=\"submit\" name=\"action\" value=\"renew\" id=\"renew\">Renew \
             access</button>\n\
             <button type=\"submit\" name=\"action\" value=\"cancel\" id=\"cancel\">Cancel\
             </button>\n</form>\n",
            id = escape(id),
        ),
        (None, Some(from)) => format!(
            "<p id=\"status\">This access cannot be renewed yet. You can renew it from {} (90 \
             days before it ends).</p>\n",
            day(from)
        ),
        (None, None) => "<p id=\"status\">This app has no time-based access to your Google \
                         Account to renew.</p>\n"
            .to_string(),
    };
    let body = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Renew access - Google Account</title></head><body>\n\
         <h1>Carryout emulator has time-based access to your Google Account</h1>\n\
         <p id=\"account\">{user}</p>\n<ul id=\"grants\">\n{grants}</ul>\n{action}\
         </body></html>\n",
        user = escape(view.user),
    );
    html(200, body)
}

fn html(status: u16, body: String) -> Response {
    (
        StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache, no-store, max-age=0"),
        ],
        body,
    )
        .into_response()
}

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
