//! Injectable time: the core never reads the system clock or sleeps directly, so polling,
//! expiry and backoff can be driven by a fake clock in tests.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};

/// A future returned by [`Clock::sleep`].
pub type Sleep<'a> = Pin<Box<dyn Future<Output = ()> + Send + 'a>>;

/// Wall-clock time and sleeping, as the core sees them.
pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> DateTime<Utc>;
    fn sleep(&self, duration: Duration) -> Sleep<'_>;
}

/// The real clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    /// Ends at a wall-clock time, in naps of at most [`LONGEST_NAP`]: the monotonic clock a
    /// plain sleep counts stands still while the computer is suspended, so a run due during
    /// the suspension would otherwise come hours late; this way it comes within a nap of
    /// waking.
    fn sleep(&self, duration: Duration) -> Sleep<'_> {
        let until =
            Utc::now() + chrono::Duration::from_std(duration).unwrap_or(chrono::Duration::MAX);
        Box::pin(async move {
            while let Some(nap) = next_nap(Utc::now(), until) {
                tokio::time::sleep(nap).await;
            }
        })
    }
}

/// The longest a sleep of [`SystemClock`] goes without looking at the wall clock.
pub const LONGEST_NAP: Duration = Duration::from_secs(60);

/// How long to nap at `now` on the way to `until`; `None` once it is reached.
fn next_nap(now: DateTime<Utc>, until: DateTime<Utc>) -> Option<Duration> {
    let left = (until - now).to_std().ok().filter(|d| !d.is_zero())?;
    Some(left.min(LONGEST_NAP))
}

/// A clock that only moves when told to: `sleep` returns at once after moving the clock
/// forward and recording how long was asked for. For tests and simulations.
///
/// Sleeps from a length set with [`ManualClock::holding_sleeps_from`] on are held instead:
/// they end only once [`ManualClock::advance`] reaches their end, which stands for a person
/// taking their time (a consent screen left open) while backoffs stay instant.
#[derive(Debug, Clone)]
pub struct ManualClock {
    inner: Arc<Mutex<ManualState>>,
    /// Wakes held sleeps whenever the time changes.
    moved: Arc<tokio::sync::watch::Sender<DateTime<Utc>>>,
}

#[derive(Debug)]
struct ManualState {
    now: DateTime<Utc>,
    sleeps: Vec<Duration>,
    hold_from: Option<Duration>,
}

impl ManualClock {
    pub fn new(start: DateTime<Utc>) -> Self {
        Self {
            inner: Arc::new(Mutex::new(ManualState {
                now: start,
                sleeps: Vec::new(),
                hold_from: None,
            })),
            moved: Arc::new(tokio::sync::watch::Sender::new(start)),
        }
    }

    /// Holds every sleep of `at_least` or longer until the clock is advanced past its end.
    pub fn holding_sleeps_from(self, at_least: Duration) -> Self {
        self.lock().hold_from = Some(at_least);
        self
    }

    pub fn advance(&self, by: Duration) {
        let mut state = self.lock();
        state.now += chrono::Duration::from_std(by).unwrap_or(chrono::Duration::MAX);
        self.moved.send_replace(state.now);
    }

    /// Every duration passed to `sleep` so far, in order.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.lock().sleeps.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ManualState> {
        // A panic while holding this lock cannot leave the state half-written.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        self.lock().now
    }

    fn sleep(&self, duration: Duration) -> Sleep<'_> {
        let mut state = self.lock();
        state.sleeps.push(duration);
        let end = state.now + chrono::Duration::from_std(duration).unwrap_or(chrono::Duration::MAX);
        if state.hold_from.is_some_and(|hold| duration >= hold) {
            let mut moved = self.moved.subscribe();
            return Box::pin(async move {
                // The sender lives as long as `self`, which this future borrows.
                while *moved.borrow_and_update() < end && moved.changed().await.is_ok() {}
            });
        }
        state.now = end;
        self.moved.send_replace(end);
        Box::pin(std::future::ready(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_system_sleep_ends_at_its_wall_time_even_after_a_suspension() {
        let start: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
        let until = start + chrono::Duration::hours(24);
        assert_eq!(next_nap(start, until), Some(LONGEST_NAP));
        // Woken from a suspension that passed the due time: no more waiting.
        assert_eq!(next_nap(until + chrono::Duration::hours(3), until), None);
        assert_eq!(next_nap(until, until), None);
        let close = until - chrono::Duration::seconds(5);
        assert_eq!(next_nap(close, until), Some(Duration::from_secs(5)));
    }

    #[tokio::test]
    async fn manual_clock_moves_only_when_told_and_records_sleeps() {
        let start = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let clock = ManualClock::new(start);
        assert_eq!(clock.now(), start);
        clock.sleep(Duration::from_secs(7)).await;
        clock.advance(Duration::from_secs(3));
        assert_eq!(clock.now(), start + chrono::Duration::seconds(10));
        assert_eq!(clock.sleeps(), vec![Duration::from_secs(7)]);
    }

    #[tokio::test]
    async fn a_held_sleep_ends_only_when_the_clock_reaches_its_end() {
        let clock =
            ManualClock::new(DateTime::UNIX_EPOCH).holding_sleeps_from(Duration::from_secs(60));
        clock.sleep(Duration::from_secs(1)).await;
        let mut held = clock.sleep(Duration::from_secs(60));
        assert!(futures_util::poll!(&mut held).is_pending());
        clock.advance(Duration::from_secs(30));
        assert!(futures_util::poll!(&mut held).is_pending());
        clock.advance(Duration::from_secs(30));
        assert!(futures_util::poll!(&mut held).is_ready());
    }
}
