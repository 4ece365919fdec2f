//! What the engine's commands share: the engine from the global options, its events as lines
//! on stderr, Ctrl-C as a clean stop, and the exports as a table.

use std::io::Write;

use carryout::download::DownloadOptions;
use carryout::engine::{Engine, EngineEvent, ExportRow, ExportState, RunUntil};
use chrono::{DateTime, Local, Utc};

use super::library::BackupDir;
use super::{Failed, Global, signin};

/// The session and engine of the global options; says so when another process runs it.
pub async fn engine(
    global: &Global,
    backup: &BackupDir,
) -> Result<(carryout::session::Session, Engine), Failed> {
    let session = signin::connect_to(global, backup.given()).await?;
    let engine = session.engine(DownloadOptions::default())?;
    Ok((session, engine))
}

/// Runs the engine, printing what happens, until `until` or Ctrl-C (a clean stop: every
/// export resumes on the next run).
pub async fn run(engine: &Engine, until: RunUntil) -> Result<(), Failed> {
    use tokio::sync::broadcast::error::RecvError;
    let mut events = engine.subscribe();
    let mut shown = std::collections::HashMap::new();
    let running = engine.run(until);
    let stop = tokio::signal::ctrl_c();
    tokio::pin!(running, stop);
    let outcome = loop {
        tokio::select! {
            result = &mut running => break result,
            _ = &mut stop => {
                eprintln!("stopped; `carryout run` carries on where this left off");
                break Ok(());
            }
            event = events.recv() => match event {
                Ok(event) => print_event(&event, &mut shown),
                Err(RecvError::Lagged(_) | RecvError::Closed) => {}
            },
        }
    };
    // What happened just before the end is said too.
    while let Ok(event) = events.try_recv() {
        print_event(&event, &mut shown);
    }
    Ok(outcome?)
}

/// Prints an event; a row's line only when it says something new.
fn print_event(event: &EngineEvent, shown: &mut std::collections::HashMap<i64, String>) {
    match event {
        EngineEvent::Export { export } => {
            let line = describe(export);
            if shown.get(&export.id) != Some(&line) {
                eprintln!("{line}");
                shown.insert(export.id, line);
            }
        }
        EngineEvent::Warning { warning } => eprintln!("warning: {}", warning.message),
        EngineEvent::HistoryKept { snapshots } => {
            eprintln!("kept {snapshots} export(s) in the history");
        }
        EngineEvent::Transfer { .. } | EngineEvent::HistoryStoring { .. } => {}
    }
}

/// One line about an export: its group, state and what comes next.
pub fn describe(row: &ExportRow) -> String {
    let detail = match row.state {
        ExportState::WaitingConsent => {
            "waiting for consent: sign in for it (carryout login)".to_owned()
        }
        ExportState::Starting => "starting".to_owned(),
        ExportState::InProgress => {
            let next = row
                .next_check_at
                .map(|at| format!(", next check {}", local(at)))
                .unwrap_or_default();
            let since = row
                .started_at
                .map(|at| format!(" since {}", local(at)))
                .unwrap_or_default();
            format!("Google is preparing it{since}{next}")
        }
        ExportState::Downloading => "downloading and verifying".to_owned(),
        ExportState::Verified => format!(
            "verified, {} in {}",
            indicatif::HumanBytes(row.bytes_total),
            row.export_dir.as_deref().unwrap_or("?")
        ),
        ExportState::Failed => "failed".to_owned(),
        ExportState::Cancelled => "cancelled".to_owned(),
        ExportState::Blocked => "blocked".to_owned(),
        ExportState::WaitingWindow => match row.window_until {
            Some(at) => format!("waiting for the 24 h window, until {}", local(at)),
            None => "waiting for the 24 h window".to_owned(),
        },
    };
    let problem = row
        .problem
        .as_ref()
        .filter(|_| {
            !matches!(
                row.state,
                ExportState::Verified | ExportState::WaitingWindow
            )
        })
        .map(|p| format!(": {}", p.message))
        .unwrap_or_default();
    format!("[{}] {}: {detail}{problem}", row.id, row.group)
}

pub fn local(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// The exports as a table (or JSON) on stdout.
pub fn print_rows(rows: &[ExportRow], json: bool) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, rows)?;
        return writeln!(out);
    }
    if rows.is_empty() {
        return writeln!(
            out,
            "No exports yet: start one with `carryout export --resources …`."
        );
    }
    for row in rows {
        writeln!(out, "{}", describe(row))?;
    }
    Ok(())
}
