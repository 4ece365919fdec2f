//! `carryout history`: the restic repository that keeps every verified export.

use std::io::Write;
use std::path::{Path, PathBuf};

use carryout::history::{History, Opened, Snapshot};
use carryout::library;
use carryout::secret::HistoryPassword;

use super::Failed;
use super::library::{BackupDir, human_size, quiet_pipe};

#[derive(clap::Subcommand)]
pub enum Action {
    /// Store each export of the backup folder that the history does not hold yet.
    Save(Target),
    /// List the snapshots (of one group when given), oldest first.
    List {
        #[command(flatten)]
        target: Target,
        /// A resource group, e.g. youtube.comments
        group: Option<String>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Write one snapshot's export into a folder, each archive checked against its receipt.
    Restore {
        #[command(flatten)]
        target: Target,
        /// The snapshot's id, or a unique start of it (as `history list` shows)
        id: String,
        /// The folder to write the export into (made if missing; nothing in it is overwritten)
        #[arg(long, value_name = "DIR")]
        to: PathBuf,
    },
}

/// Which repository, with which password.
#[derive(clap::Args)]
pub struct Target {
    #[command(flatten)]
    dir: BackupDir,
    /// The history repository, a folder restic reads [default: "<backup folder> history"
    /// beside the backup folder]
    #[arg(long, value_name = "REPO", env = "RESTIC_REPOSITORY")]
    history: Option<String>,
    /// A file holding the repository's password, as restic's --password-file
    #[arg(long, value_name = "FILE", env = "RESTIC_PASSWORD_FILE")]
    history_password_file: Option<PathBuf>,
}

impl Target {
    fn location(&self) -> Result<String, Failed> {
        if let Some(repo) = &self.history {
            return Ok(repo.clone());
        }
        let backups = self.dir.path()?;
        let name = backups
            .file_name()
            .map(|n| format!("{} history", n.to_string_lossy()))
            .ok_or("the backup folder has no name to put a history beside: pass --history")?;
        Ok(backups.with_file_name(name).to_string_lossy().into_owned())
    }

    fn password(&self) -> Result<HistoryPassword, Failed> {
        let Some(file) = &self.history_password_file else {
            return Err(
                "the history needs its password: pass --history-password-file FILE \
                        (or set RESTIC_PASSWORD_FILE), a file holding it on its first line"
                    .into(),
            );
        };
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("cannot read the password file {}: {e}", file.display()))?;
        // As restic reads it: the first line, without its line ending.
        let password = text.lines().next().unwrap_or_default();
        if password.is_empty() {
            return Err(format!("the password file {} is empty", file.display()).into());
        }
        Ok(HistoryPassword::new(password))
    }

    /// The repository, made now if there is none (saying that it cannot be read without its
    /// password).
    fn open_or_create(&self) -> Result<History, Failed> {
        let location = self.location()?;
        let (history, opened) =
            History::open_or_create(&location, &self.password()?, &cache_dir())?;
        if opened == Opened::Created {
            eprintln!(
                "carryout: made the history repository {location}; it is encrypted and cannot \
                 be read, by Carryout or by restic, without its password: keep the password \
                 file safe"
            );
        }
        Ok(history)
    }

    fn open(&self) -> Result<History, Failed> {
        let location = self.location()?;
        History::open(&location, &self.password()?, &cache_dir())?.ok_or_else(|| {
            format!(
                "there is no history repository at {location} yet: `carryout history save` \
                 makes one and stores the backup folder's exports in it"
            )
            .into()
        })
    }
}

/// restic's cache of the repository's index and trees: in the user's cache folder, rebuilt
/// from the repository when lost.
fn cache_dir() -> PathBuf {
    directories::ProjectDirs::from("", "", "carryout").map_or_else(
        || std::env::temp_dir().join("carryout-history-cache"),
        |dirs| dirs.cache_dir().join("history"),
    )
}

pub fn run(action: &Action) -> Result<(), Failed> {
    match action {
        Action::Save(target) => save(target),
        Action::List {
            target,
            group,
            json,
        } => list(target, group.as_deref(), *json),
        Action::Restore { target, id, to } => {
            let (_, restored) = target.open()?.restore(id, to)?;
            for file in &restored.files {
                println!("{}", file.display());
            }
            eprintln!(
                "carryout: restored the export of {} from {}, every archive as its receipt says",
                restored.snapshot.groups.join(","),
                restored.snapshot.export_time.format("%Y-%m-%d %H:%M UTC")
            );
            Ok(())
        }
    }
}

fn save(target: &Target) -> Result<(), Failed> {
    let root = target.dir.path()?;
    let mut history = target.open_or_create()?;
    let held = history.list(None)?;
    let mut stored = 0;
    for export in library::exports(&root)? {
        let path = snapshot_path(&root, &export.path);
        if held.iter().any(|s| Path::new(&s.path) == path) {
            continue;
        }
        let (next, snapshot) = history.save(&root, &export.path)?;
        history = next;
        stored += 1;
        println!(
            "{} {}  {} added",
            snapshot.id,
            export.path.display(),
            human_size(snapshot.added.unwrap_or_default())
        );
    }
    eprintln!(
        "carryout: {stored} export(s) stored, {} already held",
        held.len()
    );
    Ok(())
}

fn snapshot_path(root: &Path, export: &Path) -> PathBuf {
    Path::new("/").join(export.strip_prefix(root).unwrap_or(export))
}

fn list(target: &Target, group: Option<&str>, json: bool) -> Result<(), Failed> {
    let snapshots: Vec<Snapshot> = target.open()?.list(group)?;
    let mut out = std::io::stdout().lock();
    let written = if json {
        serde_json::to_writer_pretty(&mut out, &snapshots)
            .map_err(std::io::Error::other)
            .and_then(|()| writeln!(out))
    } else if snapshots.is_empty() {
        writeln!(out, "no snapshots")
    } else {
        snapshots.iter().try_for_each(|s| {
            writeln!(
                out,
                "{:<10} {:<36} {:<22} {:>10}  {}",
                &s.id[..s.id.len().min(8)],
                s.groups.join(","),
                s.export_time.format("%Y-%m-%d %H:%M UTC"),
                human_size(s.size.unwrap_or_default()),
                s.job_id.as_deref().unwrap_or("")
            )
        })
    };
    quiet_pipe(written)
}
