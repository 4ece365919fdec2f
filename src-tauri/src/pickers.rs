//! The file and folder pickers, run from Rust: the app reads only a file, and keeps only a
//! folder, that the person chose in the system's dialog — never a path the page names. In a
//! debug build, `CARRYOUT_PICKED=<path>` answers every dialog with that path (the end-to-end
//! tests play the person, as they play the browser).

use std::path::{Path, PathBuf};

use carryout::test_switch;
use tauri::{AppHandle, Manager};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder};

/// A Google OAuth client file (`client_secret_*.json`), or `None` when the dialog was closed.
pub async fn client_file(app: &AppHandle, filter_name: &str) -> Option<PathBuf> {
    let dialog = dialog(app).add_filter(filter_name, &["json"]);
    pick(move || dialog.blocking_pick_file()).await
}

/// A folder, the dialog opening at `start`; `None` when it was closed.
pub async fn folder(app: &AppHandle, start: Option<&Path>) -> Option<PathBuf> {
    let mut dialog = dialog(app);
    if let Some(start) = start.filter(|s| s.is_dir()) {
        dialog = dialog.set_directory(start);
    }
    pick(move || dialog.blocking_pick_folder()).await
}

/// Where to save a file, the dialog proposing `name`; `None` when it was closed.
pub async fn save_file(app: &AppHandle, name: &str) -> Option<PathBuf> {
    let dialog = dialog(app).set_file_name(name);
    pick(move || dialog.blocking_save_file()).await
}

fn dialog(app: &AppHandle) -> FileDialogBuilder<tauri::Wry> {
    let dialog = app.dialog().file();
    match app.get_webview_window("main") {
        Some(window) => dialog.set_parent(&window),
        None => dialog,
    }
}

async fn pick(
    show: impl FnOnce() -> Option<tauri_plugin_dialog::FilePath> + Send + 'static,
) -> Option<PathBuf> {
    if let Some(picked) = test_switch::var_os(test_switch::PICKED) {
        return Some(PathBuf::from(picked));
    }
    // The dialog waits for the person: never on an async worker.
    let chosen = tauri::async_runtime::spawn_blocking(show).await.ok()??;
    chosen.into_path().ok()
}
