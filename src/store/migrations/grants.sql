-- Sign-in grants: what each consent granted, never the tokens (those live in the secret store).
CREATE TABLE grants (
    id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    -- NULL: the refresh token lives until revoked (one-time access of a published client).
    refresh_expires_at TEXT,
    state TEXT NOT NULL CHECK (state IN ('active', 'expired', 'revoked'))
);

CREATE TABLE grant_resources (
    grant_id TEXT NOT NULL REFERENCES grants (id) ON DELETE CASCADE,
    resource TEXT NOT NULL,
    access_type TEXT NOT NULL CHECK (access_type IN ('one_time', 'time_based')),
    PRIMARY KEY (grant_id, resource)
);

-- One-off notices already shown to the person (e.g. the Testing-status hint).
CREATE TABLE notices_shown (
    name TEXT PRIMARY KEY,
    shown_at TEXT NOT NULL
);
