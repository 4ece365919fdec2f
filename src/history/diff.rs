//! What changed between two snapshots: the entries of their archives added, removed and
//! changed (in size or in records), and the records each holds in all — what the data-loss
//! alarm reads between two days, for any two days the history keeps.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::repo::{History, HistoryError};
use super::snapshots::Snapshot;
use crate::library::{ARCHIVE_INDEX, ListOptions, Manifest, list_archive};

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
    /// Compares snapshots `a` and `b` (ids or unique starts of them), each restored into
    /// `scratch` (and checked against its receipt) to read its archives.
    pub fn diff(
        self,
        a: &str,
        b: &str,
        scratch: &Path,
    ) -> Result<(History, HistoryDiff), HistoryError> {
        let (history, first) = self.restore(a, &scratch.join("a"))?;
        let (history, second) = history.restore(b, &scratch.join("b"))?;
        let (from, to) = if first.snapshot.export_time <= second.snapshot.export_time {
            (
                (first.snapshot, scratch.join("a")),
                (second.snapshot, scratch.join("b")),
            )
        } else {
            (
                (second.snapshot, scratch.join("b")),
                (first.snapshot, scratch.join("a")),
            )
        };
        let before = entries(&from.1)?;
        let after = entries(&to.1)?;
        let mut diff = HistoryDiff {
            from: from.0,
            to: to.0,
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
        Ok((history, diff))
    }
}

/// Every entry of the archives of the export in `dir`, with its records.
fn entries(dir: &Path) -> Result<BTreeMap<String, EntryState>, HistoryError> {
    let manifest = Manifest::read(dir).map_err(|e| HistoryError::Disk {
        path: dir.to_path_buf(),
        detail: e.to_string(),
    })?;
    let mut entries = BTreeMap::new();
    for file in &manifest.files {
        let path = dir.join(&file.name);
        let listed =
            list_archive(&path, &ListOptions::with_records()).map_err(|e| HistoryError::Disk {
                path: path.clone(),
                detail: e.to_string(),
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
