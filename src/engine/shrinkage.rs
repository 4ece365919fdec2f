//! The data-loss alarm: after a verified full export, the records of each of its JSON files are
//! counted and set against the previous full export of the group; a drop of more than 5 % in
//! all is flagged, naming the files that shrank (data deleted at Google, or an export gone wrong).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::rows::{ExportRow, ExportState};
use super::warnings::NewWarning;
use super::{Engine, WarningCode};
use crate::library::{Manifest, list_archive};

/// A full export with this much fewer records than the previous one raises the alarm.
const DROP: f64 = 0.05;

impl Engine {
    /// Compares a just-verified full export with the group's previous one (off the async
    /// workers: it reads every JSON file).
    pub(super) async fn check_for_shrinkage(&self, row: &ExportRow) {
        let Some(new) = row.export_dir.as_ref().map(PathBuf::from) else {
            return;
        };
        if row.start_time.is_some() {
            return; // An incremental export holds only its window.
        }
        let Ok(rows) = self.inner.exports.all() else {
            return;
        };
        let previous = rows
            .into_iter()
            .filter(|r| r.id != row.id && r.group == row.group)
            .filter(|r| r.state == ExportState::Verified && r.start_time.is_none())
            .filter(|r| r.export_time < row.export_time)
            .max_by_key(|r| r.export_time)
            .and_then(|r| r.export_dir.map(PathBuf::from));
        let Some(old) = previous else { return };
        let counted =
            tokio::task::spawn_blocking(move || (record_counts(&old), record_counts(&new))).await;
        let Ok((old, new)) = counted else { return };
        let (before, after): (u64, u64) = (old.values().sum(), new.values().sum());
        if before == 0 || (after as f64) >= (before as f64) * (1.0 - DROP) {
            return;
        }
        let shrunk: Vec<String> = old
            .iter()
            .filter(|(name, count)| new.get(*name).copied().unwrap_or(0) < **count)
            .map(|(name, count)| {
                format!("{name} ({count} → {})", new.get(name).copied().unwrap_or(0))
            })
            .collect();
        self.warn(NewWarning::about_export(
            row.id,
            WarningCode::DataShrank,
            format!(
                "the new full export of {} has {after} records, {before} before ({:.0} % fewer): {}",
                row.group,
                100.0 * (before - after) as f64 / before as f64,
                shrunk.join(", ")
            ),
        ));
    }
}

/// Records per JSON file across an export folder's archives.
fn record_counts(dir: &Path) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    let Ok(manifest) = Manifest::read(dir) else {
        return counts;
    };
    for file in &manifest.files {
        let Ok(entries) = list_archive(&dir.join(&file.name), true) else {
            continue;
        };
        for entry in entries {
            if let Some(records) = entry.records {
                *counts.entry(entry.name).or_insert(0) += records;
            }
        }
    }
    counts
}
