-- Which secret store keeps this data dir's refresh tokens: the one its first session used.
-- Another would find none of them, so a session asking for it is refused.
CREATE TABLE secret_keeper (
    singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
    kind       TEXT NOT NULL
);
