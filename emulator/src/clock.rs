//! The emulator clock: real time, sped up and advanced at will; every expiry reads it.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};

#[derive(Debug, Clone)]
pub struct Clock {
    inner: Arc<Mutex<Anchor>>,
}

/// Re-anchored on every speed change so that changing the speed never makes time jump.
#[derive(Debug)]
struct Anchor {
    emulated: DateTime<Utc>,
    real: Instant,
    speed: f64,
}

impl Clock {
    pub fn new(start: DateTime<Utc>, speed: f64) -> Clock {
        Clock {
            inner: Arc::new(Mutex::new(Anchor {
                emulated: start,
                real: Instant::now(),
                speed: sanitize(speed),
            })),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        let anchor = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        anchor.now()
    }

    pub fn advance(&self, by: Duration) {
        let mut anchor = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        anchor.emulated = after(anchor.emulated, by);
    }

    pub fn set_speed(&self, speed: f64) {
        let mut anchor = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        anchor.emulated = anchor.now();
        anchor.real = Instant::now();
        anchor.speed = sanitize(speed);
    }

    pub fn speed(&self) -> f64 {
        self.inner
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .speed
    }
}

impl Anchor {
    fn now(&self) -> DateTime<Utc> {
        let real = self.real.elapsed().as_secs_f64() * self.speed;
        after(self.emulated, Duration::from_secs_f64(real.min(1e15)))
    }
}

fn sanitize(speed: f64) -> f64 {
    if speed.is_finite() && speed >= 0.0 {
        speed
    } else {
        1.0
    }
}

/// `t + delta`, saturating at the end of time.
pub fn plus(t: DateTime<Utc>, delta: TimeDelta) -> DateTime<Utc> {
    t.checked_add_signed(delta)
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// `t + d`, saturating at the end of time instead of panicking on absurd durations.
pub fn after(t: DateTime<Utc>, d: Duration) -> DateTime<Utc> {
    TimeDelta::from_std(d)
        .ok()
        .and_then(|d| t.checked_add_signed(d))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advance_moves_time_and_speed_change_does_not_jump() {
        let start = DateTime::parse_from_rfc3339("2026-07-19T10:00:00Z")
            .map(|t| t.with_timezone(&Utc))
            .expect("valid literal");
        let clock = Clock::new(start, 0.0);
        assert_eq!(clock.now(), start);
        clock.advance(Duration::from_secs(3600));
        assert_eq!(clock.now(), start + TimeDelta::hours(1));
        clock.set_speed(0.0);
        assert_eq!(clock.now(), start + TimeDelta::hours(1));
        clock.advance(Duration::MAX);
        assert_eq!(clock.now(), DateTime::<Utc>::MAX_UTC);
    }
}
