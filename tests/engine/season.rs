//! A simulated season: a daily schedule of all 73 groups, for at least a week of emulator time,
//! through the real `carryout run` process against an emulator running thousands of times
//! faster than real time, with seeded random faults — Google's 500 and 503 on every route,
//! answers lost after their effect (initiate, retry, cancel), jobs that fail, SIGKILL and
//! restart of the process, and a computer clock a few minutes off Google's — and then the
//! engine's claims checked against the emulator's own record of jobs.
//!
//! Runs once per reading of Google's 24 h window (per client, per group). `SEASON_SEED`
//! replays a run (each prints its seed), `SEASON_DAYS` makes it longer (default 7), e.g.
//! `SEASON_DAYS=30 cargo test --test engine season -- --nocapture`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use carryout_emulator::{AccessChoice, CooldownScope, Emulator, Fault, Route, Settings};
use chrono::{DateTime, Utc};
use tokio::process::Child;

use crate::command_line::{Cli, sign_in_with};

/// Emulator seconds per real second: a day in 12 seconds.
const SPEED: f64 = 7200.0;
const DAY: chrono::TimeDelta = chrono::TimeDelta::days(1);

#[tokio::test(flavor = "multi_thread")]
async fn a_season_of_daily_backups_under_a_per_client_window_keeps_every_promise() {
    season(CooldownScope::PerClient).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_season_of_daily_backups_under_a_per_group_window_keeps_every_promise() {
    season(CooldownScope::PerResource).await;
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

async fn season(scope: CooldownScope) {
    let seed = env_number("SEASON_SEED").unwrap_or_else(|| fastrand::u64(..));
    let days = env_number("SEASON_DAYS").unwrap_or(7).max(7);
    let scope_name = match scope {
        CooldownScope::PerClient => "per-client",
        CooldownScope::PerResource => "per-group",
    };
    eprintln!("season scope={scope_name} seed={seed} days={days} (SEASON_SEED={seed} replays it)");
    let mut rng = fastrand::Rng::with_seed(seed);
    let emulator = Emulator::start(Settings {
        access: AccessChoice::Days180,
        cooldown: scope,
        speed: SPEED,
        archive_size: 8 * 1024,
        seed,
        ..Settings::for_tests()
    })
    .await
    .unwrap();
    let control = emulator.control().clone();
    let data_dir = tempfile::tempdir().unwrap();
    let backup_dir = tempfile::tempdir().unwrap();
    let cli = Cli {
        emulator: &emulator,
        data_dir: data_dir.path(),
    };
    let groups: Vec<String> = carryout::catalog::all()
        .iter()
        .map(|g| g.id.to_owned())
        .collect();
    sign_in_with(&cli, &["--all"]).await;
    let schedule = cli
        .command(&[
            "schedule",
            "add",
            "--every",
            "1",
            "--resources",
            &groups.join(","),
        ])
        .output()
        .await
        .unwrap();
    assert!(schedule.status.success(), "{schedule:?}");
    let start = control.now();
    let end = start + DAY * i32::try_from(days).unwrap();
    let backup = backup_dir.path().to_str().unwrap().to_owned();

    // The season: the process is killed and started again at random moments, while faults
    // are injected at random.
    let mut kills = 0;
    let mut faults = 0;
    let log = data_dir.path().join("run.log");
    let mut run = start_run(&cli, &backup, &log, &mut rng);
    let mut kill_at = Instant::now() + Duration::from_millis(rng.u64(1000..6000));
    while control.now() < end {
        let pause = Duration::from_millis(rng.u64(100..400));
        if let Ok(status) = tokio::time::timeout(pause, run.wait()).await {
            panic!(
                "seed {seed}: `carryout run` stopped by itself ({status:?}): {}",
                tail_of(&log)
            );
        }
        if std::env::var("SEASON_NOFAULTS").is_err() {
            inject_fault(&control, &groups, &mut rng);
            faults += 1;
        }
        if Instant::now() >= kill_at && std::env::var("SEASON_NOKILLS").is_err() {
            run.start_kill().unwrap();
            run.wait().await.unwrap();
            kills += 1;
            run = start_run(&cli, &backup, &log, &mut rng);
            kill_at = Instant::now() + Duration::from_millis(rng.u64(1000..6000));
        }
    }
    control.clear_faults();

    // Ctrl-C stops it within seconds.
    let interrupted = Instant::now();
    let pid = run.id().expect("the run is still going");
    let sent = std::process::Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let stopped = tokio::time::timeout(Duration::from_secs(10), run.wait()).await;
    let sigint_ms = interrupted.elapsed().as_millis();
    assert!(
        stopped.is_ok(),
        "seed {seed}: Ctrl-C did not stop `carryout run` in 10 s"
    );

    // Shown only when a check below fails.
    eprintln!("the last run's last lines:\n{}", tail_of(&log));
    let report = check(
        &cli,
        &control,
        backup_dir.path(),
        &groups,
        start,
        days,
        seed,
    )
    .await;
    let stats = control.stats();
    println!(
        "season scope={scope_name} seed={seed} days={days} groups_verified={}/{} exports={} \
         jobs={} sign_ins={} longest_wait_days={:.1} initiates_per_day={:.1} \
         state_calls_per_job={:.1} kills={kills} faults={faults} sigint_exit_ms={sigint_ms}",
        report.groups_verified,
        groups.len(),
        report.exports,
        stats.jobs_created,
        report.sign_ins,
        report.longest_wait_days,
        stats.initiate_requests as f64 / days as f64,
        stats.state_calls as f64 / stats.jobs_created.max(1) as f64,
    );
}

/// `carryout run`, its clock up to three minutes off Google's; what it says goes to `log`.
fn start_run(cli: &Cli<'_>, backup: &str, log: &Path, rng: &mut fastrand::Rng) -> Child {
    let mut run = cli.command(&["run", "--backup-dir", backup]);
    run.env(
        carryout::auth::CLOCK_SKEW_VARIABLE,
        rng.i64(-180..=180).to_string(),
    );
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .unwrap();
    run.stdout(Stdio::null()).stderr(log);
    run.spawn().unwrap()
}

fn tail_of(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(40)..].join("\n")
}

/// One fault at random, on a route with none pending: faults do not pile up on a route that
/// is seldom called (under a per-client window, one initiate a day).
fn inject_fault(control: &carryout_emulator::Control, groups: &[String], rng: &mut fastrand::Rng) {
    let pending: Vec<Route> = control.pending_faults().into_iter().map(|f| f.0).collect();
    let free = |route: &Route| !pending.contains(route);
    const ANY: [Route; 6] = [
        Route::Initiate,
        Route::State,
        Route::Retry,
        Route::Cancel,
        Route::Token,
        Route::Storage,
    ];
    const WITH_EFFECT: [Route; 3] = [Route::Initiate, Route::Retry, Route::Cancel];
    // A job Google fails is rarer than a failed request: a combined job of twenty groups
    // fails when any of them does.
    match rng.u8(0..30) {
        0..=17 => {
            let status = if rng.bool() { 500 } else { 503 };
            let route = ANY[rng.usize(..ANY.len())];
            if free(&route) {
                control.inject_fault(route, Fault::Status(status), 1);
            }
        }
        18..=28 => {
            let route = WITH_EFFECT[rng.usize(..WITH_EFFECT.len())];
            if free(&route) {
                control.inject_fault(route, Fault::StatusAfterEffect(502), 1);
            }
        }
        _ => control.fail_next_jobs(&groups[rng.usize(..groups.len())], 1),
    }
}

/// A time a row may not have yet.
type Time = Option<DateTime<Utc>>;

struct Report {
    groups_verified: usize,
    exports: usize,
    sign_ins: usize,
    longest_wait_days: f64,
}

#[derive(Debug, serde::Deserialize)]
struct Row {
    group: String,
    state: String,
    grant_id: Option<String>,
    job_id: Option<String>,
    start_time: Option<DateTime<Utc>>,
    export_time: Option<DateTime<Utc>>,
    started_at: Option<DateTime<Utc>>,
    #[expect(dead_code, reason = "shown when a check fails")]
    problem: Option<serde_json::Value>,
}

#[derive(serde::Deserialize)]
struct Receipt {
    groups: Vec<String>,
    job_id: String,
}

/// The engine's claims (its rows and the receipts on disk) against what Google did.
async fn check(
    cli: &Cli<'_>,
    control: &carryout_emulator::Control,
    backup: &Path,
    groups: &[String],
    start: DateTime<Utc>,
    days: u64,
    seed: u64,
) -> Report {
    let status = cli.command(&["status", "--json"]).output().await.unwrap();
    assert!(status.status.success(), "seed {seed}: {status:?}");
    let rows: Vec<Row> = serde_json::from_slice(&status.stdout).unwrap();
    let jobs = control.jobs();

    let all_jobs: Vec<String> = jobs
        .iter()
        .map(|j| {
            format!(
                "{:.2}d {}x{} {}",
                (j.requested_at - start).num_minutes() as f64 / 1440.0,
                j.resources.len(),
                j.resources[0],
                j.state
            )
        })
        .collect();
    let made: HashMap<&str, BTreeSet<&str>> = jobs
        .iter()
        .map(|j| {
            (
                j.id.as_str(),
                j.resources.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    let verified: Vec<&Row> = rows.iter().filter(|r| r.state == "verified").collect();

    // Every verified export names a job Google made for exactly the groups that claim it.
    let mut claims: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for row in &verified {
        let job = row.job_id.as_deref().expect("a verified export has a job");
        assert!(
            claims.entry(job).or_default().insert(row.group.as_str()),
            "seed {seed}: {} has two verified exports of job {job}",
            row.group
        );
    }
    for (job, groups) in &claims {
        let exported = made
            .get(job)
            .unwrap_or_else(|| panic!("seed {seed}: Google never made job {job}"));
        assert_eq!(groups, exported, "seed {seed}: job {job}");
    }
    // Every receipt on disk too, and one receipt per job.
    let mut receipts: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for group_dir in std::fs::read_dir(backup).unwrap() {
        for export in std::fs::read_dir(group_dir.unwrap().path()).unwrap() {
            let path = export.unwrap().path().join("manifest.json");
            let receipt: Receipt = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            let claimed: BTreeSet<String> = receipt.groups.iter().cloned().collect();
            assert!(
                receipts
                    .insert(receipt.job_id.clone(), claimed.clone())
                    .is_none(),
                "seed {seed}: two receipts of job {}",
                receipt.job_id
            );
            let exported: BTreeSet<String> = made
                .get(receipt.job_id.as_str())
                .unwrap_or_else(|| panic!("seed {seed}: {path:?} names an unknown job"))
                .iter()
                .map(|g| (*g).to_owned())
                .collect();
            assert_eq!(claimed, exported, "seed {seed}: {path:?}");
        }
    }

    // Every group is exported within as many days as there are sign-ins taking turns, and
    // again as often; none starves.
    let sign_ins: BTreeSet<&str> = rows.iter().filter_map(|r| r.grant_id.as_deref()).collect();
    let turns = if made.is_empty() { 1 } else { sign_ins.len() };
    let window_turns = match control.config().cooldown {
        CooldownScope::PerClient => turns,
        CooldownScope::PerResource => 1,
    };
    // A turn a day, plus a day's slack for a job that fails for good. Starving takes more.
    let allowed = (window_turns + 2) as f64;
    let mut longest_wait_days: f64 = 0.0;
    let mut groups_verified = 0;
    for group in groups {
        let mut starts: Vec<DateTime<Utc>> = verified
            .iter()
            .filter(|r| &r.group == group)
            .filter_map(|r| r.started_at)
            .collect();
        starts.sort();
        if !starts.is_empty() {
            groups_verified += 1;
        }
        // At the season's end the next export may still be on its way: a day more for it.
        let end = start + DAY * days as i32;
        let mut previous = start;
        for at in starts.iter().copied().chain([end]) {
            let wait = (at - previous).num_minutes() as f64 / 1440.0;
            longest_wait_days = longest_wait_days.max(wait);
            let allowed = if at == end { allowed + 1.0 } else { allowed };
            assert!(
                wait <= allowed,
                "seed {seed}: {group} waited {wait:.2} days for an export (turns: \
                 {window_turns}); its exports: {:#?}; its jobs: {:#?}; all jobs: {all_jobs:#?}",
                rows.iter()
                    .filter(|r| &r.group == group)
                    .collect::<Vec<_>>(),
                jobs.iter()
                    .filter(|j| j.resources.contains(group))
                    .collect::<Vec<_>>()
            );
            previous = at;
        }
    }

    // Time-filter groups: each window starts where the last one ended, or at the beginning
    // when the group shared a job with groups that take no time filter (one job per sign-in
    // under a per-client window): never a gap.
    for group in carryout::catalog::all().iter().filter(|g| g.time_filter) {
        let mut windows: Vec<(Time, Time)> = verified
            .iter()
            .filter(|r| r.group == group.id)
            .map(|r| (r.start_time, r.export_time))
            .collect();
        windows.sort_by_key(|w| w.1);
        for pair in windows.windows(2) {
            assert!(
                pair[1].0.is_none() || pair[1].0 == pair[0].1,
                "seed {seed}: {} has a gap or an overlap: {windows:?}",
                group.id
            );
        }
    }

    // No group has two jobs of its own in a day.
    let mut per_group_day: HashMap<(&str, i64), u32> = HashMap::new();
    for job in jobs
        .iter()
        .filter(|j| j.state != "CANCELLED" && j.origin == j.id)
    {
        for group in &job.resources {
            *per_group_day
                .entry((group.as_str(), (job.requested_at - start).num_hours() / 24))
                .or_default() += 1;
        }
    }
    if let Some(((group, day), n)) = per_group_day.iter().find(|(_, n)| **n > 1) {
        panic!("seed {seed}: {group} got {n} jobs on day {day}");
    }
    Report {
        groups_verified,
        exports: verified.len(),
        sign_ins: sign_ins.len(),
        longest_wait_days,
    }
}
