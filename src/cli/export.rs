//! `carryout export`: start one export per resource group; with `--wait`, sign in for what
//! is missing and keep going until every archive is downloaded and verified.

use std::time::Duration;

use carryout::auth::LoginOptions;
use std::collections::BTreeMap;

use carryout::engine::{BlockedCode, Consent, ExportRequest, ExportState, Plan, RunUntil, Since};
use carryout::failure::Failure;
use chrono::{DateTime, Utc};

use super::library::BackupDir;
use super::{Failed, Global, login, signin, watch};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    groups: signin::Groups,
    /// Start of the window for groups that support time filters: `last` (where the group's
    /// last verified export ended) or an RFC 3339 time [default: the whole history]
    #[arg(long, value_name = "last|TIME", value_parser = parse_since)]
    since: Option<Since>,
    /// End of the window for groups that support time filters (RFC 3339)
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    until: Option<DateTime<Utc>>,
    #[command(flatten)]
    dir: BackupDir,
    /// Sign in for what is missing, then wait until every export is downloaded and verified
    #[arg(long)]
    wait: bool,
    /// With --wait: print the sign-in link instead of opening the browser
    #[arg(long)]
    no_browser: bool,
    /// With --wait: seconds to wait for each consent
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    timeout: u64,
}

fn parse_since(text: &str) -> Result<Since, String> {
    if text == "last" {
        return Ok(Since::LastExport);
    }
    parse_time(text).map(Since::At)
}

fn parse_time(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| format!("{text:?} is not an RFC 3339 time such as 2026-01-31T00:00:00Z"))
}

pub fn run(global: &Global, args: &Args) -> Result<(), Failed> {
    signin::runtime()?.block_on(export(global, args))
}

async fn export(global: &Global, args: &Args) -> Result<(), Failed> {
    let (session, engine) = watch::engine(global, &args.dir).await?;
    let request = ExportRequest {
        groups: args.groups.ids(),
        since: args.since.unwrap_or_default(),
        until: args.until,
    };
    // With --wait, a consent for what no sign-in covers; the same rule as the app's Back up
    // decides what starts.
    let open = login::opener(&session, args.no_browser);
    let consent = args.wait.then(|| Consent {
        open: &open,
        progress: &login::show_progress,
        options: LoginOptions {
            timeout: Duration::from_secs(args.timeout),
            ..LoginOptions::default()
        },
    });
    if consent.is_some() {
        let needed = engine.plan(&request.groups)?.consent.len();
        if needed > 0 {
            eprintln!("{needed} group(s) need consent first.");
        }
    }
    let report = engine.backup(&request, consent).await?;
    if let Some(login) = &report.consent {
        login::print_report(login);
    }
    print_blocked(&report.plan);
    if !report.need_consent.is_empty() {
        eprintln!(
            "No sign-in covers {}: not started (`carryout login`, or `--wait`).",
            report.need_consent.join(", ")
        );
    }
    if let Some(error) = report.consent_error {
        if report.started.is_empty() {
            return Err(error.into());
        }
        eprintln!("error: {error}; the groups a sign-in covers go ahead");
    }
    if report.started.is_empty() {
        // A person must act: sign in, or reset used one-time access.
        let failure = if report.need_consent.is_empty() {
            Failure::Refused
        } else {
            Failure::NotSignedIn
        };
        return Err(Failed::new(
            failure,
            "nothing was started: every group needs a sign-in or a reset first",
        ));
    }
    let until = if args.wait {
        RunUntil::Idle
    } else {
        RunUntil::OnePass
    };
    watch::run(&engine, until).await?;
    let ids: Vec<i64> = report.started.iter().map(|r| r.id).collect();
    let rows: Vec<_> = engine
        .exports()?
        .into_iter()
        .filter(|r| ids.contains(&r.id))
        .collect();
    watch::print_rows(&rows, false)?;
    if !args.wait {
        eprintln!(
            "Google prepares exports in minutes to days: `carryout run` keeps checking and \
             downloads them; `carryout status` shows where they are."
        );
        return Ok(());
    }
    let waiting: Vec<_> = rows
        .iter()
        .filter(|r| r.state == ExportState::WaitingWindow)
        .collect();
    let unfinished = rows
        .iter()
        .filter(|r| !matches!(r.state, ExportState::Verified | ExportState::WaitingWindow))
        .count();
    if unfinished > 0 {
        return Err(format!("{unfinished} of {} exports did not finish", rows.len()).into());
    }
    if let Some(last) = waiting.iter().filter_map(|r| r.window_until).max() {
        // Not a failure: Google's limit. A script tries again later (exit status 4).
        return Err(Failed::new(
            Failure::Google,
            &format!(
                "{} of {} groups wait for Google's 24-hour window of time-based access; the \
                 last starts by itself after {}. `carryout run` (or the app) picks them up, or \
                 run this command again then.",
                waiting.len(),
                rows.len(),
                watch::local(last)
            ),
        ));
    }
    Ok(())
}

/// What cannot start now, and when it can: groups that wait for a window are counted by the
/// day they start on.
fn print_blocked(plan: &Plan) {
    let mut by_time: BTreeMap<DateTime<Utc>, usize> = BTreeMap::new();
    for blocked in &plan.blocked {
        match (blocked.code, blocked.until) {
            (BlockedCode::Window, Some(until)) => *by_time.entry(until).or_default() += 1,
            _ => eprintln!(
                "{}: one-time access was used; `carryout reset` (after every archive is on \
                 disk) and a new sign-in export it again",
                blocked.group
            ),
        }
    }
    for (until, count) in &by_time {
        eprintln!(
            "{count} group(s) wait for Google's 24-hour window: they start by themselves after {}",
            watch::local(*until)
        );
    }
    if by_time.len() > 1
        && let Some(last) = plan.all_started_by
    {
        eprintln!(
            "Your sign-ins share Google's window and take turns, a day each: the whole \
                 backup has started by {}.",
            watch::local(last)
        );
    }
}
