//! Carryout desktop app: a thin Tauri shell over the `carryout` core.

// Keeps Windows release builds from opening a console window next to the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod consent;
mod ipc_error;
mod profile;

use std::path::PathBuf;

use tauri::Manager;
use tauri_plugin_store::StoreExt;

use commands::{AppState, CLIENT_FILE_KEY, SETTINGS};

fn main() {
    // Answered without a window or a display, for packaging checks and bug reports.
    if std::env::args_os()
        .nth(1)
        .is_some_and(|arg| arg == "--version")
    {
        println!("carryout-app {}", env!("CARGO_PKG_VERSION"));
        return;
    }
    tauri::Builder::default()
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_store::Builder::new().build())
        .manage(AppState::default())
        .setup(|app| {
            open_saved_profile(app.handle());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_status,
            commands::start_demo,
            commands::import_client,
            commands::resource_groups,
            commands::plan,
            commands::sign_in,
            commands::start_exports,
            commands::exports,
            commands::check_now,
            commands::retry_export,
            commands::cancel_export,
            commands::library,
            commands::verify_export,
            commands::open_folder,
            commands::grants,
            commands::sign_out,
            commands::reconsent,
            commands::open_renewal,
            commands::check_grant,
            commands::reset_access,
            commands::coverage,
            commands::export_contents,
            commands::warnings,
            commands::dismiss_warning,
        ])
        .run(tauri::generate_context!())
        .expect("the Tauri runtime failed to start");
}

/// Reopens the client imported last time (or the emulator of `CARRYOUT_EMULATOR`), so the
/// app comes back to the same exports, still going.
fn open_saved_profile(app: &tauri::AppHandle) {
    let client_file: Option<PathBuf> = app
        .store(SETTINGS)
        .ok()
        .and_then(|settings| settings.get(CLIENT_FILE_KEY))
        .and_then(|value| serde_json::from_value(value).ok());
    if client_file.is_none() && std::env::var_os(profile::EMULATOR_ENV).is_none() {
        return;
    }
    let app = app.clone();
    tauri::async_runtime::block_on(async move {
        match profile::Profile::google(&app, client_file).await {
            Ok(profile) => {
                app.state::<AppState>().set(profile);
            }
            Err(error) => eprintln!(
                "carryout: could not reopen the saved client: {}",
                error.message
            ),
        }
    });
}
