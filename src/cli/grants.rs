//! `carryout grants`: the sign-ins recorded in this data dir.

use std::io::Write;

use carryout::auth::{Access, GrantInfo, GrantState, Grants};
use carryout::clock::{Clock, SystemClock};
use carryout::store::Store;

use super::{Failed, Global};

#[derive(clap::Args)]
pub struct Args {
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(global: &Global, args: &Args) -> Result<(), Failed> {
    let store = Store::open(&global.data_dir()?)?;
    let now = SystemClock.now();
    let mut grants = Grants::new(store).all()?;
    for grant in &mut grants {
        grant.state = grant.state_at(now);
    }
    let grants: Vec<GrantInfo> = grants.into_iter().map(GrantInfo::from).collect();
    match print(&grants, args.json) {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

fn print(grants: &[GrantInfo], json: bool) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, grants)?;
        return writeln!(out);
    }
    if grants.is_empty() {
        return writeln!(out, "No sign-ins yet: run `carryout login --resources …`.");
    }
    for info in grants {
        let grant = &info.grant;
        let state = match grant.state {
            GrantState::Active => "active",
            GrantState::Expired => "expired",
            GrantState::Revoked => "revoked",
        };
        let expiry = grant
            .refresh_expires_at
            .map(|at| format!("until {}", at.format("%Y-%m-%d %H:%M UTC")))
            .unwrap_or_else(|| "until revoked".to_owned());
        writeln!(
            out,
            "{}  {state:<7}  {expiry}  created {}",
            grant.id,
            grant.created_at.format("%Y-%m-%d %H:%M UTC")
        )?;
        if info.testing {
            writeln!(
                out,
                "    a Testing client's sign-in: it ends after 7 days and cannot be renewed \
                 (`carryout login --again` consents again)"
            )?;
        } else if let Some(from) = info.renewable_from.filter(|_| state == "active") {
            writeln!(
                out,
                "    renewable at Google from {}: `carryout status` gives the link as its end nears",
                from.format("%Y-%m-%d")
            )?;
        }
        for (resource, access) in &grant.resources {
            let access = match access {
                Access::OneTime => "one-time",
                Access::TimeBased => "time-based",
            };
            writeln!(out, "    {resource:<48} {access}")?;
        }
    }
    Ok(())
}
