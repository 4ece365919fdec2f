//! Consent in the system browser through the opener plugin. In a debug build,
//! `CARRYOUT_OPEN_URLS_TO=<file>` makes the app write each URL there instead (the end-to-end
//! tests play the browser).

use std::io::Write;

use carryout::auth::{LoginOptions, LoginReport};
use carryout::catalog::GroupId;
use carryout::engine::{BackupReport, Consent, ExportRequest};
use carryout::failure::Problem;
use carryout::progress::ProgressEvent;
use carryout::test_switch;
use tauri::AppHandle;
use tauri::ipc::Channel;
use tauri_plugin_opener::OpenerExt;
use url::Url;

use crate::profile::Profile;

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
    let demo = profile.session.demo.as_ref();
    if let Some(log) = test_switch::var_os(test_switch::OPEN_URLS_TO) {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .map_err(|e| e.to_string())?;
        return writeln!(file, "{url}").map_err(|e| e.to_string());
    }
    let opened = app.opener().open_url(url.as_str(), None::<&str>);
    match (opened, demo) {
        (Ok(()), _) => Ok(()),
        // The demo's Google answers its pages by itself: a machine without a browser works.
        (Err(_), Some(demo)) => {
            demo.answer_consent(url);
            Ok(())
        }
        (Err(error), None) => Err(error.to_string()),
    }
}
