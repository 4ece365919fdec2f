//! The `exports` table: one row per export a person asked for, read and written as
//! [`ExportRow`]s. A value that does not parse is an error naming the row, never a default.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Row, params};
use serde::Serialize;

use crate::api::JobId;
use crate::auth::Access;
use crate::store::{Store, StoreError};

/// Where an export is on its way from "start" to "verified".
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumIter,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
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

impl ExportState {
    pub fn as_str(self) -> &'static str {
        self.into()
    }

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

/// The closed set of [`RowProblem`] codes, written in the database and sent to hosts as
/// snake_case (`one_time_used`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumIter,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
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

impl ProblemCode {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// One export as the engine keeps it and hosts show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportRow {
    pub id: i64,
    /// The resource group.
    pub group: String,
    pub state: ExportState,
    pub grant_id: Option<String>,
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
                    new.state.as_str(),
                    new.grant_id,
                    new.start_time.map(time),
                    new.end_time.map(time),
                    time(now),
                    new.next_check_at.map(time),
                    new.problem.as_ref().map(|p| p.code.as_str()),
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
                    row.state.as_str(),
                    row.grant_id,
                    row.job_id.as_ref().map(|j| j.0.as_str()),
                    previous,
                    row.access.map(Access::as_str),
                    row.start_time.map(time),
                    row.end_time.map(time),
                    row.export_time.map(time),
                    row.initiated_at.map(time),
                    row.started_at.map(time),
                    row.finished_at.map(time),
                    row.next_check_at.map(time),
                    row.checks,
                    row.retries,
                    row.problem.as_ref().map(|p| p.code.as_str()),
                    row.problem.as_ref().map(|p| p.message.as_str()),
                    row.window_until.map(time),
                    row.export_dir,
                    i64::try_from(row.bytes_done).unwrap_or(i64::MAX),
                    i64::try_from(row.bytes_total).unwrap_or(i64::MAX),
                    time(now),
                    row.checked_at.map(time),
                    row.setbacks,
                    row.window_from.map(time),
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
            let rows = statement.query_map(values, read_row)?;
            let mut found = Vec::new();
            for row in rows {
                found.push(row??);
            }
            Ok(found)
        })
    }
}

/// What a new row starts with.
#[derive(Debug, Clone)]
pub struct NewExport {
    pub group: String,
    pub state: ExportState,
    pub grant_id: Option<String>,
    pub start_time: Option<DateTime<Utc>>,
    pub end_time: Option<DateTime<Utc>>,
    pub next_check_at: Option<DateTime<Utc>>,
    pub problem: Option<RowProblem>,
}

/// A row that should be there and is not: SQLite's "no rows".
fn missing(_id: i64) -> StoreError {
    StoreError::Sqlite(rusqlite::Error::QueryReturnedNoRows)
}

pub(crate) fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Reads one row; the outer `Result` is SQLite's, the inner one says which value is bad.
fn read_row(row: &Row<'_>) -> rusqlite::Result<Result<ExportRow, StoreError>> {
    let id: i64 = row.get(0)?;
    let bad = |column: &'static str, value: &str| StoreError::Unreadable {
        row: format!("export {id}"),
        what: column,
        value: value.to_owned(),
    };
    let when = |index: usize,
                column: &'static str|
     -> rusqlite::Result<Result<Option<DateTime<Utc>>, StoreError>> {
        let text: Option<String> = row.get(index)?;
        Ok(match text {
            None => Ok(None),
            Some(text) => DateTime::parse_from_rfc3339(&text)
                .map(|t| Some(t.with_timezone(&Utc)))
                .map_err(|_| bad(column, &text)),
        })
    };
    let state_text: String = row.get(2)?;
    let access_text: Option<String> = row.get(6)?;
    let previous: String = row.get(5)?;
    let problem_code: Option<String> = row.get(17)?;
    let problem_message: Option<String> = row.get(18)?;
    let created_text: String = row.get(10)?;
    let values = (
        when(7, "start_time")?,
        when(8, "end_time")?,
        when(9, "export_time")?,
        when(11, "initiated_at")?,
        when(12, "started_at")?,
        when(13, "finished_at")?,
        when(14, "next_check_at")?,
        when(19, "window_until")?,
        when(23, "checked_at")?,
        when(25, "window_from")?,
    );
    let group: String = row.get(1)?;
    let grant_id: Option<String> = row.get(3)?;
    let job_id: Option<String> = row.get(4)?;
    let checks: u32 = row.get(15)?;
    let retries: u32 = row.get(16)?;
    let export_dir: Option<String> = row.get(20)?;
    let bytes_done: i64 = row.get(21)?;
    let bytes_total: i64 = row.get(22)?;
    let setbacks: u32 = row.get(24)?;
    Ok((|| {
        let state = state_text
            .parse::<ExportState>()
            .map_err(|_| bad("state", &state_text))?;
        let access = match access_text {
            None => None,
            Some(text) => Some(
                text.parse::<Access>()
                    .map_err(|_| bad("access_type", &text))?,
            ),
        };
        let created_at = DateTime::parse_from_rfc3339(&created_text)
            .map_err(|_| bad("created_at", &created_text))?
            .with_timezone(&Utc);
        Ok(ExportRow {
            id,
            group,
            state,
            grant_id,
            job_id: job_id.map(JobId),
            previous_job_ids: previous
                .split(',')
                .filter(|id| !id.is_empty())
                .map(JobId::from)
                .collect(),
            access,
            start_time: values.0?,
            end_time: values.1?,
            export_time: values.2?,
            created_at,
            initiated_at: values.3?,
            started_at: values.4?,
            finished_at: values.5?,
            next_check_at: values.6?,
            checked_at: values.8?,
            checks,
            retries,
            setbacks,
            window_from: values.9?,
            problem: match problem_code {
                None => None,
                Some(text) => Some(RowProblem {
                    code: text.parse().map_err(|_| bad("problem_code", &text))?,
                    message: problem_message.unwrap_or_default(),
                }),
            },
            window_until: values.7?,
            export_dir,
            bytes_done: u64::try_from(bytes_done).unwrap_or(0),
            bytes_total: u64::try_from(bytes_total).unwrap_or(0),
        })
    })())
}
