//! `carryout groups`: the catalog of resource groups.

use std::io::Write;

use super::Failed;
use carryout::catalog;

#[derive(clap::Args)]
pub struct Args {
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(args: &Args) -> Result<(), Failed> {
    match print(args.json) {
        // A closed pipe (`carryout groups | head`) is not worth a message.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

fn print(json: bool) -> std::io::Result<()> {
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
