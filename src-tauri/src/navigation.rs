//! The window shows the app's own pages only (`carryout::desktop::pages`): a link or a script
//! that would take it anywhere else is refused.

use carryout::desktop::pages;
use tauri::Runtime;
use tauri::plugin::TauriPlugin;

/// Refuses every navigation away from the app's own origin.
pub fn stay_in_app<R: Runtime>() -> TauriPlugin<R> {
    tauri::plugin::Builder::new("stay-in-app")
        .on_navigation(|_, url| pages::is_app_page(url))
        .build()
}
