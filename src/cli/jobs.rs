//! `carryout status`, `retry`, `cancel` and `run`: the exports the engine keeps, and keeping
//! it going.

use carryout::engine::{ExportRow, RunUntil};
use carryout::session::Records;

use super::library::BackupDir;
use super::{Failed, Global, signin, watch};

#[derive(clap::Args)]
pub struct StatusArgs {
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct ExportArg {
    /// The export: its number in `carryout status`, or its job id
    export: String,
    #[command(flatten)]
    dir: BackupDir,
}

#[derive(clap::Args)]
pub struct CoverageArgs {
    /// One resource group [default: every group with a verified export]
    group: Option<String>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct ResetArgs {
    /// Reset even though exports not yet on disk will be lost
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    dir: BackupDir,
}

#[derive(clap::Args)]
pub struct RunArgs {
    /// Stop once nothing is starting, in progress or downloading
    #[arg(long)]
    until_idle: bool,
    #[command(flatten)]
    dir: BackupDir,
}

/// Reads the state database only, so it works beside a running app or `carryout run`.
pub fn status(global: &Global, args: &StatusArgs) -> Result<(), Failed> {
    let records = Records::open(&global.data_dir()?)?;
    let rows = records.exports()?;
    super::library::quiet_pipe(watch::print_rows(&rows, args.json))?;
    if !args.json {
        for warning in records.warnings()? {
            eprintln!("warning: {}", warning.message);
        }
    }
    Ok(())
}

pub fn retry(global: &Global, args: &ExportArg) -> Result<(), Failed> {
    signin::runtime()?.block_on(async {
        let (_session, engine) = watch::engine(global, &args.dir).await?;
        let id = find(&engine.exports()?, &args.export)?;
        let row = engine.retry(id)?;
        watch::run(&engine, RunUntil::OnePass).await?;
        let row = engine.export(row.id)?;
        println!("{}", watch::describe(&row));
        Ok(())
    })
}

pub fn cancel(global: &Global, args: &ExportArg) -> Result<(), Failed> {
    signin::runtime()?.block_on(async {
        let (_session, engine) = watch::engine(global, &args.dir).await?;
        let id = find(&engine.exports()?, &args.export)?;
        let row = engine.cancel(id).await?;
        println!("{}", watch::describe(&row));
        Ok(())
    })
}

/// Reads the state database only, like `status`.
pub fn coverage(global: &Global, args: &CoverageArgs) -> Result<(), Failed> {
    use std::io::Write;
    let records = Records::open(&global.data_dir()?)?;
    let coverage = records.coverage(args.group.as_deref())?;
    let mut out = std::io::stdout().lock();
    let when = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map_or("the beginning".to_owned(), |t| {
            t.format("%Y-%m-%d %H:%M UTC").to_string()
        })
    };
    let written = if args.json {
        serde_json::to_writer_pretty(&mut out, &coverage)
            .map_err(std::io::Error::other)
            .and_then(|()| writeln!(out))
    } else if coverage.is_empty() {
        writeln!(out, "No verified exports yet.")
    } else {
        coverage.iter().try_for_each(|c| {
            writeln!(out, "{}", c.group)?;
            for w in &c.windows {
                writeln!(out, "  covered  {} → {}", when(w.start), when(Some(w.end)))?;
            }
            for g in &c.gaps {
                writeln!(out, "  GAP      {} → {}", when(g.start), when(Some(g.end)))?;
            }
            Ok(())
        })
    };
    super::library::quiet_pipe(written)
}

pub fn reset(global: &Global, args: &ResetArgs) -> Result<(), Failed> {
    signin::runtime()?.block_on(async {
        let (_session, engine) = watch::engine(global, &args.dir).await?;
        let report = engine.reset(args.force).await?;
        println!(
            "Reset done: Google revoked {} sign-in(s); every group can be exported again after \
             a new consent (carryout login).",
            report.revoked.len()
        );
        if !report.lost.is_empty() {
            eprintln!("Lost (not downloaded): {}", report.lost.join(", "));
        }
        Ok(())
    })
}

pub fn run(global: &Global, args: &RunArgs) -> Result<(), Failed> {
    signin::runtime()?.block_on(async {
        let (_session, engine) = watch::engine(global, &args.dir).await?;
        let until = if args.until_idle {
            RunUntil::Idle
        } else {
            RunUntil::Stopped
        };
        watch::run(&engine, until).await
    })
}

/// An export by its number or its (current or earlier) job id.
fn find(rows: &[ExportRow], wanted: &str) -> Result<i64, Failed> {
    let found = rows.iter().find(|r| {
        r.id.to_string() == wanted
            || r.job_id.as_ref().is_some_and(|j| j.0 == wanted)
            || r.previous_job_ids.iter().any(|j| j.0 == wanted)
    });
    found
        .map(|r| r.id)
        .ok_or_else(|| format!("there is no export {wanted}; `carryout status` lists them").into())
}
