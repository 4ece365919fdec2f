//! Consent in the system browser through the opener plugin.

use carryout::auth::{LoginOptions, LoginReport};
use carryout::catalog::GroupId;
use carryout::desktop::pages;
use carryout::desktop::profile::Profile;
use carryout::engine::{BackupReport, Consent, ExportRequest};
use carryout::failure::Problem;
use carryout::progress::ProgressEvent;
use tauri::AppHandle;
use tauri::ipc::Channel;
use tauri_plugin_opener::OpenerExt;
use url::Url;

/// Consents for `groups` (`again`: even for those a sign-in covers).
pub async fn sign_in(
    app: &AppHandle,
    profile: &Profile,
    groups: &[GroupId],
    again: bool,
    events: &Channel<ProgressEvent>,
) -> Result<LoginReport, Problem> {
    let open = |url: &Url| open_in_browser(app, profile, url);
    let progress = forward(events);
    let options = LoginOptions {
        again,
        ..LoginOptions::default()
    };
    profile
        .session
        .auth
        .login(groups, &open, &progress, &options)
        .await
        .map_err(Problem::from)
}

/// Backs up `groups` under the core's one rule, its consent in the system browser.
pub async fn backup(
    app: &AppHandle,
    profile: &Profile,
    groups: Vec<GroupId>,
    events: &Channel<ProgressEvent>,
) -> Result<BackupReport, Problem> {
    let open = |url: &Url| open_in_browser(app, profile, url);
    let progress = forward(events);
    let consent = Consent {
        open: &open,
        progress: &progress,
        options: LoginOptions::default(),
    };
    let request = ExportRequest {
        groups,
        ..ExportRequest::default()
    };
    Ok(profile.engine()?.backup(&request, Some(consent)).await?)
}

/// A consent's progress, sent to the window.
fn forward(events: &Channel<ProgressEvent>) -> impl Fn(ProgressEvent) + Send + Sync + '_ {
    move |event| {
        let _ = events.send(event);
    }
}

/// Opens a Google page (consent, renewal) in the system browser.
pub fn open_in_browser(app: &AppHandle, profile: &Profile, url: &Url) -> Result<(), String> {
    pages::open_google_page(&profile.session, url, |url| {
        let opened = app.opener().open_url(url.as_str(), None::<&str>);
        opened.map_err(|error| error.to_string())
    })
}
