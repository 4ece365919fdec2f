//! The desktop app's preferences: how it behaves, never what it has done (that is the state
//! database's). Kept by the app as one JSON value; anything unreadable or out of range falls
//! back to its default, so a hand-edited file cannot stop the app from starting.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::desktop::notices::Language;
use crate::failure::{Failure, Problem};
use crate::history::{Location, Retention};
use crate::session::HistoryChoice;

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
    /// Every verified export is also kept in the history (Google mode; the demo's is its own).
    pub history: bool,
    /// Where the history is; `None`: beside the backup folder.
    pub history_dir: Option<PathBuf>,
    /// A REST server keeping the history instead (`rest:https://user@host/path/`, its password
    /// in the secret store) or an rclone remote (`rclone:b2:bucket/path`), before any folder.
    pub history_server: Option<String>,
    /// What the history keeps of each group.
    pub retention: Retention,
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
            history: true,
            history_dir: None,
            history_server: None,
            retention: Retention::default(),
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
        self.history_dir = self.history_dir.filter(|dir| dir.is_absolute());
        self.history_server = self.history_server.filter(|server| {
            matches!(
                Location::parse(server),
                Ok(Location::Rest(_) | Location::Rclone(_))
            )
        });
        self.retention = self.retention.within_limits();
        self
    }

    /// The history these preferences ask for: where and for how long, its password made once
    /// and kept with the sign-in tokens; turned off, new exports stay out of it while what it
    /// holds stays readable.
    pub fn history_choice(&self) -> HistoryChoice {
        let server = self.history_server.as_deref().map(Location::parse);
        let location = match server {
            Some(Ok(server)) => Some(server),
            _ => self.history_dir.clone().map(Location::Folder),
        };
        if !self.history {
            return HistoryChoice::Stopped { location };
        }
        HistoryChoice::Keep {
            location,
            password_file: None,
            retention: self.retention,
        }
    }
}

/// Preferences the page sends (`save_settings`): a folder is chosen in the system's dialog and
/// a server checked first, so the page may keep each as it is or bring it back to its default
/// (`None`), never name another.
pub fn accept_from_page(kept: &Preferences, sent: &Preferences) -> Result<(), Problem> {
    fn named<T: PartialEq>(sent: &Option<T>, kept: &Option<T>) -> bool {
        sent.is_some() && sent != kept
    }
    if named(&sent.backup_dir, &kept.backup_dir)
        || named(&sent.history_dir, &kept.history_dir)
        || named(&sent.history_server, &kept.history_server)
    {
        return Err(Problem::new(
            Failure::Refused,
            "a folder is chosen in the folder dialog and a server checked first, not named by \
             the page",
        ));
    }
    Ok(())
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
    own_folder(dir, home, Failure::UnsuitableFolder, "backups")
}

/// The folder the person chose for the history, symbolic links resolved, if it can hold
/// it: a folder that could hold backups, apart from the backup folder `backup_dir` (which
/// keeps plain exports only), and empty or already a restic repository, so that the history
/// never mixes with other files.
pub fn accept_history_dir(
    dir: PathBuf,
    home: Option<PathBuf>,
    backup_dir: Option<&Path>,
) -> Result<PathBuf, Problem> {
    const HISTORY: &str = "the backup history";
    let code = Failure::UnsuitableHistoryFolder;
    let dir = own_folder(dir, home, code, HISTORY)?;
    let refused = |why: &str| Err(refusal(&dir, code, HISTORY, why));
    let backup_dir = backup_dir.map(|b| b.canonicalize().unwrap_or_else(|_| b.to_path_buf()));
    if backup_dir.is_some_and(|b| dir.starts_with(&b) || b.starts_with(&dir)) {
        return refused("the backup folder keeps plain exports only, apart from the history");
    }
    let repository = dir.join("config").is_file() && dir.join("keys").is_dir();
    let empty = std::fs::read_dir(&dir).is_ok_and(|mut entries| entries.next().is_none());
    if !repository && !empty {
        return refused("it holds other files; choose an empty folder, or a restic repository");
    }
    Ok(dir)
}

/// `dir`, symbolic links resolved, when it is an existing folder of the person's own (not one
/// [`unsuitable_backup_dir`] refuses); else `code`, saying it cannot hold `what`.
fn own_folder(
    dir: PathBuf,
    home: Option<PathBuf>,
    code: Failure,
    what: &str,
) -> Result<PathBuf, Problem> {
    let dir = dir.canonicalize().unwrap_or(dir);
    let why = if dir.is_dir() {
        let home = home.map(|h| h.canonicalize().unwrap_or(h));
        unsuitable_backup_dir(&dir, home.as_deref())
    } else {
        Some("it is not a folder")
    };
    match why {
        Some(why) => Err(refusal(&dir, code, what, why)),
        None => Ok(dir),
    }
}

fn refusal(dir: &Path, code: Failure, what: &str, why: &str) -> Problem {
    Problem::new(code, format!("{} cannot hold {what}: {why}", dir.display()))
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
        let wild = serde_json::json!({
            "history_dir": "relative",
            "retention": {"last": 0, "daily": 100000, "weekly": 3}
        });
        let read = Preferences::from_json(Some(wild));
        assert_eq!(read.history_dir, None);
        let kept = Retention {
            last: 1,
            daily: Retention::KEEP_MAX,
            weekly: 3,
            monthly: Retention::default().monthly,
        };
        assert_eq!(read.retention, kept, "a count left out is the default's");
    }

    #[test]
    fn the_history_preferences_become_the_sessions_choice() {
        assert_eq!(
            Preferences::default().history_choice(),
            HistoryChoice::default()
        );
        let chosen = Preferences {
            history_dir: Some(PathBuf::from("/srv/history")),
            retention: Retention {
                daily: 30,
                ..Retention::default()
            },
            ..Preferences::default()
        };
        let chosen_keeps = chosen.history_choice().keeps_new();
        let HistoryChoice::Keep {
            location,
            password_file,
            retention,
        } = chosen.history_choice()
        else {
            panic!("kept");
        };
        assert_eq!(location, Some(Location::Folder("/srv/history".into())));
        assert_eq!(
            password_file, None,
            "the app keeps the password with the sign-ins"
        );
        assert_eq!(retention.daily, 30);
        let off = Preferences {
            history: false,
            ..chosen
        };
        let stopped = off.history_choice();
        assert_eq!(
            stopped,
            HistoryChoice::Stopped {
                location: Some(Location::Folder("/srv/history".into()))
            },
            "what the history holds stays readable"
        );
        assert!(!stopped.keeps_new() && chosen_keeps);

        let served = Preferences {
            history_server: Some("rest:https://me@nas:8000/carryout/".into()),
            ..off
        };
        assert_eq!(
            served.history_choice(),
            HistoryChoice::Stopped {
                location: Some(Location::parse("rest:https://me@nas:8000/carryout/").unwrap())
            },
            "a server comes before a folder"
        );
        let wild = serde_json::json!({ "history_server": "sftp:me@nas:/srv/h" });
        assert_eq!(Preferences::from_json(Some(wild)).history_server, None);
    }

    #[test]
    fn the_history_goes_in_an_empty_folder_or_a_repository_apart_from_the_backups() {
        let place = tempfile::tempdir().unwrap();
        let root = place.path().canonicalize().unwrap();
        let backups = root.join("backups");
        std::fs::create_dir_all(backups.join("inside")).unwrap();
        let accept = |dir: &Path| accept_history_dir(dir.to_path_buf(), None, Some(&backups));
        let empty = root.join("empty");
        std::fs::create_dir(&empty).unwrap();
        assert_eq!(accept(&empty).unwrap(), empty);
        let repository = root.join("repository");
        std::fs::create_dir_all(repository.join("keys")).unwrap();
        std::fs::write(repository.join("config"), b"restic").unwrap();
        assert_eq!(accept(&repository).unwrap(), repository);
        for refused in [
            root.join("missing"),
            backups.clone(),
            backups.join("inside"),
            root.clone(),
        ] {
            let problem = accept(&refused).unwrap_err();
            assert_eq!(
                problem.code,
                Failure::UnsuitableHistoryFolder,
                "{refused:?}"
            );
        }
        let other = root.join("documents");
        std::fs::create_dir(&other).unwrap();
        std::fs::write(other.join("letter.txt"), b"dear").unwrap();
        let problem = accept(&other).unwrap_err();
        assert!(
            problem.message.contains("other files"),
            "{}",
            problem.message
        );
    }

    #[test]
    fn the_page_keeps_or_resets_a_place_and_never_names_one() {
        let kept = Preferences {
            backup_dir: Some(PathBuf::from("/srv/backups")),
            history_server: Some("rest:https://me@nas/carryout/".into()),
            ..Preferences::default()
        };
        let same = Preferences {
            parallel_downloads: 5,
            ..kept.clone()
        };
        assert!(accept_from_page(&kept, &same).is_ok());
        let reset = Preferences {
            backup_dir: None,
            history_server: None,
            ..kept.clone()
        };
        assert!(accept_from_page(&kept, &reset).is_ok());
        for named in [
            Preferences {
                backup_dir: Some(PathBuf::from("/etc")),
                ..kept.clone()
            },
            Preferences {
                history_dir: Some(PathBuf::from("/srv/elsewhere")),
                ..kept.clone()
            },
            Preferences {
                history_server: Some("rest:https://evil.example/".into()),
                ..kept.clone()
            },
        ] {
            let refused = accept_from_page(&kept, &named).unwrap_err();
            assert_eq!(refused.code, Failure::Refused);
        }
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
            history: false,
            history_dir: Some(std::env::temp_dir()),
            history_server: Some("rest:http://me@127.0.0.1:8000/".into()),
            retention: Retention {
                last: 2,
                daily: 7,
                weekly: 4,
                monthly: 24,
            },
        };
        let json = serde_json::to_value(&prefs).unwrap();
        assert_eq!(json["language"], "en");
        assert_eq!(json["theme"], "light");
        assert_eq!(Preferences::from_json(Some(json)), prefs);
    }
}
