//! The `exports` table: one row per export a person asked for, read and written as
//! [`ExportRow`]s. A value that does not parse is an error naming the row, never a default.

use chrono::{DateTime, Utc};
use rusqlite::{Row, params};
use serde::Serialize;

use crate::api::JobId;
use crate::auth::{Access, GrantId};
use crate::catalog::GroupId;
use crate::codes::code_enum;
use crate::store::{Cells, Stamp, Store, StoreError};

code_enum! {
    /// Where an export is on its way from "start" to "verified".
    pub enum ExportState {
        /// No usable sign-in covers the group: consent first.
        WaitingConsent,
        /// About to be initiated (or initiated, its answer not yet stored).
        Starting,
        /// Google is preparing the archives; polled on a schedule.
        InProgress,
        /// Complete at Google; the archives are being downloaded and verified.
        Downloading,
        /// Every archive is on disk and matches its checks.
        Verified,
        Failed,
        Cancelled,
        /// Cannot start until the person acts (one-time access used: reset and consent again).
        Blocked,
        /// Time-based access allows one export per 24 h; starts by itself at `window_until`.
        WaitingWindow,
    }
}

impl ExportState {
    /// States the engine acts on by itself, on a schedule.
    pub fn is_active(self) -> bool {
        matches!(
            self,
            Self::Starting | Self::InProgress | Self::Downloading | Self::WaitingWindow
        )
    }

    /// States no later action of the engine changes (only a person's retry or a new export).
    pub fn is_final(self) -> bool {
        matches!(self, Self::Verified | Self::Failed | Self::Cancelled)
    }
}

/// Why an export is failed, blocked or waiting, for a person and for a UI to switch on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowProblem {
    pub code: ProblemCode,
    /// English, for logs and the command line; a UI says the code in its own words.
    pub message: String,
}

code_enum! {
    /// The closed set of [`RowProblem`] codes, written in the database and sent to hosts as
    /// snake_case (`one_time_used`).
    pub enum ProblemCode {
        /// Google's job failed.
        Failed,
        /// One-time access was used: a reset and a new consent are needed.
        OneTimeUsed,
        /// Waiting for Google's 24-hour window, as promised.
        Window,
        /// Waiting for the window, promised later than before.
        WindowLater,
        /// Waiting for the window, promised sooner than before.
        WindowSooner,
        /// No sign-in covers the group.
        NotAuthorized,
        /// The sign-in ended or was revoked.
        GrantExpired,
        /// The archives could not be downloaded or verified.
        Download,
        /// The job or its archives are gone at Google.
        Gone,
        /// Google refused or answered with an error.
        Google,
        /// A transient failure: tried again shortly.
        Retrying,
        /// Google was asked to retry a failed job.
        Retried,
        /// A young job being cancelled to be folded into one job of its sign-in.
        Folding,
        Cancelled,
    }
}

/// One export as the engine keeps it and hosts show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportRow {
    pub id: i64,
    /// The resource group.
    pub group: GroupId,
    pub state: ExportState,
    pub grant_id: Option<GrantId>,
    pub job_id: Option<JobId>,
    /// Earlier jobs of this export (failed and retried), oldest first.
    pub previous_job_ids: Vec<JobId>,
    pub access: Option<Access>,
    pub start_time: Option<DateTime<Utc>>,
    pub end_time: Option<DateTime<Utc>>,
    pub export_time: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub initiated_at: Option<DateTime<Utc>>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub next_check_at: Option<DateTime<Utc>>,
    /// When Google last answered that the job was still being prepared.
    pub checked_at: Option<DateTime<Utc>>,
    /// State calls made for this export.
    pub checks: u32,
    pub retries: u32,
    /// Consecutive transient failures of the current step; each waits longer.
    pub setbacks: u32,
    /// When Google accepted the initiate of this export's job: the start of the 24 h window
    /// of time-based access it holds (a retry's job anchors none).
    pub window_from: Option<DateTime<Utc>>,
    pub problem: Option<RowProblem>,
    pub window_until: Option<DateTime<Utc>>,
    pub export_dir: Option<String>,
    pub bytes_done: u64,
    pub bytes_total: u64,
}

/// The `exports` table.
#[derive(Debug, Clone)]
pub struct Exports {
    store: Store,
}

const COLUMNS: &str = "id, resource, state, grant_id, job_id, previous_job_ids, access_type, \
    start_time, end_time, export_time, created_at, initiated_at, started_at, finished_at, \
    next_check_at, checks, retries, problem_code, problem_message, window_until, export_dir, \
    bytes_done, bytes_total, checked_at, setbacks, window_from";

impl Exports {
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    /// Adds a row and returns it.
    pub fn insert(&self, new: &NewExport, now: DateTime<Utc>) -> Result<ExportRow, StoreError> {
        let id = self.store.with(|c| {
            c.execute(
                "INSERT INTO exports (resource, state, grant_id, start_time, end_time, \
                 created_at, next_check_at, problem_code, problem_message, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?6)",
                params![
                    new.group,
                    new.state,
                    new.grant_id,
                    new.start_time.map(Stamp),
                    new.end_time.map(Stamp),
                    Stamp(now),
                    new.next_check_at.map(Stamp),
                    new.problem.as_ref().map(|p| p.code),
                    new.problem.as_ref().map(|p| p.message.as_str()),
                ],
            )?;
            Ok::<_, StoreError>(c.last_insert_rowid())
        })?;
        self.get(id)?.ok_or_else(|| missing(id))
    }

    /// Writes every field of `row` the engine changes (not `id`, `group`, `created_at`).
    pub fn save(&self, row: &ExportRow, now: DateTime<Utc>) -> Result<(), StoreError> {
        let previous = row
            .previous_job_ids
            .iter()
            .map(|id| id.0.as_str())
            .collect::<Vec<_>>()
            .join(",");
        self.store.with(|c| {
            let changed = c.execute(
                "UPDATE exports SET state = ?2, grant_id = ?3, job_id = ?4, \
                 previous_job_ids = ?5, access_type = ?6, start_time = ?7, end_time = ?8, \
                 export_time = ?9, initiated_at = ?10, started_at = ?11, finished_at = ?12, \
                 next_check_at = ?13, checks = ?14, retries = ?15, problem_code = ?16, \
                 problem_message = ?17, window_until = ?18, export_dir = ?19, bytes_done = ?20, \
                 bytes_total = ?21, updated_at = ?22, checked_at = ?23, setbacks = ?24, \
                 window_from = ?25 \
                 WHERE id = ?1",
                params![
                    row.id,
                    row.state,
                    row.grant_id,
                    row.job_id.as_ref().map(|j| j.0.as_str()),
                    previous,
                    row.access,
                    row.start_time.map(Stamp),
                    row.end_time.map(Stamp),
                    row.export_time.map(Stamp),
                    row.initiated_at.map(Stamp),
                    row.started_at.map(Stamp),
                    row.finished_at.map(Stamp),
                    row.next_check_at.map(Stamp),
                    row.checks,
                    row.retries,
                    row.problem.as_ref().map(|p| p.code),
                    row.problem.as_ref().map(|p| p.message.as_str()),
                    row.window_until.map(Stamp),
                    row.export_dir,
                    i64::try_from(row.bytes_done).unwrap_or(i64::MAX),
                    i64::try_from(row.bytes_total).unwrap_or(i64::MAX),
                    Stamp(now),
                    row.checked_at.map(Stamp),
                    row.setbacks,
                    row.window_from.map(Stamp),
                ],
            )?;
            if changed == 0 {
                return Err(missing(row.id));
            }
            Ok(())
        })
    }

    pub fn get(&self, id: i64) -> Result<Option<ExportRow>, StoreError> {
        Ok(self.query("WHERE id = ?1", params![id])?.into_iter().next())
    }

    /// Every row, newest first.
    pub fn all(&self) -> Result<Vec<ExportRow>, StoreError> {
        self.query("ORDER BY id DESC", [])
    }

    /// Rows the engine works on by itself, oldest first.
    pub fn active(&self) -> Result<Vec<ExportRow>, StoreError> {
        self.query(
            "WHERE state IN ('starting', 'in_progress', 'downloading', 'waiting_window') \
             ORDER BY id",
            [],
        )
    }

    /// The newest row of `group`, if any.
    pub fn latest_of(&self, group: &str) -> Result<Option<ExportRow>, StoreError> {
        Ok(self
            .query(
                "WHERE resource = ?1 ORDER BY id DESC LIMIT 1",
                params![group],
            )?
            .into_iter()
            .next())
    }

    /// Every job any row records, as its job or an earlier one.
    pub fn recorded_jobs(&self) -> Result<std::collections::HashSet<JobId>, StoreError> {
        self.store.with(|c| {
            let mut statement = c.prepare("SELECT job_id, previous_job_ids FROM exports")?;
            let rows = statement.query_map([], |r| {
                Ok((r.get::<_, Option<String>>(0)?, r.get::<_, String>(1)?))
            })?;
            let mut jobs = std::collections::HashSet::new();
            for row in rows {
                let (job, previous) = row?;
                jobs.extend(job.map(JobId));
                jobs.extend(
                    previous
                        .split(',')
                        .filter(|id| !id.is_empty())
                        .map(JobId::from),
                );
            }
            Ok(jobs)
        })
    }

    fn query(
        &self,
        clause: &str,
        values: impl rusqlite::Params,
    ) -> Result<Vec<ExportRow>, StoreError> {
        self.store.with(|c| {
            let mut statement = c.prepare(&format!("SELECT {COLUMNS} FROM exports {clause}"))?;
            let mut rows = statement.query(values)?;
            let mut found = Vec::new();
            while let Some(row) = rows.next()? {
                found.push(read_row(row)?);
            }
            Ok(found)
        })
    }
}

/// What a new row starts with.
#[derive(Debug, Clone)]
pub struct NewExport {
    pub group: GroupId,
    pub state: ExportState,
    pub grant_id: Option<GrantId>,
    pub start_time: Option<DateTime<Utc>>,
    pub end_time: Option<DateTime<Utc>>,
    pub next_check_at: Option<DateTime<Utc>>,
    pub problem: Option<RowProblem>,
}

/// A row that should be there and is not: SQLite's "no rows".
fn missing(_id: i64) -> StoreError {
    StoreError::Sqlite(rusqlite::Error::QueryReturnedNoRows)
}

/// Reads one row; a value this version cannot read is an error naming the export.
fn read_row(row: &Row<'_>) -> Result<ExportRow, StoreError> {
    let id: i64 = row.get(0)?;
    let cells = Cells::new(row, format!("export {id}"));
    let previous: String = cells.get(5)?;
    let problem_code: Option<ProblemCode> = cells.get(17)?;
    Ok(ExportRow {
        id,
        group: cells.get(1)?,
        state: cells.get(2)?,
        grant_id: cells.get(3)?,
        job_id: cells.get::<Option<String>>(4)?.map(JobId),
        previous_job_ids: previous
            .split(',')
            .filter(|id| !id.is_empty())
            .map(JobId::from)
            .collect(),
        access: cells.get(6)?,
        start_time: cells.time_opt(7)?,
        end_time: cells.time_opt(8)?,
        export_time: cells.time_opt(9)?,
        created_at: cells.time(10)?,
        initiated_at: cells.time_opt(11)?,
        started_at: cells.time_opt(12)?,
        finished_at: cells.time_opt(13)?,
        next_check_at: cells.time_opt(14)?,
        checks: cells.get(15)?,
        retries: cells.get(16)?,
        problem: match problem_code {
            None => None,
            Some(code) => Some(RowProblem {
                code,
                message: cells.get::<Option<String>>(18)?.unwrap_or_default(),
            }),
        },
        window_until: cells.time_opt(19)?,
        export_dir: cells.get(20)?,
        bytes_done: u64::try_from(cells.get::<i64>(21)?).unwrap_or(0),
        bytes_total: u64::try_from(cells.get::<i64>(22)?).unwrap_or(0),
        checked_at: cells.time_opt(23)?,
        setbacks: cells.get(24)?,
        window_from: cells.time_opt(25)?,
    })
}
