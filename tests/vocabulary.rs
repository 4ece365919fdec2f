//! The UI's copy of the core's vocabulary — export states, problem, error and warning codes,
//! and the limits the UI checks input against — is written from the Rust types, never by hand:
//! this test fails when `ui/generated/vocabulary.js` differs from what the types say. After a
//! change to one of them, `CARRYOUT_BLESS=1 cargo test --test vocabulary` writes the file anew.

use std::path::Path;

use carryout::desktop::preferences::PARALLEL_DOWNLOADS;
use carryout::engine::{
    EXPIRY_NOTICES_DAYS, ExportState, MAX_EVERY_DAYS, ProblemCode, RECONSENT_BEFORE, WarningCode,
};
use carryout::failure::Failure;
use carryout::history::Retention;
use strum::IntoEnumIterator;

const FILE: &str = "ui/generated/vocabulary.js";

fn list<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let quoted: Vec<String> = names.into_iter().map(|n| format!("\"{n}\"")).collect();
    format!("[{}]", quoted.join(", "))
}

fn vocabulary() -> String {
    let states = ExportState::iter();
    let lines = [
        "// Generated from the core's Rust types by tests/vocabulary.rs: do not edit. After changing"
            .to_owned(),
        "// a type, `CARRYOUT_BLESS=1 cargo test --test vocabulary` writes this file anew.".to_owned(),
        String::new(),
        "/** Every ExportState, from asked for to verified. */".to_owned(),
        format!(
            "export const STATES = {};",
            list(states.clone().map(ExportState::as_str))
        ),
        "/** States the engine acts on by itself, on a schedule. */".to_owned(),
        format!(
            "export const ENGINE_ACTIVE_STATES = {};",
            list(states.clone().filter(|s| s.is_active()).map(ExportState::as_str))
        ),
        "/** States no later action of the engine changes. */".to_owned(),
        format!(
            "export const FINAL_STATES = {};",
            list(states.filter(|s| s.is_final()).map(ExportState::as_str))
        ),
        "/** Every RowProblem code. */".to_owned(),
        format!(
            "export const PROBLEM_CODES = {};",
            list(ProblemCode::iter().map(ProblemCode::as_str))
        ),
        "/** Every error code a command rejects with (src-tauri/IPC.md). */".to_owned(),
        format!(
            "export const ERROR_CODES = {};",
            list(Failure::iter().map(Failure::as_str))
        ),
        "/** Every Warning code. */".to_owned(),
        format!(
            "export const WARNING_CODES = {};",
            list(WarningCode::iter().map(WarningCode::as_str))
        ),
        "/** Days before a time-based sign-in ends that it is announced. */".to_owned(),
        format!("export const GRANT_NOTICE_DAYS = {EXPIRY_NOTICES_DAYS:?};"),
        "/** Hours before a Testing client's sign-in ends that a new consent is offered. */"
            .to_owned(),
        format!(
            "export const RECONSENT_BEFORE_HOURS = {};",
            RECONSENT_BEFORE.num_hours()
        ),
        "/** The longest a schedule waits between runs, in days. */".to_owned(),
        format!("export const EVERY_DAYS_MAX = {MAX_EVERY_DAYS};"),
        "/** How many archives may download at once. */".to_owned(),
        format!(
            "export const PARALLEL_DOWNLOADS_MIN = {};",
            PARALLEL_DOWNLOADS.start()
        ),
        format!(
            "export const PARALLEL_DOWNLOADS_MAX = {};",
            PARALLEL_DOWNLOADS.end()
        ),
        "/** What the history keeps of each group: at least the last, each count at most. */"
            .to_owned(),
        format!(
            "export const RETENTION_LAST_MIN = {};",
            Retention::LAST_MIN
        ),
        format!("export const RETENTION_MAX = {};", Retention::KEEP_MAX),
        format!(
            "export const RETENTION_DEFAULT = {};",
            serde_json::to_string(&Retention::default()).unwrap()
        ),
    ];
    lines.join("\n") + "\n"
}

#[test]
fn the_uis_vocabulary_is_the_cores() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(FILE);
    let expected = vocabulary();
    if std::env::var_os("CARRYOUT_BLESS").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    let found = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        found == expected,
        "{FILE} differs from the core's types: run `CARRYOUT_BLESS=1 cargo test --test \
         vocabulary` and check in the result.\n--- expected\n{expected}\n--- found\n{found}"
    );
}
