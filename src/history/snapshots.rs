//! The snapshots of the history, as Carryout names them: what each holds, by its tags.

use chrono::{DateTime, Utc};
use rustic_core::jiff::{Timestamp, Zoned, tz::TimeZone};
use rustic_core::repofile::SnapshotFile;
use serde::Serialize;

use super::error::HistoryError;
use super::repo::History;
use crate::catalog::GroupId;
use crate::library::Manifest;

/// The host and command every snapshot records: Carryout's, not the machine's.
pub(super) const HOST: &str = "carryout";
pub(super) const COMMAND: &str = "carryout";

const GROUP_TAG: &str = "group=";
const JOB_TAG: &str = "job=";
const ACCESS_TAG: &str = "access=";
const START_TAG: &str = "start=";
const BEGINNING: &str = "beginning";

/// Where an export's window starts: a full export holds a group's whole history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    Beginning,
    At(DateTime<Utc>),
}

impl Start {
    fn tag(start: Option<DateTime<Utc>>) -> String {
        match start {
            Some(at) => format!("{START_TAG}{}", at.to_rfc3339()),
            None => format!("{START_TAG}{BEGINNING}"),
        }
    }

    fn parse(value: &str) -> Option<Self> {
        match value {
            BEGINNING => Some(Start::Beginning),
            at => DateTime::parse_from_rfc3339(at)
                .ok()
                .map(|at| Start::At(at.to_utc())),
        }
    }
}

/// `"beginning"`, or the time the window starts.
impl Serialize for Start {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Start::Beginning => serializer.serialize_str(BEGINNING),
            Start::At(at) => at.serialize(serializer),
        }
    }
}

/// One snapshot: one verified export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snapshot {
    /// restic's snapshot id (hex), which `restic` and `carryout history` both take.
    pub id: String,
    pub groups: Vec<GroupId>,
    pub job_id: Option<String>,
    pub access_type: Option<String>,
    /// Where the export's window starts; `None` for snapshots made before windows were
    /// tagged.
    pub start: Option<Start>,
    /// Google's export time (the snapshot's time).
    pub export_time: DateTime<Utc>,
    /// Where the export folder sits in the snapshot, e.g. `/chrome.history/<export folder>`.
    pub path: String,
    /// Bytes of the export (archives and receipt).
    pub size: Option<u64>,
    /// Bytes this snapshot added to the repository after deduplication and compression.
    pub added: Option<u64>,
}

impl Snapshot {
    pub(super) fn of(file: &SnapshotFile) -> Snapshot {
        let tags: Vec<&str> = file.tags.iter().map(String::as_str).collect();
        let value = |prefix: &str| {
            tags.iter()
                .find_map(|t| t.strip_prefix(prefix))
                .map(str::to_owned)
        };
        Snapshot {
            id: file.id.to_hex().to_string(),
            groups: tags
                .iter()
                .filter_map(|t| t.strip_prefix(GROUP_TAG))
                .map(GroupId::from)
                .collect(),
            job_id: value(JOB_TAG),
            access_type: value(ACCESS_TAG),
            start: value(START_TAG).as_deref().and_then(Start::parse),
            export_time: DateTime::from_timestamp_nanos(
                file.time.timestamp().as_nanosecond() as i64
            ),
            path: file.paths.iter().next().cloned().unwrap_or_default(),
            size: file.summary.as_ref().map(|s| s.total_bytes_processed),
            added: file.summary.as_ref().map(|s| s.data_added_packed),
        }
    }
}

/// The tags of an export's snapshot.
pub(super) fn tags_of(manifest: &Manifest) -> Vec<String> {
    let mut tags: Vec<String> = manifest
        .groups
        .iter()
        .map(|g| format!("{GROUP_TAG}{g}"))
        .collect();
    tags.push(format!("{JOB_TAG}{}", manifest.job_id));
    tags.push(format!("{ACCESS_TAG}{}", manifest.access_type));
    tags.push(Start::tag(manifest.start_time));
    tags
}

pub(super) fn zoned(at: DateTime<Utc>) -> Zoned {
    let nanos = at.timestamp_nanos_opt().unwrap_or_default();
    Timestamp::from_nanosecond(i128::from(nanos))
        .unwrap_or(Timestamp::UNIX_EPOCH)
        .to_zoned(TimeZone::UTC)
}

impl History {
    /// Every snapshot Carryout made (of `group` alone when given), oldest first.
    pub fn list(&self, group: Option<&str>) -> Result<Vec<Snapshot>, HistoryError> {
        let mut snapshots: Vec<Snapshot> = self
            .repo
            .get_all_snapshots()
            .map_err(|e| self.failed(e))?
            .iter()
            .filter(|s| s.hostname == HOST)
            .map(Snapshot::of)
            .filter(|s| group.is_none_or(|g| s.groups.iter().any(|mine| mine == g)))
            .collect();
        snapshots.sort_by(|a, b| (a.export_time, &a.id).cmp(&(b.export_time, &b.id)));
        Ok(snapshots)
    }
}
