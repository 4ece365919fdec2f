//! Carryout desktop app: a thin Tauri shell over the `carryout` core.

// Keeps Windows release builds from opening a console window next to the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;

fn main() {
    tauri::Builder::default()
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_store::Builder::new().build())
        .invoke_handler(tauri::generate_handler![commands::resource_groups])
        .run(tauri::generate_context!())
        .expect("the Tauri runtime failed to start");
}
