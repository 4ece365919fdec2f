//! Recognising an OAuth client left in Google's "Testing" publishing status: its refresh tokens
//! die after 7 days even when the person chose 30 or 180 days of access.

/// Google's lifetime of a Testing client's refresh tokens.
const TESTING_LIFETIME_SECS: u64 = 7 * 86_400;
/// Slack for a lifetime reported a little later than issued; far below the 30-day choice.
const SLACK_SECS: u64 = 86_400;

/// The notice's key in the "shown once" table.
pub const NOTICE: &str = "testing_client";

/// The hint shown (once) when a grant looks like a Testing client's.
pub const HINT: &str = "Your OAuth client is in \"Testing\" status: Google ends its sign-ins after \
     7 days, even though you chose 30 or 180 days, so backups would stop within a week. Fix: in \
     Google Cloud Console → APIs & Services → OAuth consent screen (Audience), press \"Publish \
     app\" to move it to Production, then sign in again.";

/// A time-based grant whose refresh token lives about 7 days instead of 30 or 180.
pub fn looks_like_testing_client(time_based: bool, refresh_token_lifetime: Option<u64>) -> bool {
    time_based
        && refresh_token_lifetime.is_some_and(|secs| secs <= TESTING_LIFETIME_SECS + SLACK_SECS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seven_day_time_based_grants_mean_testing() {
        assert!(looks_like_testing_client(true, Some(604_800)));
        assert!(!looks_like_testing_client(true, Some(2_592_000)));
        assert!(!looks_like_testing_client(false, Some(604_800)));
        assert!(!looks_like_testing_client(true, None));
    }
}
