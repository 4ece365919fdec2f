-- One-off work a version does once per data dir, such as taking group's and others' access
-- away from what earlier versions made with the default umask.
CREATE TABLE done_once (
    task     TEXT PRIMARY KEY,
    done_at  TEXT NOT NULL
);
