//! `carryout history`: the restic repository that keeps every verified export.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use carryout::catalog::GroupId;
use carryout::history::{
    EntryState, History, HistoryPlace, OnStoring, Opened, PasswordSource, Retention, Snapshot,
    Storing,
};
use carryout::session;
use carryout::store::Store;
use indicatif::ProgressBar;

use super::library::{BackupDir, bar, human_size, quiet_pipe};
use super::{Failed, Global};

#[derive(clap::Subcommand)]
pub enum Action {
    /// Store each export of the backup folder that the history does not hold yet (the engine
    /// does after each verified export; this catches up a folder copied in by hand).
    Save(Target),
    /// List the snapshots (of one group when given), oldest first.
    List {
        #[command(flatten)]
        target: Target,
        /// A resource group, e.g. youtube.comments
        group: Option<GroupId>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Write one snapshot's export into a folder, each archive checked against its receipt.
    Restore {
        #[command(flatten)]
        target: Target,
        /// The snapshot's id, or a unique start of it (as `history list` shows)
        id: String,
        /// The folder to write the export into (made if missing; nothing in it is overwritten)
        #[arg(long, value_name = "DIR")]
        to: PathBuf,
    },
    /// What changed between two snapshots: the archives' entries added, removed and changed
    /// (in size or records), and the records in all.
    Diff {
        #[command(flatten)]
        target: Target,
        /// A snapshot's id, or a unique start of it
        a: String,
        /// Another snapshot's id, or a unique start of it
        b: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Let go of the snapshots retention no longer needs and free the space only they use: per
    /// group the last few, then one a day, a week and a month; never the only snapshot holding
    /// a window of a time-filter group. The engine does this after each verified export.
    Prune {
        #[command(flatten)]
        target: Target,
        #[command(flatten)]
        keep: KeepArgs,
        /// Say what would go, changing nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Print the history's password, for restic (`restic -r REPO snapshots`). Made once and
    /// kept with the sign-in tokens, unless --history-password-file names one.
    Password(Target),
}

/// How many snapshots of each group to keep (restic's own `--keep-*` rules).
#[derive(clap::Args)]
pub struct KeepArgs {
    /// The newest N
    #[arg(long, value_name = "N", default_value_t = Retention::default().last)]
    keep_last: u32,
    /// The newest of each of the last N days that have one
    #[arg(long, value_name = "N", default_value_t = Retention::default().daily)]
    keep_daily: u32,
    /// The newest of each of the last N weeks that have one
    #[arg(long, value_name = "N", default_value_t = Retention::default().weekly)]
    keep_weekly: u32,
    /// The newest of each of the last N months that have one
    #[arg(long, value_name = "N", default_value_t = Retention::default().monthly)]
    keep_monthly: u32,
}

impl KeepArgs {
    fn retention(&self) -> Retention {
        Retention {
            last: self.keep_last,
            daily: self.keep_daily,
            weekly: self.keep_weekly,
            monthly: self.keep_monthly,
        }
    }
}

/// Which backup folder's history.
#[derive(clap::Args)]
pub struct Target {
    #[command(flatten)]
    dir: BackupDir,
}

impl Target {
    /// The history's place: the global options', with the password kept in the data
    /// folder's secret store unless a file holds it.
    fn place(&self, global: &Global) -> Result<HistoryPlace, Failed> {
        let data_dir = global.data_dir()?;
        let store = Store::open(&data_dir)?;
        let secrets = session::secret_store(&store, &data_dir, global.secrets_choice())?;
        global
            .history_choice()
            .place(&self.dir.path()?, &secrets)?
            .ok_or_else(|| "--no-history: there is no history to use".into())
    }

    /// The repository, made now if there is none (saying that it cannot be read without its
    /// password).
    fn open_or_create(&self, global: &Global) -> Result<History, Failed> {
        let place = self.place(global)?;
        let (history, opened) = place.open_or_create()?;
        if opened == Opened::Created {
            eprintln!(
                "carryout: made the history repository {}; it is encrypted and cannot be read, \
                 by Carryout or by restic, without its password: keep a copy of it (`carryout \
                 history password`)",
                place.location
            );
        }
        Ok(history)
    }

    fn open(&self, global: &Global) -> Result<History, Failed> {
        let place = self.place(global)?;
        place.open()?.ok_or_else(|| {
            let elsewhere = if self.dir.given().is_none() && global.history.is_none() {
                "; that is beside the default backup folder: for backups kept elsewhere, pass \
                 their --backup-dir (or --history REPO)"
            } else {
                ""
            };
            format!(
                "there is no history repository at {} yet: `carryout history save` makes one \
                 and stores the backup folder's exports in it{elsewhere}",
                place.location
            )
            .into()
        })
    }
}

pub fn run(global: &Global, action: &Action) -> Result<(), Failed> {
    match action {
        Action::Save(target) => save(global, target),
        Action::List {
            target,
            group,
            json,
        } => list(global, target, group.as_deref(), *json),
        Action::Restore { target, id, to } => {
            let (_, restored) = target.open(global)?.restore(id, to)?;
            for file in &restored.files {
                println!("{}", file.display());
            }
            eprintln!(
                "carryout: restored the export of {} from {}, every archive as its receipt says",
                restored.snapshot.groups.join(","),
                restored.snapshot.export_time.format("%Y-%m-%d %H:%M UTC")
            );
            Ok(())
        }
        Action::Prune {
            target,
            keep,
            dry_run,
        } => prune(global, target, &keep.retention(), *dry_run),
        Action::Diff { target, a, b, json } => diff(global, target, a, b, *json),
        Action::Password(target) => {
            let place = target.place(global)?;
            if let PasswordSource::File(file) = &place.password {
                eprintln!(
                    "carryout: the password is the first line of {}",
                    file.display()
                );
            }
            println!("{}", place.password()?.expose());
            Ok(())
        }
    }
}

fn diff(global: &Global, target: &Target, a: &str, b: &str, json: bool) -> Result<(), Failed> {
    let (_, diff) = target.open(global)?.diff(a, b)?;
    let mut out = std::io::stdout().lock();
    if json {
        let written = serde_json::to_writer_pretty(&mut out, &diff)
            .map_err(std::io::Error::other)
            .and_then(|()| writeln!(out));
        return quiet_pipe(written);
    }
    let day = |s: &Snapshot| s.export_time.format("%Y-%m-%d %H:%M UTC").to_string();
    let state = |e: Option<EntryState>| {
        e.map_or_else(String::new, |e| match e.records {
            Some(records) => format!("{} ({records} records)", human_size(e.size)),
            None => human_size(e.size),
        })
    };
    let (before, after) = diff.records;
    let mut lines = vec![format!(
        "{} {} → {}: {before} → {after} records ({:+})",
        diff.to.groups.join(","),
        day(&diff.from),
        day(&diff.to),
        after as i64 - before as i64
    )];
    for (mark, changes) in [
        ("+", &diff.added),
        ("-", &diff.removed),
        ("~", &diff.changed),
    ] {
        for change in changes {
            lines.push(format!(
                "{mark} {}  {}{}{}",
                change.name,
                state(change.before),
                if change.before.is_some() && change.after.is_some() {
                    " → "
                } else {
                    ""
                },
                state(change.after)
            ));
        }
    }
    lines.push(format!("{} entries unchanged", diff.unchanged));
    quiet_pipe(lines.iter().try_for_each(|line| writeln!(out, "{line}")))
}

fn prune(
    global: &Global,
    target: &Target,
    retention: &Retention,
    dry_run: bool,
) -> Result<(), Failed> {
    let history = target.open(global)?;
    let now = chrono::Utc::now();
    let plan = if dry_run {
        history.retention_plan(retention, now)?
    } else {
        history.apply_retention(retention, now)?.1
    };
    let verb = if dry_run {
        "would let go of"
    } else {
        "let go of"
    };
    for s in &plan.forget {
        println!(
            "{verb} {:<10} {:<36} {}",
            &s.id[..s.id.len().min(8)],
            s.groups.join(","),
            s.export_time.format("%Y-%m-%d %H:%M UTC")
        );
    }
    eprintln!(
        "carryout: {} snapshot(s) kept, {} {}",
        plan.keep.len(),
        plan.forget.len(),
        if dry_run {
            "would go (nothing changed)"
        } else {
            "gone"
        }
    );
    Ok(())
}

fn save(global: &Global, target: &Target) -> Result<(), Failed> {
    let root = target.dir.path()?;
    let history = target.open_or_create(global)?;
    let (history, saved) = history.save_missing(&root, &storing_shown())?;
    for snapshot in &saved {
        println!(
            "{} {}  {} added",
            snapshot.id,
            snapshot.path,
            human_size(snapshot.added.unwrap_or_default())
        );
    }
    let held = history.list(None)?.len();
    eprintln!(
        "carryout: {} export(s) stored, {} already held",
        saved.len(),
        held - saved.len()
    );
    Ok(())
}

/// How far each export has come: a bar on a terminal, else a line at each tenth (a log of a
/// scheduled run).
fn storing_shown() -> OnStoring {
    if !std::io::stderr().is_terminal() {
        return Arc::new(|storing: &Storing| {
            if let Some(percent) = (storing.done * 100).checked_div(storing.total)
                && percent % 10 == 0
            {
                eprintln!("carryout: storing {} {percent} %", storing.path);
            }
        });
    }
    // One bar per export, made when its first bytes are said.
    let shown: Mutex<Option<(String, ProgressBar)>> = Mutex::default();
    Arc::new(move |storing: &Storing| {
        let mut shown = shown.lock().unwrap_or_else(PoisonError::into_inner);
        if shown.as_ref().is_none_or(|(path, _)| *path != storing.path) {
            let bar = bar(storing.total, STORING_BAR, false);
            bar.set_message(storing.path.clone());
            *shown = Some((storing.path.clone(), bar));
        }
        if let Some((_, bar)) = shown.as_ref() {
            bar.set_length(storing.total);
            bar.set_position(storing.done);
            if storing.done >= storing.total {
                bar.finish_and_clear();
            }
        }
    })
}

const STORING_BAR: &str = "storing {msg} {bar:30} {bytes}/{total_bytes} {bytes_per_sec}";

fn list(global: &Global, target: &Target, group: Option<&str>, json: bool) -> Result<(), Failed> {
    let snapshots: Vec<Snapshot> = target.open(global)?.list(group)?;
    let mut out = std::io::stdout().lock();
    let written = if json {
        serde_json::to_writer_pretty(&mut out, &snapshots)
            .map_err(std::io::Error::other)
            .and_then(|()| writeln!(out))
    } else if snapshots.is_empty() {
        writeln!(out, "no snapshots")
    } else {
        snapshots.iter().try_for_each(|s| {
            writeln!(
                out,
                "{:<10} {:<36} {:<22} {:>10}  {}",
                &s.id[..s.id.len().min(8)],
                s.groups.join(","),
                s.export_time.format("%Y-%m-%d %H:%M UTC"),
                human_size(s.size.unwrap_or_default()),
                s.job_id.as_deref().unwrap_or("")
            )
        })
    };
    quiet_pipe(written)
}
