//! Declares the app's commands so that each needs a permission: the capabilities in
//! `capabilities/` grant the main window exactly the ones the UI calls.

/// Every `#[tauri::command]` of the shell (kept in step with `main.rs`'s handler list).
const COMMANDS: &[&str] = &[
    "app_status",
    "start_demo",
    "import_client",
    "resource_groups",
    "plan",
    "backup",
    "exports",
    "check_now",
    "retry_export",
    "cancel_export",
    "library",
    "verify_export",
    "open_folder",
    "versions",
    "restore_version",
    "version_changes",
    "save_history_password",
    "grants",
    "sign_out",
    "reconsent",
    "open_renewal",
    "check_grant",
    "reset_access",
    "coverage",
    "export_contents",
    "cancel_contents",
    "warnings",
    "dismiss_warning",
    "schedules",
    "add_schedule",
    "remove_schedule",
    "run_now",
    "set_paused",
    "settings",
    "save_settings",
    "choose_backup_dir",
    "choose_history_dir",
    "choose_history_server",
    "give_history_password",
    "answer_close",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attributes).expect("the Tauri build step failed");
}
