//! The pages of the app: the window shows its own only (a link or a script that would take it
//! anywhere else is refused), and Google's pages — consent, renewal — open in the system
//! browser.

use std::io::Write;

use url::Url;

use crate::session::Session;
use crate::test_switch;

/// The app's own origin: `tauri://localhost` (Linux, macOS) or `http(s)://tauri.localhost`
/// (Windows).
pub fn is_app_page(url: &Url) -> bool {
    matches!(
        (url.scheme(), url.host_str()),
        ("tauri", Some("localhost")) | ("http" | "https", Some("tauri.localhost"))
    )
}

/// Opens a Google page (consent, renewal) with `open`, the system browser. Demo mode's Google
/// answers its own pages where no browser opens. In a debug build, `CARRYOUT_OPEN_URLS_TO=<file>`
/// appends the page's address there instead (the end-to-end tests play the browser).
pub fn open_google_page(
    session: &Session,
    url: &Url,
    open: impl FnOnce(&Url) -> Result<(), String>,
) -> Result<(), String> {
    if let Some(log) = test_switch::var_os(test_switch::OPEN_URLS_TO) {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .map_err(|e| e.to_string())?;
        return writeln!(file, "{url}").map_err(|e| e.to_string());
    }
    let opened = open(url);
    #[cfg(feature = "demo")]
    if opened.is_err()
        && let Some(demo) = &session.demo
    {
        demo.answer_consent(url);
        return Ok(());
    }
    #[cfg(not(feature = "demo"))]
    let _ = session;
    opened
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_apps_own_pages_are_shown() {
        for own in [
            "tauri://localhost",
            "tauri://localhost/index.html#exports",
            "http://tauri.localhost/",
            "https://tauri.localhost/index.html",
        ] {
            assert!(is_app_page(&Url::parse(own).unwrap()), "{own}");
        }
        for elsewhere in [
            "https://accounts.google.com/o/oauth2/auth",
            "http://127.0.0.1:8080/",
            "http://tauri.localhost.example.com/",
            "file:///etc/passwd",
            "tauri://evil.example",
            "data:text/html,hi",
            "about:blank",
        ] {
            assert!(!is_app_page(&Url::parse(elsewhere).unwrap()), "{elsewhere}");
        }
    }
}
