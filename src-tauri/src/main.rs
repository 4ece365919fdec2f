//! Carryout desktop app: a thin Tauri shell over the `carryout` core.

// Keeps Windows release builds from opening a console window next to the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod consent;
mod navigation;
mod pickers;
mod profile;
mod settings;
mod tray;

use std::path::PathBuf;

use carryout::desktop::app_state::AppState;
use carryout::test_switch;
use tauri::Manager;
use tauri_plugin_store::StoreExt;

use settings::{CLIENT_FILE_KEY, SETTINGS};

/// The argument the start at login passes: the app starts in the tray, without its window.
const HIDDEN: &str = "--hidden";

fn main() {
    // Answered without a window or a display, for packaging checks and bug reports.
    if std::env::args_os()
        .nth(1)
        .is_some_and(|arg| arg == "--version")
    {
        println!("carryout-app {}", env!("CARGO_PKG_VERSION"));
        return;
    }
    #[cfg(target_os = "linux")]
    carryout::desktop::renderer::choose_renderer();
    tauri::Builder::default()
        // First: a second launch hands over to the first (which shows its window) and exits.
        .plugin(tauri_plugin_single_instance::init(|app, _, _| {
            tray::show_window(app)
        }))
        .plugin(navigation::stay_in_app())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_store::Builder::new().build())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            Some(vec![HIDDEN]),
        ))
        .manage(AppState::default())
        .setup(|app| {
            // The tests emit the app's events from the page; a release window cannot.
            #[cfg(debug_assertions)]
            app.add_capability(include_str!("../debug-capabilities/page-events.json"))?;
            tray::build(app.handle());
            let in_tray = settings::load(app.handle()).keep_in_tray == Some(true);
            if in_tray
                && std::env::args().any(|arg| arg == HIDDEN)
                && let Some(window) = app.get_webview_window("main")
            {
                window.hide()?;
            }
            open_saved_profile(app.handle());
            Ok(())
        })
        .on_window_event(tray::on_window_event)
        .invoke_handler(tauri::generate_handler![
            commands::app_status,
            commands::start_demo,
            commands::import_client,
            commands::resource_groups,
            commands::plan,
            commands::backup,
            commands::exports,
            commands::check_now,
            commands::retry_export,
            commands::cancel_export,
            commands::library,
            commands::verify_export,
            commands::open_folder,
            commands::versions,
            commands::restore_version,
            commands::version_changes,
            commands::save_history_password,
            commands::grants,
            commands::sign_out,
            commands::reconsent,
            commands::open_renewal,
            commands::check_grant,
            commands::reset_access,
            commands::coverage,
            commands::export_contents,
            commands::cancel_contents,
            commands::warnings,
            commands::dismiss_warning,
            commands::schedules,
            commands::add_schedule,
            commands::remove_schedule,
            commands::run_now,
            commands::set_paused,
            commands::settings,
            commands::save_settings,
            commands::choose_backup_dir,
            commands::choose_history_dir,
            commands::choose_history_server,
            commands::give_history_password,
            commands::answer_close,
        ])
        .build(tauri::generate_context!())
        .expect("the Tauri runtime failed to start")
        .run(|app, event| {
            if let tauri::RunEvent::Exit = event {
                tauri::async_runtime::block_on(app.state::<AppState>().close());
            }
        });
}

/// Reopens the client imported last time (or the emulator of `CARRYOUT_EMULATOR`), so the
/// app comes back to the same exports, still going.
fn open_saved_profile(app: &tauri::AppHandle) {
    let client_file: Option<PathBuf> = app
        .store(SETTINGS)
        .ok()
        .and_then(|settings| settings.get(CLIENT_FILE_KEY))
        .and_then(|value| serde_json::from_value(value).ok());
    if client_file.is_none() && test_switch::var_os(test_switch::EMULATOR).is_none() {
        return;
    }
    let app = app.clone();
    tauri::async_runtime::block_on(async move {
        match profile::google(&app, client_file).await {
            Ok(profile) => {
                app.state::<AppState>().set(profile);
                tray::refresh(&app);
            }
            Err(error) => eprintln!(
                "carryout: could not reopen the saved client: {}",
                error.message
            ),
        }
    });
}
