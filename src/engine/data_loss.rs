//! The data-loss alarm: after every verified export, its records are counted per file and set
//! against earlier exports of the same groups, like with like.
//!
//! - A **full** export (no start time) is compared, file by file, with the latest earlier full
//!   export of each of its groups. Google's full export holds a group's whole history, so fewer
//!   records (more than 5 % fewer in all) means data was deleted at Google or the export went
//!   wrong. When that earlier export held only groups of this one, every one of its files is
//!   compared (a file gone entirely counts); when it also held other groups, only the files both
//!   hold are, so another group's files never raise the alarm.
//! - An **incremental** export (a start time) holds only its window's new activity, so it is
//!   set against the pace of the same groups' recent incremental exports: a window holding at
//!   most a tenth of the records that pace foretells, when it foretells at least
//!   [`MIN_EXPECTED`], raises the alarm. Below that, a quiet week is no sign of anything.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::exports::{ExportRow, ExportState};
use super::warnings::NewWarning;
use super::{Engine, WarningCode};
use crate::catalog::GroupId;
use crate::library::{ARCHIVE_INDEX, ListOptions, Manifest, list_archive};

/// A full export with this share fewer records than the previous one raises the alarm.
const DROP: f64 = 0.05;
/// An incremental export is judged only when its window should hold at least this many records.
const MIN_EXPECTED: f64 = 10.0;
/// Recent incremental exports that set the pace.
const PACE_EXPORTS: usize = 7;

/// Records per JSON file of one export folder.
type Counts = BTreeMap<String, u64>;

/// One verified export on disk: its folder and the groups it holds.
#[derive(Debug, Clone)]
struct Export {
    dir: PathBuf,
    groups: BTreeSet<GroupId>,
    start_time: Option<DateTime<Utc>>,
    export_time: Option<DateTime<Utc>>,
}

impl Export {
    /// Every verified export of `rows`, one per folder.
    fn all(rows: &[ExportRow]) -> Vec<Export> {
        let mut by_dir: BTreeMap<&str, Export> = BTreeMap::new();
        for row in rows.iter().filter(|r| r.state == ExportState::Verified) {
            let Some(dir) = row.export_dir.as_deref() else {
                continue;
            };
            by_dir
                .entry(dir)
                .or_insert_with(|| Export {
                    dir: PathBuf::from(dir),
                    groups: BTreeSet::new(),
                    start_time: row.start_time,
                    export_time: row.export_time,
                })
                .groups
                .insert(row.group.clone());
        }
        by_dir.into_values().collect()
    }

    fn is_full(&self) -> bool {
        self.start_time.is_none()
    }

    /// Days the window of an incremental export spans.
    fn window_days(&self) -> Option<f64> {
        let span = self.export_time? - self.start_time?;
        Some(span.num_seconds() as f64 / 86_400.0).filter(|days| *days > 0.0)
    }
}

/// A comparison that raises the alarm.
#[derive(Debug, PartialEq)]
struct Loss {
    groups: Vec<GroupId>,
    before: u64,
    after: u64,
    /// The files that shrank, `name (before → after)`.
    shrunk: Vec<String>,
}

impl Engine {
    /// Checks the export of `job_rows` (every row of one job, just verified) for lost data. It
    /// reads every JSON file of the exports compared, off the async workers.
    pub(super) async fn check_for_data_loss(&self, job_rows: &[ExportRow]) {
        let Some(lead) = job_rows.first() else { return };
        let Some(dir) = lead.export_dir.clone() else {
            return;
        };
        let Ok(rows) = self.inner.exports.all() else {
            return;
        };
        let exports = Export::all(&rows);
        let Some(new) = exports.iter().find(|e| e.dir == Path::new(&dir)).cloned() else {
            return;
        };
        let full = new.is_full();
        let checked = tokio::task::spawn_blocking(move || {
            if full {
                full_losses(&new, &exports)
            } else {
                incremental_loss(&new, &exports).into_iter().collect()
            }
        })
        .await;
        let Ok(losses) = checked else { return };
        for loss in losses {
            self.warn(NewWarning::about_export(
                lead.id,
                WarningCode::DataShrank,
                describe(&loss, full),
            ));
        }
    }
}

fn describe(loss: &Loss, full: bool) -> String {
    let groups = loss.groups.join(", ");
    let (before, after) = (loss.before, loss.after);
    if full {
        format!(
            "the new full export of {groups} has {after} records, {before} before ({:.0} % \
             fewer): {}",
            100.0 * (before - after) as f64 / before as f64,
            loss.shrunk.join(", ")
        )
    } else {
        format!(
            "the new export of {groups} holds {} where its recent pace foretold about {before}: \
             if you used these services as usual, data may be missing at Google",
            records(after)
        )
    }
}

fn records(n: u64) -> String {
    if n == 1 {
        "1 record".to_owned()
    } else {
        format!("{n} records")
    }
}

/// Compares a full export with the latest earlier full export of each of its groups.
fn full_losses(new: &Export, exports: &[Export]) -> Vec<Loss> {
    let earlier = |e: &&Export| e.is_full() && e.dir != new.dir && e.export_time < new.export_time;
    // The latest earlier full export of each group, each compared once.
    let mut previous: Vec<&Export> = Vec::new();
    for group in &new.groups {
        let latest = exports
            .iter()
            .filter(earlier)
            .filter(|e| e.groups.contains(group))
            .max_by_key(|e| e.export_time);
        if let Some(latest) = latest
            && !previous.iter().any(|p| p.dir == latest.dir)
        {
            previous.push(latest);
        }
    }
    if previous.is_empty() {
        return Vec::new();
    }
    let now = record_counts(&new.dir);
    previous
        .into_iter()
        .filter_map(|old| {
            let then = record_counts(&old.dir);
            let whole = old.groups.is_subset(&new.groups);
            let shared: Counts = then
                .into_iter()
                .filter(|(name, _)| whole || now.contains_key(name))
                .collect();
            let groups = old.groups.intersection(&new.groups).cloned().collect();
            shrinkage(&shared, &now, groups)
        })
        .collect()
}

/// The loss between the files of `before` and the same files `after`, when over [`DROP`].
fn shrinkage(before: &Counts, after: &Counts, groups: Vec<GroupId>) -> Option<Loss> {
    let now = |name: &String| after.get(name).copied().unwrap_or(0);
    let total_before: u64 = before.values().sum();
    let total_after: u64 = before.keys().map(now).sum();
    if total_before == 0 || (total_after as f64) >= (total_before as f64) * (1.0 - DROP) {
        return None;
    }
    let shrunk = before
        .iter()
        .filter(|(name, count)| now(name) < **count)
        .map(|(name, count)| format!("{name} ({count} → {})", now(name)))
        .collect();
    Some(Loss {
        groups,
        before: total_before,
        after: total_after,
        shrunk,
    })
}

/// Sets an incremental export against the pace of the same groups' recent incremental exports.
fn incremental_loss(new: &Export, exports: &[Export]) -> Option<Loss> {
    let days = new.window_days()?;
    let mut recent: Vec<&Export> = exports
        .iter()
        .filter(|e| !e.is_full() && e.dir != new.dir && e.groups == new.groups)
        .filter(|e| e.export_time < new.export_time && e.window_days().is_some())
        .collect();
    recent.sort_by_key(|e| std::cmp::Reverse(e.export_time));
    recent.truncate(PACE_EXPORTS);
    let (records, span) = recent.iter().fold((0u64, 0.0), |(records, span), e| {
        let counted: u64 = record_counts(&e.dir).values().sum();
        (records + counted, span + e.window_days().unwrap_or(0.0))
    });
    if span <= 0.0 {
        return None;
    }
    let expected = records as f64 / span * days;
    if expected < MIN_EXPECTED {
        return None;
    }
    let found: u64 = record_counts(&new.dir).values().sum();
    (found as f64 * 10.0 <= expected).then(|| Loss {
        groups: new.groups.iter().cloned().collect(),
        before: expected.round() as u64,
        after: found,
        shrunk: Vec::new(),
    })
}

/// Records per JSON file across an export folder's archives.
fn record_counts(dir: &Path) -> Counts {
    let mut counts = Counts::new();
    let Ok(manifest) = Manifest::read(dir) else {
        return counts;
    };
    for file in &manifest.files {
        let Ok(entries) = list_archive(&dir.join(&file.name), &ListOptions::with_records()) else {
            continue;
        };
        // Google's index of the archive counts services, not data.
        let data = entries
            .into_iter()
            .filter(|e| !e.name.ends_with(ARCHIVE_INDEX));
        for entry in data {
            if let Some(records) = entry.records {
                *counts.entry(entry.name).or_insert(0) += records;
            }
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(pairs: &[(&str, u64)]) -> Counts {
        pairs.iter().map(|(n, c)| ((*n).to_owned(), *c)).collect()
    }

    #[test]
    fn a_drop_over_five_percent_names_the_files_that_shrank() {
        let before = counts(&[("a.json", 50), ("b.json", 50)]);
        let after = counts(&[("a.json", 50), ("b.json", 40)]);
        let loss = shrinkage(&before, &after, vec!["g".into()]).expect("10 % fewer");
        assert_eq!((loss.before, loss.after), (100, 90));
        assert_eq!(loss.shrunk, ["b.json (50 → 40)"]);
        let slight = counts(&[("a.json", 50), ("b.json", 47)]);
        assert_eq!(shrinkage(&before, &slight, vec![]), None);
    }

    #[test]
    fn a_file_gone_counts_as_emptied() {
        let before = counts(&[("a.json", 10), ("b.json", 10)]);
        let after = counts(&[("a.json", 10)]);
        let loss = shrinkage(&before, &after, vec![]).expect("half gone");
        assert_eq!(loss.shrunk, ["b.json (10 → 0)"]);
    }
}
