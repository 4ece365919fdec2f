-- Consecutive transient failures of an export's current step (a start refused with a time
-- already past, an unreachable keychain, Google's 5xx on retry): each waits longer than the
-- last. Progress resets it.
ALTER TABLE exports ADD COLUMN setbacks INTEGER NOT NULL DEFAULT 0;
-- When Google accepted the initiate of the export's job: the start of the 24 h window it holds
-- (a retry's new job anchors none).
ALTER TABLE exports ADD COLUMN window_from TEXT;
