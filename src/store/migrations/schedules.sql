-- Recurring backups: a set of groups exported every N days (time-based access), and what the
-- engine does on its own schedule (re-verifying the library).
CREATE TABLE schedules (
    id           INTEGER PRIMARY KEY,
    groups       TEXT NOT NULL,
    every_days   INTEGER NOT NULL CHECK (every_days >= 1),
    next_run_at  TEXT NOT NULL,
    last_run_at  TEXT,
    created_at   TEXT NOT NULL
);

CREATE TABLE engine_meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
