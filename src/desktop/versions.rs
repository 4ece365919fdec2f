//! The Library's older versions: the snapshots of the history, each with the folder of the
//! backup folder it was kept from, and whether that folder is there. Restore writes one back
//! there, each archive checked against its receipt; What changed compares two of them. And the
//! history's password, saved to a file the person chooses.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::catalog::GroupId;
use crate::failure::{Failure, Problem};
use crate::history::{History, HistoryDiff, HistoryError, Snapshot, Start};
use crate::session::Session;

/// One kept version of an export (IPC.md `Version`).
#[derive(Debug, Clone, Serialize)]
pub struct Version {
    /// The snapshot's id, which Restore takes.
    pub id: String,
    pub groups: Vec<GroupId>,
    pub export_time: DateTime<Utc>,
    /// Where its window starts: `null` for a full export.
    pub start_time: Option<DateTime<Utc>>,
    pub size: Option<u64>,
    /// Its folder in the backup folder, where Restore puts it back.
    pub dir: PathBuf,
    /// Whether that folder is in the backup folder now.
    pub on_disk: bool,
}

impl Version {
    fn of(snapshot: Snapshot, root: &Path) -> Self {
        let dir = root.join(snapshot.path.trim_start_matches('/'));
        Self {
            on_disk: dir.join(crate::files::MANIFEST_FILE).is_file(),
            id: snapshot.id,
            groups: snapshot.groups,
            export_time: snapshot.export_time,
            start_time: match snapshot.start {
                Some(Start::At(at)) => Some(at),
                _ => None,
            },
            size: snapshot.size,
            dir,
        }
    }
}

/// Every version the history keeps, oldest first; none while the history is off or not made.
pub fn versions(session: &Session) -> Result<Vec<Version>, Problem> {
    let root = &session.backup_dir;
    let listed = on_history(session, |history| {
        let snapshots = history.list(None)?;
        Ok((history, snapshots))
    })?;
    Ok(listed
        .unwrap_or_default()
        .into_iter()
        .map(|snapshot| Version::of(snapshot, root))
        .collect())
}

/// Writes version `id` back into its folder of the backup folder; refused while that folder
/// is there. Returns the folder.
pub fn restore(session: &Session, id: &str) -> Result<PathBuf, Problem> {
    let restored = on_history(session, |history| {
        let Some(snapshot) = history.list(None)?.into_iter().find(|s| s.id == id) else {
            return Ok((
                history,
                Err(Problem::new(Failure::NotFound, format!("no version {id}"))),
            ));
        };
        let version = Version::of(snapshot, &session.backup_dir);
        if version.dir.exists() {
            let there = format!("{} is in the backup folder already", version.dir.display());
            return Ok((history, Err(Problem::new(Failure::Refused, there))));
        }
        let (history, _) = history.restore(id, &version.dir)?;
        Ok((history, Ok(version.dir)))
    })?;
    restored
        .ok_or_else(|| Problem::new(Failure::NotFound, "there is no history to restore from"))?
}

/// What changed from version `from` to version `to`, read in place in the history.
pub fn changes(session: &Session, from: &str, to: &str) -> Result<HistoryDiff, Problem> {
    let compared = on_history(session, |history| history.diff(from, to))?;
    compared.ok_or_else(|| Problem::new(Failure::NotFound, "there is no history to compare in"))
}

/// Writes the history's password into `to` (chosen in the system's dialog), a file only its
/// owner may read, on its first line as restic's `--password-file` reads it: the password
/// itself never travels to the page.
pub fn save_password(session: &Session, to: &Path) -> Result<(), Problem> {
    use std::io::Write;
    let place = session
        .history
        .as_ref()
        .ok_or_else(|| Problem::new(Failure::Refused, "the history is off"))?;
    let password = place.password().map_err(problem)?;
    let disk = |e: std::io::Error| Problem::new(Failure::Disk, format!("{}: {e}", to.display()));
    let mut file = crate::files::private::file_options()
        .write(true)
        .create(true)
        .truncate(true)
        .open(to)
        .map_err(disk)?;
    writeln!(file, "{}", password.expose())
        .and_then(|()| file.sync_all())
        .map_err(disk)
}

/// Runs `work` on the session's history, opened the first time and kept open after: a
/// Library drawn again after each export does not derive the key each time (0.3 s and 140 MB
/// at restic's settings). `None` while the history is off or not made. A failure closes it,
/// so the next call opens it afresh.
fn on_history<T>(
    session: &Session,
    work: impl FnOnce(History) -> Result<(History, T), HistoryError>,
) -> Result<Option<T>, Problem> {
    let Some(place) = &session.history else {
        return Ok(None);
    };
    let mut kept = session
        .history_read
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let history = match kept.take() {
        Some(history) => history,
        None => match place.open().map_err(problem)? {
            Some(history) => history,
            None => return Ok(None),
        },
    };
    let (history, answer) = work(history).map_err(problem)?;
    *kept = Some(history);
    Ok(Some(answer))
}

fn problem(error: HistoryError) -> Problem {
    Problem::new(error.failure(), error)
}
