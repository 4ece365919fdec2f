//! The `carryout` command line: the same core as the desktop app, for servers and scripts.

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use carryout::catalog;

#[derive(Parser)]
#[command(
    name = "carryout",
    version,
    about = "Back up your own Google data through Google's Data Portability API"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List the resource groups that can be backed up.
    Groups {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Groups { json } => print_groups(json),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`carryout groups | head`) is not an error worth a message.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("carryout: {error}");
            ExitCode::FAILURE
        }
    }
}

fn print_groups(json: bool) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, catalog::all())?;
        return writeln!(out);
    }
    for service in catalog::Service::all() {
        writeln!(out, "{}", service.label())?;
        for group in catalog::by_service(*service) {
            let filter = if group.time_filter {
                "  [time filter]"
            } else {
                ""
            };
            writeln!(out, "  {:<48} {}{filter}", group.id, group.label)?;
        }
    }
    Ok(())
}
