//! Recurring backups: a set of groups exported every N days. Each run initiates a group only
//! once its 24 h window has passed (a group inside it waits for it), time-filter groups from
//! where their last export ended. A run missed while the computer was off or asleep runs once
//! when it wakes, never twice: a run starts no group already under way, and its next time is
//! counted past now once its exports are written.

use chrono::{DateTime, Utc};
use rusqlite::params;
use serde::Serialize;

use super::exports::{ExportRow, ExportState};
use super::{Engine, EngineError, ExportRequest, Since, chrono_duration, dedup};
use crate::catalog::{self, GroupId};
use crate::store::{Cells, Stamp, Store, StoreError};

const DAY: std::time::Duration = std::time::Duration::from_secs(24 * 3600);
/// The longest a schedule waits between runs: a year.
pub const MAX_EVERY_DAYS: u32 = 365;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Schedule {
    pub id: i64,
    pub groups: Vec<GroupId>,
    pub every_days: u32,
    pub next_run_at: DateTime<Utc>,
    pub last_run_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub(super) struct Schedules {
    store: Store,
}

impl Schedules {
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    pub fn all(&self) -> Result<Vec<Schedule>, StoreError> {
        self.store.with(|c| {
            let mut statement = c.prepare(
                "SELECT id, groups, every_days, next_run_at, last_run_at FROM schedules ORDER BY id",
            )?;
            let mut rows = statement.query([])?;
            let mut found = Vec::new();
            while let Some(row) = rows.next()? {
                let id = row.get(0)?;
                let cells = Cells::new(row, format!("schedule {id}"));
                let groups: String = cells.get(1)?;
                found.push(Schedule {
                    id,
                    groups: groups.split(',').map(GroupId::from).collect(),
                    every_days: cells.get(2)?,
                    next_run_at: cells.time(3)?,
                    last_run_at: cells.time_opt(4)?,
                });
            }
            Ok(found)
        })
    }

    fn insert(
        &self,
        groups: &[GroupId],
        every_days: u32,
        next: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        self.store.with(|c| {
            c.execute(
                "INSERT INTO schedules (groups, every_days, next_run_at, created_at) \
                 VALUES (?1, ?2, ?3, ?3)",
                params![groups.join(","), every_days, Stamp(next)],
            )?;
            Ok(c.last_insert_rowid())
        })
    }

    fn remove(&self, id: i64) -> Result<bool, StoreError> {
        self.store
            .with(|c| Ok(c.execute("DELETE FROM schedules WHERE id = ?1", params![id])? > 0))
    }

    /// Makes every schedule due now ("run now"); its next runs count from now.
    fn all_due(&self, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.store
            .execute("UPDATE schedules SET next_run_at = ?1", params![Stamp(now)])
            .map(drop)
    }

    fn ran(&self, id: i64, at: DateTime<Utc>, next: DateTime<Utc>) -> Result<(), StoreError> {
        self.store
            .execute(
                "UPDATE schedules SET last_run_at = ?2, next_run_at = ?3 WHERE id = ?1",
                params![id, Stamp(at), Stamp(next)],
            )
            .map(drop)
    }
}

/// A schedule with how its last run went, for a host to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScheduleReport {
    #[serde(flatten)]
    pub schedule: Schedule,
    pub last_result: Option<RunResult>,
}

/// How a schedule's last run went, from its groups' latest exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RunResult {
    /// Every group's latest export is verified.
    Verified,
    /// Some are still under way (or waiting for their window or consent), none failed.
    Running,
    /// At least one group's latest export failed, was cancelled or is blocked.
    Failed,
}

fn run_result(schedule: &Schedule, latest: &[ExportRow]) -> Option<RunResult> {
    schedule.last_run_at?;
    let states: Vec<ExportState> = latest
        .iter()
        .filter(|r| {
            schedule
                .groups
                .iter()
                .any(|g| r.group.split(',').any(|one| g == one))
        })
        .map(|r| r.state)
        .collect();
    if states.is_empty() {
        None
    } else if states.iter().any(|s| {
        matches!(
            s,
            ExportState::Failed | ExportState::Cancelled | ExportState::Blocked
        )
    }) {
        Some(RunResult::Failed)
    } else if states.iter().all(|s| *s == ExportState::Verified) {
        Some(RunResult::Verified)
    } else {
        Some(RunResult::Running)
    }
}

/// The first run time after `now` on the schedule's grid: missed runs are not made up.
fn next_after(schedule: &Schedule, now: DateTime<Utc>) -> DateTime<Utc> {
    let every = chrono_duration(DAY * schedule.every_days);
    let mut next = schedule.next_run_at;
    if next > now {
        return next;
    }
    let missed = (now - next).num_seconds() / every.num_seconds().max(1);
    next += every * i32::try_from(missed + 1).unwrap_or(i32::MAX);
    next
}

impl Engine {
    /// Exports `groups` now (their windows permitting) and then every `every_days` days.
    pub fn add_schedule(
        &self,
        groups: &[GroupId],
        every_days: u32,
    ) -> Result<Schedule, EngineError> {
        if !(1..=MAX_EVERY_DAYS).contains(&every_days) {
            return Err(EngineError::BadSchedule);
        }
        let groups = dedup(groups);
        if let Some(unknown) = groups.iter().find(|g| catalog::find(g).is_none()) {
            return Err(EngineError::UnknownGroup(unknown.to_string()));
        }
        let now = self.inner.clock.now();
        let id = self.inner.schedules.insert(&groups, every_days, now)?;
        self.inner.wake.notify_one();
        self.schedules()?
            .into_iter()
            .find(|s| s.id == id)
            .ok_or(EngineError::UnknownSchedule(id))
    }

    pub fn schedules(&self) -> Result<Vec<Schedule>, EngineError> {
        Ok(self.inner.schedules.all()?)
    }

    /// Every schedule with its last run's result.
    pub fn schedule_reports(&self) -> Result<Vec<ScheduleReport>, EngineError> {
        let mut latest = Vec::new();
        let schedules = self.schedules()?;
        let mut groups: Vec<&GroupId> = schedules.iter().flat_map(|s| &s.groups).collect();
        groups.sort();
        groups.dedup();
        for group in groups {
            latest.extend(self.inner.exports.latest_of(group)?);
        }
        Ok(schedules
            .into_iter()
            .map(|schedule| ScheduleReport {
                last_result: run_result(&schedule, &latest),
                schedule,
            })
            .collect())
    }

    /// Runs every schedule now (a person's "run now"), once: each next run is counted from
    /// now. Groups still inside their 24 h window wait for it, as on any run.
    pub fn run_schedules_now(&self) -> Result<(), EngineError> {
        self.inner.schedules.all_due(self.inner.clock.now())?;
        self.inner.wake.notify_one();
        Ok(())
    }

    pub fn remove_schedule(&self, id: i64) -> Result<(), EngineError> {
        if self.inner.schedules.remove(id)? {
            Ok(())
        } else {
            Err(EngineError::UnknownSchedule(id))
        }
    }

    /// Runs every due schedule once; returns when the next one is due.
    pub(super) fn run_due_schedules(&self) -> Result<Option<DateTime<Utc>>, EngineError> {
        let now = self.inner.clock.now();
        for schedule in self.inner.schedules.all()? {
            if schedule.next_run_at > now {
                continue;
            }
            // A group still inside its 24 h window waits for it and starts when it opens; a
            // group whose one-time access is used is left alone. The exports are written
            // before the run is marked done: a crash in between runs it again, which starts
            // nothing twice (a group under way is not started again), where the other order
            // would skip the run.
            let plan = self.plan(&schedule.groups)?;
            let due: Vec<GroupId> = schedule
                .groups
                .iter()
                .filter(|g| {
                    !plan
                        .blocked
                        .iter()
                        .any(|b| &b.group == *g && b.code == super::BlockedCode::OneTimeUsed)
                })
                .cloned()
                .collect();
            if !due.is_empty() {
                self.start_exports(&ExportRequest {
                    groups: due,
                    since: Since::LastExport,
                    until: None,
                })?;
            }
            self.inner
                .schedules
                .ran(schedule.id, now, next_after(&schedule, now))?;
        }
        Ok(self
            .inner
            .schedules
            .all()?
            .iter()
            .map(|s| s.next_run_at)
            .min())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missed_runs_are_skipped_not_repeated() {
        let start: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
        let schedule = Schedule {
            id: 1,
            groups: vec![],
            every_days: 2,
            next_run_at: start,
            last_run_at: None,
        };
        let day = chrono::Duration::days(1);
        assert_eq!(next_after(&schedule, start), start + day * 2);
        // Asleep for a week: one run on waking, the next on the grid after now.
        assert_eq!(next_after(&schedule, start + day * 7), start + day * 8);
        assert_eq!(next_after(&schedule, start - day), start);
    }

    #[test]
    fn a_run_is_failed_if_any_group_failed_and_verified_only_when_all_are() {
        let at: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
        let schedule = Schedule {
            id: 1,
            groups: vec!["a".into(), "b".into()],
            every_days: 1,
            next_run_at: at,
            last_run_at: Some(at),
        };
        let row = |group: &str, state| {
            let mut row = crate::desktop::notices::tests_support::row(group, state);
            row.created_at = at;
            row
        };
        let verified = [
            row("a", ExportState::Verified),
            row("b", ExportState::Verified),
        ];
        assert_eq!(run_result(&schedule, &verified), Some(RunResult::Verified));
        let running = [
            row("a", ExportState::Verified),
            row("b", ExportState::InProgress),
        ];
        assert_eq!(run_result(&schedule, &running), Some(RunResult::Running));
        let failed = [
            row("a", ExportState::Failed),
            row("b", ExportState::InProgress),
        ];
        assert_eq!(run_result(&schedule, &failed), Some(RunResult::Failed));
        assert_eq!(
            run_result(&schedule, &[row("c", ExportState::Failed)]),
            None
        );
        let never = Schedule {
            last_run_at: None,
            ..schedule
        };
        assert_eq!(run_result(&never, &verified), None);
    }
}
