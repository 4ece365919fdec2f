//! The window shows the app's own pages only: a link or a script that would take it anywhere
//! else is refused (Google's pages open in the system browser, from Rust).

use tauri::plugin::TauriPlugin;
use tauri::{Runtime, Url};

/// Refuses every navigation away from the app's own origin.
pub fn stay_in_app<R: Runtime>() -> TauriPlugin<R> {
    tauri::plugin::Builder::new("stay-in-app")
        .on_navigation(|_, url| is_app_page(url))
        .build()
}

/// The app's own origin: `tauri://localhost` (Linux, macOS) or `http(s)://tauri.localhost`
/// (Windows).
fn is_app_page(url: &Url) -> bool {
    matches!(
        (url.scheme(), url.host_str()),
        ("tauri", Some("localhost")) | ("http" | "https", Some("tauri.localhost"))
    )
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
