//! Which snapshots the history keeps. Per group, restic's own rules: the last few, then one a
//! day, a week and a month for a while. A snapshot goes only when every group it holds lets it
//! go, and never when it is the only one holding a window of a time-filter group: an
//! incremental export's days exist nowhere else. Only Carryout's snapshots are weighed; a
//! repository shared with other restic backups keeps theirs untouched.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use rustic_core::repofile::SnapshotFile;
use rustic_core::{KeepOptions, PruneOptions};
use serde::{Deserialize, Serialize};

use super::error::HistoryError;
use super::repo::History;
use super::snapshots::{self, Snapshot, Start};
use crate::catalog::{self, GroupId};

/// How many snapshots of each group are kept, as restic's `forget --keep-*` counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Retention {
    pub last: u32,
    pub daily: u32,
    pub weekly: u32,
    pub monthly: u32,
}

/// A year of daily backups in about 30 snapshots: the last 3, a day for two weeks, a week for
/// two months, a month for a year.
impl Default for Retention {
    fn default() -> Self {
        Self {
            last: 3,
            daily: 14,
            weekly: 8,
            monthly: 12,
        }
    }
}

impl Retention {
    /// At least the newest snapshot of each group is kept.
    pub const LAST_MIN: u32 = 1;
    /// More than any count a person would keep: a limit on hand-edited preferences.
    pub const KEEP_MAX: u32 = 1000;

    /// The same counts, each within [`Self::LAST_MIN`] (the last) or 0 and [`Self::KEEP_MAX`].
    pub fn within_limits(self) -> Self {
        Self {
            last: self.last.clamp(Self::LAST_MIN, Self::KEEP_MAX),
            daily: self.daily.min(Self::KEEP_MAX),
            weekly: self.weekly.min(Self::KEEP_MAX),
            monthly: self.monthly.min(Self::KEEP_MAX),
        }
    }

    fn keep_options(&self) -> KeepOptions {
        let count = |n: u32| Some(i32::try_from(n).unwrap_or(i32::MAX));
        KeepOptions::default()
            .keep_last(count(self.last))
            .keep_daily(count(self.daily))
            .keep_weekly(count(self.weekly))
            .keep_monthly(count(self.monthly))
    }
}

/// What retention keeps and lets go, oldest first.
#[derive(Debug, Clone, Serialize)]
pub struct RetentionPlan {
    pub keep: Vec<Snapshot>,
    pub forget: Vec<Snapshot>,
}

impl History {
    /// What `retention` lets go now, changing nothing.
    pub fn retention_plan(
        &self,
        retention: &Retention,
        now: DateTime<Utc>,
    ) -> Result<RetentionPlan, HistoryError> {
        let files: Vec<SnapshotFile> = self
            .repo
            .get_all_snapshots()
            .map_err(|e| self.failed(e))?
            .into_iter()
            .filter(|s| s.hostname == snapshots::HOST)
            .collect();
        let all: Vec<Snapshot> = files.iter().map(Snapshot::of).collect();
        // Kept by the rules of at least one of its groups.
        let mut by_group: BTreeMap<&GroupId, Vec<SnapshotFile>> = BTreeMap::new();
        for (file, snapshot) in files.iter().zip(&all) {
            for group in &snapshot.groups {
                by_group.entry(group).or_default().push(file.clone());
            }
        }
        let keep = retention.keep_options();
        let now = snapshots::zoned(now);
        let mut kept: BTreeSet<String> = BTreeSet::new();
        for group_files in by_group.into_values() {
            let decided = keep.apply(group_files, &now).map_err(|e| self.failed(e))?;
            kept.extend(
                decided
                    .into_iter()
                    .filter(|d| d.keep)
                    .map(|d| d.snapshot.id.to_hex().to_string()),
            );
        }
        // Kept for the windows no kept snapshot holds.
        let needed: Vec<String> = all
            .iter()
            .filter(|s| !kept.contains(&s.id) && holds_a_window_alone(s, &all, &kept))
            .map(|s| s.id.clone())
            .collect();
        kept.extend(needed);
        let (mut keep, mut forget): (Vec<Snapshot>, Vec<Snapshot>) =
            all.into_iter().partition(|s| kept.contains(&s.id));
        for list in [&mut keep, &mut forget] {
            list.sort_by(|a, b| (a.export_time, &a.id).cmp(&(b.export_time, &b.id)));
        }
        Ok(RetentionPlan { keep, forget })
    }

    /// Lets go what `retention` lets go and frees the space only those snapshots used.
    pub fn apply_retention(
        self,
        retention: &Retention,
        now: DateTime<Utc>,
    ) -> Result<(History, RetentionPlan), HistoryError> {
        let plan = self.retention_plan(retention, now)?;
        if plan.forget.is_empty() {
            return Ok((self, plan));
        }
        let forget: BTreeSet<&str> = plan.forget.iter().map(|s| s.id.as_str()).collect();
        let ids: Vec<_> = self
            .repo
            .get_all_snapshots()
            .map_err(|e| self.failed(e))?
            .into_iter()
            .filter(|file| forget.contains(file.id.to_hex().as_str()))
            .map(|file| file.id)
            .collect();
        self.repo
            .delete_snapshots(&ids)
            .map_err(|e| self.failed(e))?;
        // Packs no snapshot needs go at once: no other program prunes this repository's
        // Carryout snapshots, so restic's grace period for concurrent backups is not needed.
        let options = PruneOptions::default().instant_delete(true);
        let prune = self.repo.prune_plan(&options).map_err(|e| self.failed(e))?;
        self.repo
            .prune(&options, prune)
            .map_err(|e| self.failed(e))?;
        Ok((self, plan))
    }
}

/// Whether `snapshot` holds a window of one of its time-filter groups that no kept snapshot of
/// that group holds whole. A snapshot whose window is not known (made before windows were
/// tagged) always counts as holding one.
fn holds_a_window_alone(snapshot: &Snapshot, all: &[Snapshot], kept: &BTreeSet<String>) -> bool {
    let filtered = |group: &GroupId| catalog::find(group).is_some_and(|g| g.time_filter);
    snapshot.groups.iter().filter(|g| filtered(g)).any(|group| {
        let Some(start) = snapshot.start else {
            return true;
        };
        !all.iter().any(|other| {
            kept.contains(&other.id)
                && other.groups.contains(group)
                && other.export_time >= snapshot.export_time
                && other.start.is_some_and(|from| from.holds_from(start))
        })
    })
}

impl Start {
    /// Whether a window starting here begins no later than one starting at `other`.
    fn holds_from(self, other: Start) -> bool {
        match (self, other) {
            (Start::Beginning, _) => true,
            (Start::At(_), Start::Beginning) => false,
            (Start::At(mine), Start::At(theirs)) => mine <= theirs,
        }
    }
}
