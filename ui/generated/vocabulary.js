// Generated from the core's Rust types by tests/vocabulary.rs: do not edit. After changing
// a type, `CARRYOUT_BLESS=1 cargo test --test vocabulary` writes this file anew.

/** Every ExportState, from asked for to verified. */
export const STATES = ["waiting_consent", "starting", "in_progress", "downloading", "verified", "failed", "cancelled", "blocked", "waiting_window"];
/** States the engine acts on by itself, on a schedule. */
export const ENGINE_ACTIVE_STATES = ["starting", "in_progress", "downloading", "waiting_window"];
/** States no later action of the engine changes. */
export const FINAL_STATES = ["verified", "failed", "cancelled"];
/** Every RowProblem code. */
export const PROBLEM_CODES = ["failed", "one_time_used", "window", "window_later", "window_sooner", "not_authorized", "grant_expired", "download", "gone", "google", "retrying", "retried", "folding", "cancelled"];
/** Every error code a command rejects with (src-tauri/IPC.md). */
export const ERROR_CODES = ["no_client", "bad_client_file", "not_signed_in", "consent_denied", "consent_timeout", "grant_expired", "engine_elsewhere", "network", "google", "disk", "not_found", "refused", "reset_would_lose", "unsuitable_folder", "unsuitable_history_folder", "unsuitable_history_server", "history_server_refused", "history_server_unreachable", "history_wrong_password", "no_opener", "internal"];
/** Every Warning code. */
export const WARNING_CODES = ["archive_expiring", "data_shrank", "window_per_client", "grant_expiring", "testing_limit", "reconsent_due", "library_changed", "engine_stopped", "history_made", "history_not_kept"];
/** Days before a time-based sign-in ends that it is announced. */
export const GRANT_NOTICE_DAYS = [14, 3];
/** Hours before a Testing client's sign-in ends that a new consent is offered. */
export const RECONSENT_BEFORE_HOURS = 24;
/** The longest a schedule waits between runs, in days. */
export const EVERY_DAYS_MAX = 365;
/** How many archives may download at once. */
export const PARALLEL_DOWNLOADS_MIN = 1;
export const PARALLEL_DOWNLOADS_MAX = 8;
/** What the history keeps of each group: at least the last, each count at most. */
export const RETENTION_LAST_MIN = 1;
export const RETENTION_MAX = 1000;
export const RETENTION_DEFAULT = {"last":3,"daily":14,"weekly":8,"monthly":12};
