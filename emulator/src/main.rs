//! `carryout-emulator`: serves the emulator on 127.0.0.1 until killed.

use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use carryout_emulator::{
    AccessChoice, CooldownScope, CooldownStatus, Emulator, InitiateAfterConsent, Settings,
};
use clap::{Parser, ValueEnum};

/// A local stand-in for Google's OAuth, the Data Portability API and Cloud Storage signed URLs.
///
/// Prints `listening on http://127.0.0.1:PORT` once ready. Admin endpoints live under
/// `/_emulator/` (see the README).
#[derive(Debug, Parser)]
#[command(name = "carryout-emulator", version)]
struct Args {
    /// Port on 127.0.0.1 (0 = any free port).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Grant every requested scope without showing the consent page.
    #[arg(long)]
    auto_consent: bool,
    /// Access duration auto-consent picks (and the consent page preselects).
    #[arg(long, value_enum, default_value_t = Access::OneTime)]
    access: Access,
    /// Behave as a client in "Testing" publishing status (refresh tokens live 7 days).
    #[arg(long)]
    testing_client: bool,
    /// What the 24 h window of time-based access covers.
    #[arg(long, value_enum, default_value_t = Cooldown::PerClient)]
    cooldown: Cooldown,
    /// How an initiate inside the 24 h window is answered.
    #[arg(long, value_enum, default_value_t = CooldownAnswer::ResourceExhausted)]
    cooldown_status: CooldownAnswer,
    /// Which grants must start exporting within 24 h of the user's consent.
    #[arg(long, value_enum, default_value_t = AfterConsent::OneTimeWithin24h)]
    initiate_after_consent: AfterConsent,
    /// Emulator seconds from initiate to a finished job.
    #[arg(long, default_value_t = 60.0)]
    job_duration: f64,
    /// Bytes of one resource group's archive.
    #[arg(long, default_value_t = 256 * 1024)]
    archive_size: u64,
    /// URLs (zip parts) per completed job.
    #[arg(long, default_value_t = 1)]
    parts: u32,
    /// Emulator seconds per real second.
    #[arg(long, default_value_t = 1.0)]
    speed: f64,
    /// Seed of ids, tokens, the signing key and archive contents.
    #[arg(long, default_value_t = 0)]
    seed: u64,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Access {
    #[value(name = "one-time")]
    OneTime,
    #[value(name = "30d")]
    Days30,
    #[value(name = "180d")]
    Days180,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Cooldown {
    PerClient,
    PerResource,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum CooldownAnswer {
    ResourceExhausted,
    FailedPrecondition,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum AfterConsent {
    Unlimited,
    #[value(name = "one-time-within-24h")]
    OneTimeWithin24h,
    #[value(name = "first-within-24h")]
    FirstWithin24h,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let args = Args::parse();
    if !args.job_duration.is_finite() || args.job_duration < 0.0 {
        eprintln!("--job-duration must be a non-negative number of seconds");
        std::process::exit(2);
    }
    let settings = Settings {
        auto_consent: args.auto_consent,
        access: match args.access {
            Access::OneTime => AccessChoice::OneTime,
            Access::Days30 => AccessChoice::Days30,
            Access::Days180 => AccessChoice::Days180,
        },
        testing_client: args.testing_client,
        cooldown: match args.cooldown {
            Cooldown::PerClient => CooldownScope::PerClient,
            Cooldown::PerResource => CooldownScope::PerResource,
        },
        cooldown_status: match args.cooldown_status {
            CooldownAnswer::ResourceExhausted => CooldownStatus::ResourceExhausted,
            CooldownAnswer::FailedPrecondition => CooldownStatus::FailedPrecondition,
        },
        initiate_after_consent: match args.initiate_after_consent {
            AfterConsent::Unlimited => InitiateAfterConsent::Unlimited,
            AfterConsent::OneTimeWithin24h => InitiateAfterConsent::OneTimeWithin24h,
            AfterConsent::FirstWithin24h => InitiateAfterConsent::FirstWithin24h,
        },
        job_duration: Duration::from_secs_f64(args.job_duration.min(1e12)),
        archive_size: args.archive_size,
        part_count: args.parts.max(1),
        speed: args.speed,
        seed: args.seed,
        ..Settings::default()
    };
    let emulator =
        Emulator::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, args.port)), settings).await?;
    let mut stdout = std::io::stdout();
    writeln!(stdout, "listening on {}", emulator.base_url())?;
    stdout.flush()?;
    tokio::select! {
        _ = emulator.serve_forever() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    Ok(())
}
