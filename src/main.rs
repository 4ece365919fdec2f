//! The `carryout` command line: the same core as the desktop app, for servers and scripts.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
