//! The HTML Google shows in the browser: its error page and the Data Portability consent screen.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

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
