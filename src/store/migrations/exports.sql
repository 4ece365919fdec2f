-- One row per export the person asked for: a resource group's way from "start" to "verified".
-- The engine writes each change here before the action that depends on it, so a restart
-- resumes every export where it was.
CREATE TABLE exports (
    id                INTEGER PRIMARY KEY,
    resource          TEXT NOT NULL,
    state             TEXT NOT NULL CHECK (state IN ('waiting_consent', 'starting', 'in_progress',
                          'downloading', 'verified', 'failed', 'cancelled', 'blocked',
                          'waiting_window')),
    -- The grant whose token started the job; NULL until one is picked.
    grant_id          TEXT,
    -- The current job; its earlier (failed, retried) ids are in previous_job_ids.
    job_id            TEXT,
    previous_job_ids  TEXT NOT NULL DEFAULT '',
    access_type       TEXT CHECK (access_type IN ('one_time', 'time_based')),
    -- The window asked for (time-filter groups only) and the one Google exported.
    start_time        TEXT,
    end_time          TEXT,
    export_time       TEXT,
    created_at        TEXT NOT NULL,
    -- Set when an initiate was sent: an answer lost to a crash may have created a job.
    initiated_at      TEXT,
    started_at        TEXT,
    finished_at       TEXT,
    -- When the engine next acts on the row: polls, retries an initiate, resumes a download.
    next_check_at     TEXT,
    -- The last state call, which "check now" is spaced from.
    checked_at        TEXT,
    checks            INTEGER NOT NULL DEFAULT 0,
    retries           INTEGER NOT NULL DEFAULT 0,
    problem_code      TEXT,
    problem_message   TEXT,
    window_until      TEXT,
    export_dir        TEXT,
    bytes_done        INTEGER NOT NULL DEFAULT 0,
    bytes_total       INTEGER NOT NULL DEFAULT 0,
    updated_at        TEXT NOT NULL
);
CREATE INDEX exports_by_resource ON exports (resource, id);
-- A job may carry several groups (when the 24 h window holds per client): rows share its id.
CREATE INDEX exports_by_job ON exports (job_id);

-- What the engine learned about a grant: whether its 24 h window of time-based access holds
-- per OAuth client (across groups) rather than per group.
CREATE TABLE grant_windows (
    grant_id    TEXT PRIMARY KEY,
    per_client  INTEGER NOT NULL,
    learned_at  TEXT NOT NULL
);
