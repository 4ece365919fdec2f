//! When a failed call may be repeated, and how long to wait first.

use std::time::Duration;

use super::error::{ApiError, Problem};

/// Capped exponential backoff with full jitter; `Retry-After` is honoured exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// A `Retry-After` longer than this is handed back to the caller instead of waited out.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            attempts: 6,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(120),
        }
    }
}

/// How much may be repeated after a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Repeatable {
    /// Reads: any transport error, 5xx or 429 may be retried.
    Idempotent,
    /// Calls with effects: only when the request provably did nothing (never connected, or
    /// rate-limited before any work).
    OnlyIfNothingHappened,
}

impl RetryPolicy {
    /// The wait before attempt `attempt + 1`, or `None` to give up with `error`.
    pub(super) fn delay_after(
        &self,
        attempt: u32,
        error: &ApiError,
        repeatable: Repeatable,
    ) -> Option<Duration> {
        if attempt + 1 >= self.attempts || !Self::may_repeat(error, repeatable) {
            return None;
        }
        if let ApiError::Google(google) = error
            && let Some(wait) = google.retry_after
        {
            return (wait <= self.max_retry_after).then_some(wait);
        }
        Some(self.backoff(attempt))
    }

    /// The jittered wait after failed attempt `attempt` (0-based) when the server named none.
    pub(crate) fn backoff(&self, attempt: u32) -> Duration {
        let ceiling = self
            .base_delay
            .saturating_mul(1 << attempt.min(20))
            .min(self.max_delay);
        ceiling.mul_f64(fastrand::f64())
    }

    fn may_repeat(error: &ApiError, repeatable: Repeatable) -> bool {
        match (error, repeatable) {
            (ApiError::Transport(e), Repeatable::OnlyIfNothingHappened) => e.is_connect(),
            (ApiError::Transport(_), Repeatable::Idempotent) => true,
            (ApiError::Google(g), _) if g.problem == Problem::RateLimited => true,
            (ApiError::Google(g), Repeatable::Idempotent) => g.http >= 500,
            (ApiError::Protocol { http, .. }, Repeatable::Idempotent) => *http >= 500,
            _ => false,
        }
    }
}
