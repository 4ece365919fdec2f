//! Command-line parsing and dispatch; each subcommand lives in its own module and calls the core.

mod groups;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "carryout",
    version,
    about = "Back up your own Google data through Google's Data Portability API"
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
}

impl Global {
    /// The data dir, created if missing.
    #[expect(
        dead_code,
        reason = "the first users, sign-in and downloads, are being added"
    )]
    pub fn data_dir(&self) -> Result<PathBuf, String> {
        let dir = match &self.data_dir {
            Some(dir) => dir.clone(),
            None => directories::ProjectDirs::from("app", "Carryout", "Carryout")
                .ok_or("no home folder found: pass --data-dir")?
                .data_dir()
                .to_path_buf(),
        };
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create the data folder {}: {e}", dir.display()))?;
        Ok(dir)
    }
}

#[derive(Subcommand)]
enum Command {
    /// List the resource groups that can be backed up.
    Groups(groups::Args),
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Groups(args) => groups::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("carryout: {message}");
            ExitCode::FAILURE
        }
    }
}
