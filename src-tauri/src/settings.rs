//! Preferences kept with the store plugin (`settings.json`, next to the imported client's
//! path); what they mean and their limits are the core's (`carryout::desktop::preferences`).

use carryout::desktop::notices::Language;
use carryout::desktop::preferences::Preferences;
use carryout::failure::{Failure, Problem};
use tauri::AppHandle;
use tauri_plugin_autostart::ManagerExt;
use tauri_plugin_store::StoreExt;

/// The settings file (preferences only; state lives in the core's database).
pub const SETTINGS: &str = "settings.json";
pub const CLIENT_FILE_KEY: &str = "client_file";
const PREFERENCES_KEY: &str = "preferences";

pub fn load(app: &AppHandle) -> Preferences {
    let kept = app
        .store(SETTINGS)
        .ok()
        .and_then(|s| s.get(PREFERENCES_KEY));
    Preferences::from_json(kept)
}

/// Keeps `preferences` (written at once: the app may be closed right after) and registers or
/// unregisters the start at login; the preferences as kept.
pub fn save(app: &AppHandle, preferences: Preferences) -> Result<Preferences, Problem> {
    let preferences = preferences.within_limits();
    let autostart = app.autolaunch();
    if autostart.is_enabled().unwrap_or(false) != preferences.start_at_login {
        // The autostart library makes `~/.config/autostart`, not a new account's `~/.config`.
        #[cfg(target_os = "linux")]
        if let Some(home) = std::env::var_os("HOME") {
            let _ = std::fs::create_dir_all(std::path::Path::new(&home).join(".config"));
        }
        let changed = match preferences.start_at_login {
            true => autostart.enable(),
            false => autostart.disable(),
        };
        changed.map_err(Problem::internal)?;
    }
    let store = app.store(SETTINGS).map_err(Problem::internal)?;
    let value = serde_json::to_value(&preferences).map_err(Problem::internal)?;
    store.set(PREFERENCES_KEY, value);
    store.save().map_err(|e| Problem::new(Failure::Disk, e))?;
    Ok(preferences)
}

/// The language of the tray and notifications: the chosen one, else the system's.
pub fn language(app: &AppHandle) -> Language {
    load(app).language.unwrap_or_else(Language::of_system)
}
