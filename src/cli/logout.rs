//! `carryout logout`: revoke one grant at Google and forget its token.

use super::{Failed, Global, signin};

#[derive(clap::Args)]
pub struct Args {
    /// The grant's id, as `carryout grants` shows it
    grant_id: carryout::auth::GrantId,
}

pub fn run(global: &Global, args: &Args) -> Result<(), Failed> {
    signin::runtime()?.block_on(async {
        let session = signin::connect(global).await?;
        let signed_out = session.auth.logout(&args.grant_id).await?;
        let grant = &signed_out.grant;
        if signed_out.revoked_at_google {
            println!(
                "Signed out of {} ({} resource groups); its access was revoked at Google.",
                grant.id,
                grant.resources.len()
            );
        } else {
            println!(
                "Signed out of {} ({} resource groups) here, but its token was not in the secret \
                 store, so nothing could be revoked at Google: remove Carryout's access at \
                 https://myaccount.google.com/permissions",
                grant.id,
                grant.resources.len()
            );
        }
        Ok(())
    })
}
