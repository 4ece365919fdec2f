//! Consent in the system browser through the opener plugin. `CARRYOUT_OPEN_URLS_TO=<file>`
//! makes the app write each URL there instead (the end-to-end tests play the browser).

use std::io::Write;

use carryout::auth::{LoginOptions, LoginReport};
use carryout::progress::ProgressEvent;
use tauri::AppHandle;
use tauri::ipc::Channel;
use tauri_plugin_opener::OpenerExt;
use url::Url;

use crate::ipc_error::IpcError;
use crate::profile::Profile;

pub const OPEN_URLS_ENV: &str = "CARRYOUT_OPEN_URLS_TO";

pub async fn sign_in(
    app: &AppHandle,
    profile: &Profile,
    groups: &[String],
    events: &Channel<ProgressEvent>,
) -> Result<LoginReport, IpcError> {
    let demo = profile.session.demo.as_ref();
    let log = std::env::var_os(OPEN_URLS_ENV);
    let open = |url: &Url| -> Result<(), String> {
        if let Some(log) = &log {
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
            // The demo's Google consents by itself: a machine without a browser still works.
            (Err(_), Some(demo)) => {
                demo.answer_consent(url);
                Ok(())
            }
            (Err(error), None) => Err(error.to_string()),
        }
    };
    let progress = |event: ProgressEvent| {
        let _ = events.send(event);
    };
    profile
        .session
        .auth
        .login(groups, &open, &progress, &LoginOptions::default())
        .await
        .map_err(IpcError::from)
}
