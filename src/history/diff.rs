//! What changed between two snapshots: the entries of their archives added, removed and
//! changed (in size or in records), and the records each holds in all — what the data-loss
//! alarm reads between two days, for any two days the history keeps.

use std::collections::BTreeMap;
use std::io::BufReader;
use std::path::PathBuf;

use rustic_core::repofile::SnapshotFile;
use rustic_core::{IndexedFullStatus, Repository};
use serde::Serialize;

use super::error::HistoryError;
use super::reading::FileInSnapshot;
use super::repo::{History, failure};
use super::snapshots::{HOST, Snapshot};
use crate::files::MANIFEST_FILE;
use crate::library::{ARCHIVE_INDEX, ListOptions, Manifest, list_archive_from};

/// An entry of an export's archives as one snapshot holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EntryState {
    pub size: u64,
    /// The records of a JSON entry, when counted.
    pub records: Option<u64>,
}

/// One entry that is not the same in both snapshots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryChange {
    pub name: String,
    /// `None`: added in the later snapshot.
    pub before: Option<EntryState>,
    /// `None`: removed in the later snapshot.
    pub after: Option<EntryState>,
}

/// Two snapshots compared, the earlier first.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryDiff {
    pub from: Snapshot,
    pub to: Snapshot,
    pub added: Vec<EntryChange>,
    pub removed: Vec<EntryChange>,
    pub changed: Vec<EntryChange>,
    /// Records of every counted entry, before and after.
    pub records: (u64, u64),
    pub unchanged: usize,
}

impl History {
    /// Compares snapshots `a` and `b` (ids or unique starts of them), reading their receipts
    /// and archives in place in the repository: nothing is copied out, whatever their size.
    pub fn diff(self, a: &str, b: &str) -> Result<(History, HistoryDiff), HistoryError> {
        let History {
            repo,
            location,
            meter,
        } = self;
        let failed = |e: Box<rustic_core::RusticError>| failure(&location, &e);
        let ours = |s: &SnapshotFile| s.hostname == HOST;
        let first = repo.get_snapshot_from_str(a, ours).map_err(failed)?;
        let second = repo.get_snapshot_from_str(b, ours).map_err(failed)?;
        let (from, to) = if first.time <= second.time {
            (first, second)
        } else {
            (second, first)
        };
        let indexed = repo.to_indexed().map_err(failed)?;
        let before = entries(&indexed, &from, &location)?;
        let after = entries(&indexed, &to, &location)?;
        let mut diff = HistoryDiff {
            from: Snapshot::of(&from),
            to: Snapshot::of(&to),
            added: Vec::new(),
            removed: Vec::new(),
            changed: Vec::new(),
            records: (total(&before), total(&after)),
            unchanged: 0,
        };
        for (name, then) in &before {
            let change = EntryChange {
                name: name.clone(),
                before: Some(*then),
                after: after.get(name).copied(),
            };
            match change.after {
                None => diff.removed.push(change),
                Some(now) if now != *then => diff.changed.push(change),
                Some(_) => diff.unchanged += 1,
            }
        }
        for (name, now) in &after {
            if !before.contains_key(name) {
                diff.added.push(EntryChange {
                    name: name.clone(),
                    before: None,
                    after: Some(*now),
                });
            }
        }
        let history = History {
            repo: indexed.drop_index(),
            location,
            meter,
        };
        Ok((history, diff))
    }
}

/// Every entry of the archives of the export snapshot `snap` holds, with its records, read
/// in place.
fn entries(
    repo: &Repository<IndexedFullStatus>,
    snap: &SnapshotFile,
    location: &str,
) -> Result<BTreeMap<String, EntryState>, HistoryError> {
    let failed = |e: Box<rustic_core::RusticError>| failure(location, &e);
    let inside = PathBuf::from(Snapshot::of(snap).path);
    let node = |name: &str| {
        repo.node_from_snapshot_and_path(snap, &inside.join(name).to_string_lossy())
            .map_err(failed)
    };
    let mut receipt = Vec::new();
    repo.dump(&node(MANIFEST_FILE)?, &mut receipt)
        .map_err(failed)?;
    let receipt_path = inside.join(MANIFEST_FILE);
    let manifest = Manifest::parse(&receipt, &receipt_path).map_err(|e| HistoryError::Receipt {
        path: receipt_path.clone(),
        detail: e.to_string(),
    })?;
    let mut entries = BTreeMap::new();
    for file in &manifest.files {
        let path = inside.join(&file.name);
        let archive = FileInSnapshot::open(repo, &node(&file.name)?).map_err(failed)?;
        // Whole blobs are decrypted per read: read them a blob at a time.
        let reader = BufReader::with_capacity(1 << 20, archive);
        let listed =
            list_archive_from(reader, &path, &ListOptions::with_records()).map_err(|e| {
                HistoryError::Disk {
                    path: path.clone(),
                    detail: e.to_string(),
                }
            })?;
        for entry in listed
            .into_iter()
            .filter(|e| !e.name.ends_with(ARCHIVE_INDEX))
        {
            entries.insert(
                entry.name,
                EntryState {
                    size: entry.size,
                    records: entry.records,
                },
            );
        }
    }
    Ok(entries)
}

fn total(entries: &BTreeMap<String, EntryState>) -> u64 {
    entries.values().filter_map(|e| e.records).sum()
}
