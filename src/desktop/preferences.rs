//! The desktop app's preferences: how it behaves, never what it has done (that is the state
//! database's). Kept by the app as one JSON value; anything unreadable or out of range falls
//! back to its default, so a hand-edited file cannot stop the app from starting.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::desktop::notices::Language;
use crate::failure::{Failure, Problem};

/// Archives downloaded at once: at least one, and few enough not to swamp a home connection.
pub const PARALLEL_DOWNLOADS: std::ops::RangeInclusive<usize> = 1..=8;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    /// Light or dark as the system is.
    #[default]
    System,
    Light,
    Dark,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Preferences {
    /// Where new exports go (Google mode); `None`: Documents/Carryout.
    pub backup_dir: Option<PathBuf>,
    pub parallel_downloads: usize,
    /// Closing the window keeps the engine working in the tray; `None`: not asked yet (the
    /// first close asks).
    pub keep_in_tray: Option<bool>,
    /// Started hidden, in the tray, when the person logs in.
    pub start_at_login: bool,
    /// `None`: the system's language.
    pub language: Option<Language>,
    pub theme: Theme,
}

impl Default for Preferences {
    fn default() -> Self {
        Self {
            backup_dir: None,
            parallel_downloads: 3,
            keep_in_tray: None,
            start_at_login: false,
            language: None,
            theme: Theme::System,
        }
    }
}

impl Preferences {
    /// Preferences read back from `value` (as kept); what does not fit is the default.
    pub fn from_json(value: Option<serde_json::Value>) -> Self {
        let read = value.and_then(|v| serde_json::from_value::<Self>(v).ok());
        read.unwrap_or_default().within_limits()
    }

    /// The same preferences with every number in its range and a relative folder dropped.
    pub fn within_limits(mut self) -> Self {
        self.parallel_downloads = self
            .parallel_downloads
            .clamp(*PARALLEL_DOWNLOADS.start(), *PARALLEL_DOWNLOADS.end());
        self.backup_dir = self.backup_dir.filter(|dir| dir.is_absolute());
        self
    }
}

/// Folders of the system: never a backup folder, nor anything inside them.
const SYSTEM_FOLDERS: &[&str] = &[
    "/bin",
    "/boot",
    "/dev",
    "/etc",
    "/lib",
    "/lib32",
    "/lib64",
    "/proc",
    "/run",
    "/sbin",
    "/sys",
    "/usr",
    "/var",
    "/System",
    "/Library",
    "/Applications",
    "/private",
    "C:\\Windows",
    "C:\\Program Files",
    "C:\\Program Files (x86)",
    "C:\\ProgramData",
];

/// The folder the person chose for backups, symbolic links resolved, if it can hold them:
/// an existing folder that is not one [`unsuitable_backup_dir`] refuses.
pub fn accept_backup_dir(dir: PathBuf, home: Option<PathBuf>) -> Result<PathBuf, Problem> {
    let dir = dir.canonicalize().unwrap_or(dir);
    let refused = |why: &str| {
        let message = format!("{} cannot hold backups: {why}", dir.display());
        Err(Problem::new(Failure::UnsuitableFolder, message))
    };
    if !dir.is_dir() {
        return refused("it is not a folder");
    }
    let home = home.map(|h| h.canonicalize().unwrap_or(h));
    match unsuitable_backup_dir(&dir, home.as_deref()) {
        Some(why) => refused(why),
        None => Ok(dir),
    }
}

/// Why `dir` (absolute, as the folder dialog gave it, symbolic links resolved) cannot hold
/// backups, if it cannot: the root of a drive, the home folder `home` itself, or a system
/// folder. A folder inside the home folder, or on another drive, is a person's own.
pub fn unsuitable_backup_dir(dir: &Path, home: Option<&Path>) -> Option<&'static str> {
    if !dir.is_absolute() {
        return Some("not an absolute path");
    }
    if dir.parent().is_none() {
        return Some("the top of a drive");
    }
    if home.is_some_and(|home| home == dir) {
        return Some("the home folder itself");
    }
    let lower = dir.to_string_lossy().to_lowercase();
    let system = SYSTEM_FOLDERS.iter().any(|system| {
        let system = system.to_lowercase();
        lower == system
            || lower.starts_with(&format!("{system}/"))
            || lower.starts_with(&format!("{system}\\"))
    });
    system.then_some("a system folder")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_top_of_a_drive_the_home_folder_and_system_folders_hold_no_backups() {
        let home = Path::new("/home/ana");
        for refused in [
            "/",
            "/home/ana",
            "/etc",
            "/usr/share/backups",
            "/var/tmp",
            "/proc/1",
        ] {
            assert!(
                unsuitable_backup_dir(Path::new(refused), Some(home)).is_some(),
                "{refused}"
            );
        }
        for fine in [
            "/home/ana/Carryout",
            "/media/ana/disk/backups",
            "/srv/backups",
            "/etcetera",
        ] {
            assert_eq!(
                unsuitable_backup_dir(Path::new(fine), Some(home)),
                None,
                "{fine}"
            );
        }
        assert!(unsuitable_backup_dir(Path::new("relative"), None).is_some());
    }

    #[test]
    fn missing_or_unreadable_preferences_are_the_defaults() {
        assert_eq!(Preferences::from_json(None), Preferences::default());
        let garbled = serde_json::json!({"theme": "purple"});
        assert_eq!(
            Preferences::from_json(Some(garbled)),
            Preferences::default()
        );
        let partial = serde_json::json!({"theme": "dark", "language": "zh-TW"});
        let read = Preferences::from_json(Some(partial));
        assert_eq!(read.theme, Theme::Dark);
        assert_eq!(read.language, Some(Language::TraditionalChinese));
        assert_eq!(read.parallel_downloads, 3);
        assert_eq!(read.keep_in_tray, None);
    }

    #[test]
    fn numbers_and_folders_out_of_range_are_brought_back() {
        let wild = serde_json::json!({"parallel_downloads": 64, "backup_dir": "relative/dir"});
        let read = Preferences::from_json(Some(wild));
        assert_eq!(read.parallel_downloads, 8);
        assert_eq!(read.backup_dir, None);
        let zero = Preferences {
            parallel_downloads: 0,
            ..Preferences::default()
        };
        assert_eq!(zero.within_limits().parallel_downloads, 1);
    }

    #[test]
    fn preferences_round_trip_as_the_ui_writes_them() {
        let prefs = Preferences {
            backup_dir: Some(std::env::temp_dir()),
            parallel_downloads: 5,
            keep_in_tray: Some(true),
            start_at_login: true,
            language: Some(Language::English),
            theme: Theme::Light,
        };
        let json = serde_json::to_value(&prefs).unwrap();
        assert_eq!(json["language"], "en");
        assert_eq!(json["theme"], "light");
        assert_eq!(Preferences::from_json(Some(json)), prefs);
    }
}
