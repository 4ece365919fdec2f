-- What the engine told a person and keeps until they dismiss it: alarms (a shrunk export, a
-- changed library file, an archive about to be deleted) and notices (a sign-in ending soon).
CREATE TABLE warnings (
    id            INTEGER PRIMARY KEY,
    -- What makes a warning the same as one said before: it is said once.
    key           TEXT NOT NULL UNIQUE,
    export_id     INTEGER,
    grant_id      TEXT,
    code          TEXT NOT NULL,
    message       TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    dismissed_at  TEXT
);
