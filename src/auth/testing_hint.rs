//! Recognising an OAuth client left in Google's "Testing" publishing status: its refresh tokens
//! die after 7 days even when the person chose 30 or 180 days of access.

use super::grants::Access;

/// Google's lifetime of a Testing client's refresh tokens.
pub(super) const TESTING_LIFETIME_SECS: u64 = 7 * 86_400;
/// Slack for a lifetime reported a little later than issued; far below the 30-day choice.
pub(super) const SLACK_SECS: u64 = 86_400;

/// The notice's key in the "shown once" table.
pub const NOTICE: &str = "testing_client";

/// The hint shown (once) when a grant looks like a Testing client's.
pub const HINT: &str = "Your OAuth client is in \"Testing\" status: Google ends its sign-ins after \
     7 days, even though you chose 30 or 180 days, so backups would stop within a week. Fix: in \
     Google Cloud Console → APIs & Services → OAuth consent screen (Audience), press \"Publish \
     app\" to move it to Production, then sign in again.";

/// A time-based grant whose refresh token lives about 7 days instead of 30 or 180.
pub fn looks_like_testing_client(
    access: Option<Access>,
    refresh_token_expires_in: Option<u64>,
) -> bool {
    matches!(access, Some(Access::TimeBased))
        && refresh_token_expires_in.is_some_and(|secs| secs <= TESTING_LIFETIME_SECS + SLACK_SECS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seven_day_time_based_grants_mean_testing() {
        assert!(looks_like_testing_client(
            Some(Access::TimeBased),
            Some(604_800)
        ));
        assert!(!looks_like_testing_client(
            Some(Access::TimeBased),
            Some(2_592_000)
        ));
        assert!(!looks_like_testing_client(Some(Access::OneTime), None));
        assert!(!looks_like_testing_client(Some(Access::TimeBased), None));
    }
}
