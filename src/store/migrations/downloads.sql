-- One row per archive object of an export job: where its bytes go and how far they got, so a
-- download resumes after a dropped connection or a restart, and a finished one is not repeated.
CREATE TABLE downloads (
    job_id          TEXT NOT NULL,
    object_name     TEXT NOT NULL,
    export_dir      TEXT NOT NULL,
    file_name       TEXT NOT NULL,
    -- The ETag the part was started with; another ETag means another object: start over.
    etag            TEXT,
    total           INTEGER,
    -- Bytes of the part known to be on disk (fsynced).
    durable_offset  INTEGER NOT NULL DEFAULT 0,
    state           TEXT NOT NULL DEFAULT 'partial' CHECK (state IN ('partial', 'complete')),
    sha256          TEXT,
    crc32c          TEXT,
    md5             TEXT,
    completed_at    TEXT,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (job_id, object_name)
);
