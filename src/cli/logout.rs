//! `carryout logout`: revoke one grant at Google and forget its token.

use super::{Failed, Global, signin};

#[derive(clap::Args)]
pub struct Args {
    /// The grant's id, as `carryout grants` shows it
    grant_id: String,
}

pub fn run(global: &Global, args: &Args) -> Result<(), Failed> {
    signin::runtime()?.block_on(async {
        let session = signin::connect(global).await?;
        let grant = session.auth.logout(&args.grant_id).await?;
        println!(
            "Signed out of {} ({} resource groups); its access was revoked at Google.",
            grant.id,
            grant.resources.len()
        );
        Ok(())
    })
}
