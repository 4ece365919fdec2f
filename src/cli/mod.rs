//! Command-line parsing and dispatch; each subcommand lives in its own module and calls the core.

mod export;
mod failed;
mod grants;
mod groups;
mod history;
mod jobs;
mod library;
mod login;
mod logout;
mod schedule;
mod signin;
mod watch;

use std::path::PathBuf;
use std::process::ExitCode;

use std::io::IsTerminal;

use carryout::history::{Location, Retention};
use carryout::secret::ServerPassword;
use carryout::session::{HistoryChoice, SecretsChoice};
use clap::{CommandFactory, Parser, Subcommand};

use failed::{EXIT_STATUSES, Failed};

#[derive(Parser)]
#[command(
    name = "carryout",
    version,
    about = "Back up your own Google data through Google's Data Portability API",
    after_help = EXIT_STATUSES
)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

/// Options every subcommand shares.
#[derive(clap::Args)]
pub struct Global {
    /// Where Carryout keeps its state [default: the platform's data folder]
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Use the Google emulator at URL for every endpoint (its client unless --client-secret)
    #[arg(long, global = true, value_name = "URL", conflicts_with = "demo")]
    emulator: Option<String>,
    /// Start an emulator inside this process and use it (auto-consents with 30-day access;
    /// keeps nothing once the command ends, so not with --data-dir)
    #[arg(long, global = true)]
    demo: bool,
    /// Your Google OAuth client file (client_secret_*.json of a "Desktop app" client)
    #[arg(long, global = true, value_name = "FILE")]
    client_secret: Option<PathBuf>,
    /// Where sign-in tokens are kept: the system keychain, or a file only you can read
    #[arg(long, global = true, value_enum, default_value_t = signin::SecretsOption::Keyring)]
    secrets: signin::SecretsOption,
    /// The history, where every verified export is also kept: a restic repository, in a folder
    /// or on a REST server (rest:https://user:password@host/path/) [default: "<backup folder>
    /// history", beside the backup folder]
    #[arg(long, global = true, value_name = "REPO", env = "RESTIC_REPOSITORY", value_parser = history_location)]
    history: Option<Location>,
    /// The REST server's user, when --history names none, as restic reads it
    #[arg(long, global = true, hide = true, env = "RESTIC_REST_USERNAME")]
    history_server_user: Option<String>,
    /// The REST server's password, when --history names none, as restic reads it
    #[arg(
        long,
        global = true,
        hide = true,
        env = "RESTIC_REST_PASSWORD",
        hide_env_values = true
    )]
    history_server_password: Option<String>,
    /// A file holding the history's password on its first line, as restic's --password-file
    /// [default: made once and kept with the sign-in tokens; `carryout history password`]
    #[arg(long, global = true, value_name = "FILE", env = "RESTIC_PASSWORD_FILE")]
    history_password_file: Option<PathBuf>,
    /// Keep verified exports in the backup folder only, not in the history
    #[arg(long, global = true)]
    no_history: bool,
}

/// `--history`, read as restic reads a repository's location.
fn history_location(text: &str) -> Result<Location, String> {
    Location::parse(text).map_err(|error| error.to_string())
}

impl Global {
    pub fn secrets_choice(&self) -> SecretsChoice {
        match self.secrets {
            signin::SecretsOption::Keyring => SecretsChoice::Keychain,
            signin::SecretsOption::File => SecretsChoice::File,
        }
    }

    pub fn history_choice(&self) -> HistoryChoice {
        if self.no_history {
            return HistoryChoice::Off;
        }
        let location = self.history.clone().map(|location| {
            let password = self
                .history_server_password
                .clone()
                .map(ServerPassword::new);
            location.signed_in_with(self.history_server_user.clone(), password)
        });
        HistoryChoice::Keep {
            location,
            password_file: self.history_password_file.clone(),
            retention: Retention::default(),
        }
    }

    /// The data dir, created if missing.
    pub fn data_dir(&self) -> Result<PathBuf, Failed> {
        let dir = match &self.data_dir {
            Some(dir) => dir.clone(),
            None => carryout::session::default_data_dir()
                .ok_or("no home folder found: pass --data-dir")?,
        };
        carryout::files::private::create_dir_all(&dir)
            .map_err(|e| format!("cannot create the data folder {}: {e}", dir.display()))?;
        Ok(dir)
    }
}

/// The demo's Google lives inside this process: a data folder would keep exports, sign-ins and
/// schedules that no later command could pick up, so asking for one is a mistake to say.
const DEMO_KEEPS_NOTHING: &str = "--data-dir cannot be used with --demo: the demo's Google \
    lives only as long as this command, so nothing it starts could be picked up later. Leave \
    out --data-dir, or start `carryout-emulator` and pass --emulator URL to keep exports between \
    commands";

/// A demo's history goes with the demo command that made it, so `history` under `--demo` would
/// quietly read the person's own one instead.
const DEMO_HAS_NO_HISTORY: &str = "--demo cannot be used with `carryout history`: a demo's \
    history goes with the demo command that made it. Leave out --demo to use your own history";

/// Log lines go to stderr: warnings by default, more with `RUST_LOG` (e.g. `RUST_LOG=debug`);
/// coloured only on a terminal and without `NO_COLOR` (a log file gets plain text).
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let colour = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty());
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(colour)
        .with_writer(std::io::stderr)
        .init();
}

#[derive(Subcommand)]
enum Command {
    /// List the resource groups that can be backed up.
    Groups(groups::Args),
    /// Sign in with Google for some resource groups (consent in the browser).
    Login(login::Args),
    /// List sign-ins (grants): scopes, access type, expiry, state.
    Grants(grants::Args),
    /// Sign out of one grant: revoke it at Google and forget its token.
    Logout(logout::Args),
    /// List the exports in the backup folder.
    Library(library::ListArgs),
    /// Re-hash every backed-up file against its receipt: ok, changed or missing.
    Verify(library::VerifyArgs),
    /// List what archives hold, without extracting them.
    Contents(library::ContentsArgs),
    /// Extract archives into folders beside them (refusing entries that would escape).
    Extract(library::ExtractArgs),
    /// Start one export per resource group; with --wait, follow them until verified on disk.
    Export(export::Args),
    /// List the exports and where each one is.
    Status(jobs::StatusArgs),
    /// Try a failed export again (Google retries a failed job up to 3 times).
    Retry(jobs::ExportArg),
    /// Cancel an in-progress export started with time-based access.
    Cancel(jobs::ExportArg),
    /// The time windows verified exports cover, per group, and the gaps between them.
    Coverage(jobs::CoverageArgs),
    /// Reset the authorization at Google (needed to export one-time groups again); refused
    /// while exports are not yet on disk, unless --force.
    Reset(jobs::ResetArgs),
    /// Keep working: check exports, download them, start what is due; until Ctrl-C.
    Run(jobs::RunArgs),
    /// Recurring backups (time-based access): add, list or remove a schedule.
    #[command(subcommand)]
    Schedule(schedule::Action),
    /// The history: every export kept as a snapshot in a restic repository.
    #[command(subcommand)]
    History(history::Action),
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    if cli.global.demo && cli.global.data_dir.is_some() {
        Cli::command()
            .error(clap::error::ErrorKind::ArgumentConflict, DEMO_KEEPS_NOTHING)
            .exit();
    }
    if cli.global.demo && matches!(cli.command, Command::History(_)) {
        Cli::command()
            .error(
                clap::error::ErrorKind::ArgumentConflict,
                DEMO_HAS_NO_HISTORY,
            )
            .exit();
    }
    init_logging();
    let result = match cli.command {
        Command::Groups(args) => groups::run(&args),
        Command::Login(args) => login::run(&cli.global, &args),
        Command::Grants(args) => grants::run(&cli.global, &args),
        Command::Logout(args) => logout::run(&cli.global, &args),
        Command::Library(args) => library::list(&args),
        Command::Verify(args) => library::verify(&args),
        Command::Contents(args) => library::contents(&args),
        Command::Extract(args) => library::extract(&args),
        Command::Export(args) => export::run(&cli.global, &args),
        Command::Status(args) => jobs::status(&cli.global, &args),
        Command::Retry(args) => jobs::retry(&cli.global, &args),
        Command::Cancel(args) => jobs::cancel(&cli.global, &args),
        Command::Coverage(args) => jobs::coverage(&cli.global, &args),
        Command::Reset(args) => jobs::reset(&cli.global, &args),
        Command::Run(args) => jobs::run(&cli.global, &args),
        Command::Schedule(action) => schedule::run(&cli.global, &action),
        Command::History(action) => history::run(&cli.global, &action),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failed) => {
            eprintln!("carryout: {failed}");
            failed.exit_code()
        }
    }
}
