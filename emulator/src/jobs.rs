//! Archive jobs: their lifecycle by the emulator clock and the quota each one holds.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, TimeDelta, Utc};

use crate::clock::plus;
use crate::settings::EntryCompression;

/// Archives stay downloadable this long after a job completes.
pub const ARCHIVE_RETENTION: TimeDelta = TimeDelta::days(14);
/// Time-based access allows one export per window.
pub const EXPORT_WINDOW: TimeDelta = TimeDelta::hours(24);
/// A FAILED job may be retried this many times (counted on the job first initiated).
pub const MAX_RETRIES: u32 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobState {
    InProgress,
    Complete,
    Failed,
    Cancelled,
}

impl JobState {
    pub fn as_str(self) -> &'static str {
        match self {
            JobState::InProgress => "IN_PROGRESS",
            JobState::Complete => "COMPLETE",
            JobState::Failed => "FAILED",
            JobState::Cancelled => "CANCELLED",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Job {
    pub id: String,
    pub client_id: String,
    pub user: String,
    /// As requested, duplicates removed, order kept.
    pub resources: Vec<String>,
    /// Started with time-based access: every resource of the job is time-based.
    pub time_based: bool,
    /// The resources exported with one-time access (all of them for a one-time job, some for a
    /// job through a mixed grant, none for a time-based job).
    pub one_time_resources: Vec<String>,
    pub requested_at: DateTime<Utc>,
    pub start_time: Option<DateTime<Utc>>,
    /// `exportTime`: the end of the exported window (`endTime`, else the time the export was
    /// first requested; a retry exports the same window).
    pub export_time: DateTime<Utc>,
    /// When the job leaves IN_PROGRESS (computed lazily on every read).
    pub ready_at: DateTime<Utc>,
    pub fails: bool,
    pub cancelled_at: Option<DateTime<Utc>>,
    /// The job first initiated; retries point at it and it counts them.
    pub origin: String,
    pub retries: u32,
    /// Created by `initiate` (not by `retry`): only these hold quota.
    pub from_initiate: bool,
    /// `authorization.reset` released its quota.
    pub released: bool,
    /// `authorization.reset` deleted its archives.
    pub archives_removed: bool,
    /// Bytes of the whole archive (all parts), the number of parts (URLs) and the wanted size
    /// of each ([`crate::archive::part_sizes`], which depends on the job id).
    pub total_size: u64,
    pub parts: u32,
    pub part_sizes: Vec<u64>,
    /// How its archives pack their JSON files.
    pub compression: EntryCompression,
    /// The account's history as it stood when the job was made: where it begins, and the
    /// groups whose older records were deleted.
    pub history_since: DateTime<Utc>,
    pub deleted_until: BTreeMap<String, DateTime<Utc>>,
}

impl Job {
    pub fn state(&self, now: DateTime<Utc>) -> JobState {
        match self.cancelled_at {
            Some(_) => JobState::Cancelled,
            None if now < self.ready_at => JobState::InProgress,
            None if self.fails => JobState::Failed,
            None => JobState::Complete,
        }
    }

    pub fn same_resources(&self, resources: &[String]) -> bool {
        let mine: BTreeSet<&String> = self.resources.iter().collect();
        let theirs: BTreeSet<&String> = resources.iter().collect();
        mine == theirs
    }

    pub fn belongs_to(&self, client_id: &str, user: &str) -> bool {
        self.client_id == client_id && self.user == user
    }

    pub fn archives_available(&self, now: DateTime<Utc>) -> bool {
        self.state(now) == JobState::Complete
            && !self.archives_removed
            && now < plus(self.ready_at, ARCHIVE_RETENTION)
    }

    /// The resources exported with time-based access.
    pub fn time_based_resources(&self) -> impl Iterator<Item = &String> {
        self.resources
            .iter()
            .filter(|r| !self.one_time_resources.contains(r))
    }

    /// Holds a time-based export window at `now`.
    pub fn holds_window(&self, now: DateTime<Utc>) -> bool {
        self.time_based_resources().next().is_some()
            && self.from_initiate
            && !self.released
            && self.state(now) != JobState::Cancelled
            && now < window_end(self.requested_at)
    }

    /// Has used up one-time access to `resource`.
    pub fn used_one_time(&self, resource: &str) -> bool {
        self.from_initiate
            && !self.released
            && self.one_time_resources.iter().any(|r| r == resource)
    }
}

/// End of the window anchored at `at`, rounded up to a whole second so that the advertised
/// `timestamp_after_24hrs` is exactly when a new initiate succeeds.
pub fn window_end(at: DateTime<Utc>) -> DateTime<Utc> {
    let end = plus(at, EXPORT_WINDOW);
    let whole = DateTime::from_timestamp(end.timestamp(), 0).unwrap_or(end);
    if whole < end {
        plus(whole, TimeDelta::seconds(1))
    } else {
        whole
    }
}

#[derive(Debug, Default)]
pub struct JobStore {
    jobs: Vec<Job>,
    index: HashMap<String, usize>,
}

impl JobStore {
    pub fn insert(&mut self, job: Job) {
        self.index.insert(job.id.clone(), self.jobs.len());
        self.jobs.push(job);
    }

    pub fn get(&self, id: &str) -> Option<&Job> {
        self.index.get(id).map(|&i| &self.jobs[i])
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut Job> {
        self.index.get(id).map(|&i| &mut self.jobs[i])
    }

    /// The job, if the caller's client and user may see it.
    pub fn visible(&self, id: &str, client_id: &str, user: &str) -> Option<&Job> {
        self.get(id).filter(|j| j.belongs_to(client_id, user))
    }

    /// Jobs of one client and user, oldest first.
    pub fn of<'a>(&'a self, client_id: &'a str, user: &'a str) -> impl Iterator<Item = &'a Job> {
        self.jobs
            .iter()
            .filter(move |j| j.belongs_to(client_id, user))
    }

    pub fn of_mut<'a>(
        &'a mut self,
        client_id: &'a str,
        user: &'a str,
    ) -> impl Iterator<Item = &'a mut Job> {
        self.jobs
            .iter_mut()
            .filter(move |j| j.belongs_to(client_id, user))
    }

    pub fn all(&self) -> &[Job] {
        &self.jobs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_end_rounds_up_to_whole_seconds() {
        let at = DateTime::parse_from_rfc3339("2026-07-19T10:00:00.25Z")
            .map(|t| t.with_timezone(&Utc))
            .expect("valid literal");
        let end = window_end(at);
        assert_eq!(end.to_rfc3339(), "2026-07-20T10:00:01+00:00");
    }
}
