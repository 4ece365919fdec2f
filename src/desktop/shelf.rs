//! The backup folder as the app reads it: its exports, one verified or listed at a time, and
//! folders opened in the system's file manager. The page names folders; nothing outside the
//! backup folder is read, and every failure is a [`Problem`] the app can say.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::failure::{Failure, Problem};
use crate::library::{self, ArchiveListing, ListOptions, Manifest, VerifyReport};
use crate::progress::ProgressSink;

/// An export folder of the library, with its receipt.
#[derive(Debug, Serialize)]
pub struct LibraryEntry {
    pub dir: PathBuf,
    #[serde(flatten)]
    pub manifest: Manifest,
    pub size: u64,
}

/// The backup folder `root`.
pub struct Shelf<'a> {
    pub root: &'a Path,
}

impl Shelf<'_> {
    /// Every export folder with a readable receipt.
    pub fn entries(&self) -> Result<Vec<LibraryEntry>, Problem> {
        let exports = library::exports(self.root)?;
        Ok(exports
            .into_iter()
            .map(|export| LibraryEntry {
                size: export.manifest.total_size(),
                dir: export.path,
                manifest: export.manifest,
            })
            .collect())
    }

    /// Checks the files of the export in `dir` against its receipt.
    pub fn verify(&self, dir: &Path, progress: &dyn ProgressSink) -> Result<VerifyReport, Problem> {
        let dir = self.inside(dir)?;
        let export = library::export_at(self.root, &dir)?
            .ok_or_else(|| Problem::new(Failure::NotFound, "no export in that folder"))?;
        Ok(library::verify(&[export], 2, progress))
    }

    /// The archives of the export in `dir` and their entries; with `records`, JSON records
    /// counted, until `cancel` is set.
    pub fn contents(
        &self,
        dir: &Path,
        records: bool,
        cancel: &AtomicBool,
    ) -> Result<Vec<ArchiveListing>, Problem> {
        let dir = self.inside(dir)?;
        let options = ListOptions {
            count_records: records,
            cancel: Some(cancel),
            ..ListOptions::default()
        };
        Ok(library::contents(&dir, &options)?)
    }

    /// Opens the backup folder or one of its export folders with `open` (the system's file
    /// manager): nothing else, since a file, on Windows, would be run. A folder gone is
    /// `not_found`; one that nothing opened is `no_opener` with its path, so the person learns
    /// what is missing and can copy where to go.
    pub fn open(
        &self,
        dir: &Path,
        open: impl FnOnce(&Path) -> Result<(), String>,
    ) -> Result<(), Problem> {
        if !dir.is_dir() {
            return Err(Problem::new(
                Failure::NotFound,
                "the folder no longer exists",
            ));
        }
        let dir = library::listed_folder(self.root, dir).ok_or_else(|| {
            Problem::new(
                Failure::NotFound,
                "that is neither the backup folder nor an export folder of it",
            )
        })?;
        open(&dir).map_err(|error| Problem {
            path: Some(dir.clone()),
            ..Problem::new(
                Failure::NoOpener,
                format!("no program opened the folder: {error}"),
            )
        })
    }

    /// `dir` if it is the backup folder or inside it.
    fn inside(&self, dir: &Path) -> Result<PathBuf, Problem> {
        library::inside(self.root, dir).ok_or_else(|| {
            Problem::new(Failure::NotFound, "that folder is not in the backup folder")
        })
    }
}

/// The listings of export folders under way, each with the flag that stops it: a new listing
/// of a folder stops the last one.
#[derive(Debug, Default)]
pub struct Listings {
    under_way: Mutex<HashMap<PathBuf, Arc<AtomicBool>>>,
}

impl Listings {
    /// A listing of `dir` begins; the one before it, if any, stops.
    pub fn begin(&self, dir: &Path) -> Arc<AtomicBool> {
        let cancel = Arc::new(AtomicBool::new(false));
        if let Some(earlier) = self.lock().insert(dir.to_owned(), cancel.clone()) {
            earlier.store(true, Ordering::Relaxed);
        }
        cancel
    }

    /// The listing `cancel` of `dir` has ended.
    pub fn end(&self, dir: &Path, cancel: &Arc<AtomicBool>) {
        let mut under_way = self.lock();
        if under_way.get(dir).is_some_and(|c| Arc::ptr_eq(c, cancel)) {
            under_way.remove(dir);
        }
    }

    /// Stops the listing of `dir` under way, if any.
    pub fn cancel(&self, dir: &Path) {
        if let Some(cancel) = self.lock().get(dir) {
            cancel.store(true, Ordering::Relaxed);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Arc<AtomicBool>>> {
        self.under_way.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_nothing_opens_is_said_with_its_path_and_a_missing_one_is_not_found() {
        let root = tempfile::tempdir().unwrap();
        let shelf = Shelf { root: root.path() };
        assert!(shelf.open(root.path(), |_| Ok(())).is_ok());
        let error = shelf
            .open(root.path(), |_| Err("xdg-open: not found".into()))
            .unwrap_err();
        assert_eq!(error.code, Failure::NoOpener);
        let canonical = root.path().canonicalize().unwrap();
        assert_eq!(error.path.as_deref(), Some(canonical.as_path()));
        let gone = root.path().join("gone");
        let error = shelf
            .open(&gone, |_| panic!("a missing folder is not handed on"))
            .unwrap_err();
        assert_eq!((error.code, error.path), (Failure::NotFound, None));
        let outside = tempfile::tempdir().unwrap();
        let error = shelf
            .open(outside.path(), |_| {
                panic!("a folder outside is not handed on")
            })
            .unwrap_err();
        assert_eq!(error.code, Failure::NotFound);
    }

    #[test]
    fn a_new_listing_of_a_folder_stops_the_last_and_only_its_own_end_clears_it() {
        let listings = Listings::default();
        let dir = Path::new("/backups/youtube/1");
        let first = listings.begin(dir);
        let second = listings.begin(dir);
        assert!(first.load(Ordering::Relaxed) && !second.load(Ordering::Relaxed));
        listings.end(dir, &first);
        listings.cancel(dir);
        assert!(
            second.load(Ordering::Relaxed),
            "the second is still the one under way"
        );
        listings.end(dir, &second);
        let third = listings.begin(dir);
        listings.end(dir, &third);
        listings.cancel(dir);
        assert!(
            !third.load(Ordering::Relaxed),
            "an ended listing is not stopped"
        );
    }
}
