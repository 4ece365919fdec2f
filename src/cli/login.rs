//! `carryout login`: consent in the browser for some resource groups.

use std::time::Duration;

use carryout::auth::{LoginOptions, LoginReport};
use carryout::progress::ProgressEvent;
use carryout::session::Session;
use url::Url;

use super::{Failed, Global, signin};
use carryout::catalog::GroupId;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    groups: signin::Groups,
    /// Print the sign-in link instead of opening the browser
    #[arg(long)]
    no_browser: bool,
    /// Consent again even for groups a sign-in covers (a Testing client's sign-in about to end)
    #[arg(long)]
    again: bool,
    /// Seconds to wait for each consent
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    timeout: u64,
}

pub fn run(global: &Global, args: &Args) -> Result<(), Failed> {
    signin::runtime()?.block_on(login(global, args))
}

async fn login(global: &Global, args: &Args) -> Result<(), Failed> {
    let session = signin::connect(global).await?;
    let resources = args.groups.ids();
    let options = LoginOptions {
        timeout: Duration::from_secs(args.timeout),
        again: args.again,
        ..LoginOptions::default()
    };
    sign_in(&session, &resources, args.no_browser, &options).await
}

/// Consents for `resources` in the browser (or through a printed link) and says what was
/// granted.
pub async fn sign_in(
    session: &Session,
    resources: &[GroupId],
    no_browser: bool,
    options: &LoginOptions,
) -> Result<(), Failed> {
    let open = opener(session, no_browser);
    let report = session
        .auth
        .login(resources, &open, &show_progress, options)
        .await?;
    print_report(&report);
    Ok(())
}

/// How the command line opens Google's consent page: the browser, or a printed link (the
/// demo's Google consents by itself).
pub fn opener(
    session: &Session,
    no_browser: bool,
) -> impl Fn(&Url) -> Result<(), String> + Send + Sync + '_ {
    let demo = session.demo.as_ref();
    move |url: &Url| -> Result<(), String> {
        if let Some(demo) = demo {
            // The demo's Google consents by itself: no browser needed.
            demo.answer_consent(url);
            return Ok(());
        }
        if no_browser {
            println!("Open this link in a browser to sign in:\n{url}");
            return Ok(());
        }
        eprintln!("Opening your browser to sign in…");
        // Without a browser the core hands out the link (OpenLink) and keeps waiting.
        open::that_detached(url.as_str()).map_err(|e| e.to_string())
    }
}

/// A consent's progress, as lines.
pub fn show_progress(event: ProgressEvent) {
    match event {
        ProgressEvent::Consent { batch, batches } if batches > 1 => {
            eprintln!("Consent {batch} of {batches}")
        }
        ProgressEvent::OpenLink { url, reason } => {
            eprintln!("Could not open a browser ({reason}).");
            println!("Open this link in a browser to sign in:\n{url}");
        }
        _ => {}
    }
}

/// What a consent granted.
pub fn print_report(report: &LoginReport) {
    println!("{}", report.summary());
    for grant in &report.grants {
        println!("Signed in: grant {}", grant.id);
    }
    if let Some(hint) = report.testing_hint {
        eprintln!("note: {hint}");
    }
}
