//! `carryout schedule add|list|remove`: recurring backups, run by `carryout run` (or the app).

use std::io::Write;

use super::library::BackupDir;
use super::{Failed, Global, signin, watch};
use carryout::catalog::GroupId;

#[derive(clap::Subcommand)]
pub enum Action {
    /// Export these groups now and then every N days (time-based access: 24 h apart at least)
    Add {
        /// Resource groups, comma-separated
        #[arg(long, value_delimiter = ',', value_name = "GROUPS", required = true)]
        resources: Vec<GroupId>,
        /// Days between runs (1 to 365)
        #[arg(long, value_name = "N", default_value_t = 1)]
        every: u32,
        #[command(flatten)]
        dir: BackupDir,
    },
    /// List the schedules with their next run
    List {
        #[command(flatten)]
        dir: BackupDir,
    },
    /// Remove a schedule (its exports stay)
    Remove {
        /// The schedule's number in `carryout schedule list`
        id: i64,
        #[command(flatten)]
        dir: BackupDir,
    },
}

pub fn run(global: &Global, action: &Action) -> Result<(), Failed> {
    signin::runtime()?.block_on(async {
        let dir = match action {
            Action::Add { dir, .. } | Action::List { dir } | Action::Remove { dir, .. } => dir,
        };
        let (_session, engine) = watch::engine(global, dir).await?;
        let mut out = std::io::stdout().lock();
        let written = match action {
            Action::Add {
                resources, every, ..
            } => {
                let schedule = engine.add_schedule(resources, *every)?;
                writeln!(
                    out,
                    "schedule {}: {} every {} day(s), first run now; `carryout run` keeps it",
                    schedule.id,
                    schedule.groups.join(","),
                    schedule.every_days
                )
            }
            Action::List { .. } => {
                let schedules = engine.schedules()?;
                if schedules.is_empty() {
                    writeln!(out, "No schedules: add one with `carryout schedule add`.")
                } else {
                    schedules.iter().try_for_each(|s| {
                        writeln!(
                            out,
                            "{}  every {} day(s)  next {}  {}",
                            s.id,
                            s.every_days,
                            s.next_run_at.format("%Y-%m-%d %H:%M UTC"),
                            s.groups.join(",")
                        )
                    })
                }
            }
            Action::Remove { id, .. } => {
                engine.remove_schedule(*id)?;
                writeln!(out, "schedule {id} removed")
            }
        };
        super::library::quiet_pipe(written)
    })
}
