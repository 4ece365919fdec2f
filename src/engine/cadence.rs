//! When to ask Google about a job again: every 5 minutes while it is young (a short job is
//! seen complete within 5 minutes of finishing), then a growing share of its age, at most
//! hourly — inside Google's 5–60 minute guidance. A 6-hour job costs 12 state calls.

use std::time::Duration;

/// Google's shortest advised interval.
pub const FIRST_CHECK: Duration = Duration::from_secs(5 * 60);
/// Google's longest advised interval.
const LONGEST: Duration = Duration::from_secs(60 * 60);
/// Jobs younger than this are checked every [`FIRST_CHECK`].
const YOUNG: Duration = Duration::from_secs(20 * 60);
/// Past [`YOUNG`], the wait is this share of the job's age.
const SHARE_OF_AGE: f64 = 0.6;
/// "Check now" is honoured at most this often per job: Google's shortest advised interval.
pub const CHECK_NOW_SPACING: Duration = FIRST_CHECK;
/// Wait before trying an initiate again after a transient failure (5xx, network).
pub const INITIATE_BACKOFF: Duration = Duration::from_secs(2 * 60);
/// Wait before resuming a download that stopped on a transient failure.
pub const DOWNLOAD_BACKOFF: Duration = Duration::from_secs(5 * 60);

/// Google's window of time-based access: one export per 24 hours.
pub const WINDOW: Duration = Duration::from_secs(24 * 3600);
/// A turn of sign-ins sharing the window starts this long after the window it follows ends:
/// Google's clock and ours differ by seconds, and Google rounds the window's end up to the
/// whole second.
const TURN_MARGIN_SECS: i64 = 60;

/// The turn that follows a shared window Google says ends at `end`: the moment the queue
/// starts it, so that a row waiting for it is promised that moment and not a minute before.
pub fn turn_after_window(end: chrono::DateTime<chrono::Utc>) -> chrono::DateTime<chrono::Utc> {
    end + chrono::TimeDelta::seconds(TURN_MARGIN_SECS)
}
/// The shortest wait before starting again a group Google refused with a window end already
/// past by our clock.
pub const WINDOW_RECHECK: Duration = Duration::from_secs(2 * 60);
/// The longest wait after repeated setbacks.
const LONGEST_SETBACK: Duration = Duration::from_secs(60 * 60);

/// The wait after `setbacks` consecutive transient failures: `base`, doubling with each
/// repeat, at most an hour.
pub fn setback_wait(base: Duration, setbacks: u32) -> Duration {
    base.saturating_mul(1 << setbacks.min(16))
        .min(LONGEST_SETBACK.max(base))
}

/// The wait before the next state call of a job that has been running for `age`.
pub fn next_check_after(age: Duration) -> Duration {
    if age < YOUNG {
        return FIRST_CHECK;
    }
    age.mul_f64(SHARE_OF_AGE).clamp(FIRST_CHECK, LONGEST)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// State calls until a job of `duration` is seen complete, and how late the last one is.
    fn calls_for(duration: Duration) -> (u32, Duration) {
        let mut at = FIRST_CHECK;
        let mut calls = 1;
        while at < duration {
            at += next_check_after(at);
            calls += 1;
        }
        (calls, at - duration)
    }

    #[test]
    fn a_six_hour_job_costs_at_most_twelve_state_calls() {
        let (calls, _) = calls_for(Duration::from_secs(6 * 3600));
        assert!(calls <= 12, "{calls} calls");
    }

    #[test]
    fn a_short_job_is_seen_within_five_minutes_of_finishing() {
        for seconds in (10..=20 * 60).step_by(10) {
            let (_, late) = calls_for(Duration::from_secs(seconds));
            assert!(late <= FIRST_CHECK, "{seconds} s: seen {late:?} late");
        }
    }

    #[test]
    fn every_wait_is_within_googles_guidance() {
        for minutes in 0..(14 * 24 * 60) {
            let wait = next_check_after(Duration::from_secs(minutes * 60));
            assert!(
                (FIRST_CHECK..=LONGEST).contains(&wait),
                "{minutes} min: {wait:?}"
            );
        }
    }

    #[test]
    fn setbacks_wait_longer_each_time_up_to_an_hour() {
        let base = Duration::from_secs(120);
        assert_eq!(setback_wait(base, 0), base);
        assert_eq!(setback_wait(base, 1), base * 2);
        assert_eq!(setback_wait(base, 3), base * 8);
        assert_eq!(setback_wait(base, 40), LONGEST_SETBACK);
    }

    #[test]
    fn a_job_of_days_is_checked_hourly() {
        assert_eq!(
            next_check_after(Duration::from_secs(3 * 24 * 3600)),
            LONGEST
        );
    }
}
