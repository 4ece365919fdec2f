//! Injected faults: queued per route, consumed by the next requests of that route.

use serde::{Deserialize, Serialize};

/// A group of endpoints a fault can be aimed at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    Authorize,
    Token,
    Revoke,
    Initiate,
    State,
    Retry,
    Cancel,
    Reset,
    CheckAccessType,
    Storage,
}

impl Route {
    pub fn parse(s: &str) -> Option<Route> {
        Some(match s {
            "authorize" => Route::Authorize,
            "token" => Route::Token,
            "revoke" => Route::Revoke,
            "initiate" => Route::Initiate,
            "state" => Route::State,
            "retry" => Route::Retry,
            "cancel" => Route::Cancel,
            "reset" => Route::Reset,
            "check_access_type" | "check" => Route::CheckAccessType,
            "storage" => Route::Storage,
            _ => return None,
        })
    }
}

/// What goes wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    /// Answer this HTTP status (e.g. 500, 503) with the route's usual error body; nothing happens.
    Status(u16),
    /// 429 `RESOURCE_EXHAUSTED` without an ErrorInfo reason and with `Retry-After`: a rate limit
    /// that created nothing.
    RateLimit { retry_after_secs: u64 },
    /// The request takes effect (a job is created, a token issued…) but the caller gets this
    /// status instead of the answer: a response lost on the way back.
    StatusAfterEffect(u16),
    /// Storage: drop the connection after this many body bytes.
    ResetAfter(u64),
    /// Storage: flip one byte at this object offset (if the response covers it).
    CorruptByte(u64),
    /// Storage: cap the body at this many bytes per second (real time).
    Bandwidth(u64),
}

impl Fault {
    /// Faults that shape a storage body rather than replace the answer.
    pub fn is_body_fault(self) -> bool {
        matches!(
            self,
            Fault::ResetAfter(_) | Fault::CorruptByte(_) | Fault::Bandwidth(_)
        )
    }
}

#[derive(Debug)]
struct Armed {
    route: Route,
    fault: Fault,
    remaining: u32,
}

/// Body faults picked for one storage response; each kind at most once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BodyFaults {
    pub reset_after: Option<u64>,
    pub corrupt_at: Option<u64>,
    pub bandwidth: Option<u64>,
}

/// FIFO per route. Answer faults are taken when a request arrives; body faults only when a
/// storage body is about to be sent, so an error answer does not use them up.
#[derive(Debug, Default)]
pub struct FaultQueue {
    armed: Vec<Armed>,
}

impl FaultQueue {
    pub fn push(&mut self, route: Route, fault: Fault, count: u32) {
        if count > 0 {
            self.armed.push(Armed {
                route,
                fault,
                remaining: count,
            });
        }
    }

    pub fn clear(&mut self) {
        self.armed.clear();
    }

    /// The next answer-replacing fault of `route` (`Status`, `RateLimit`, `StatusAfterEffect`).
    pub fn take_answer(&mut self, route: Route) -> Option<Fault> {
        self.take_first(|a| a.route == route && !a.fault.is_body_fault())
    }

    /// The body faults for a response sending the object's bytes `start..end`: each kind is
    /// taken only by a response it would change (a reset by a body longer than its byte count,
    /// a corruption by a body covering its offset), so an armed count is the number of times
    /// the fault happens.
    pub fn take_body(&mut self, route: Route, start: u64, end: u64) -> BodyFaults {
        let length = end.saturating_sub(start);
        let mut take = |applies: &dyn Fn(Fault) -> bool| {
            self.take_first(|a| a.route == route && applies(a.fault))
        };
        BodyFaults {
            reset_after: match take(&|f| matches!(f, Fault::ResetAfter(k) if k < length)) {
                Some(Fault::ResetAfter(k)) => Some(k),
                _ => None,
            },
            corrupt_at: match take(
                &|f| matches!(f, Fault::CorruptByte(offset) if (start..end).contains(&offset)),
            ) {
                Some(Fault::CorruptByte(offset)) => Some(offset),
                _ => None,
            },
            bandwidth: match take(&|f| matches!(f, Fault::Bandwidth(_))) {
                Some(Fault::Bandwidth(rate)) => Some(rate),
                _ => None,
            },
        }
    }

    fn take_first(&mut self, wanted: impl Fn(&Armed) -> bool) -> Option<Fault> {
        let index = self.armed.iter().position(wanted)?;
        let armed = &mut self.armed[index];
        let fault = armed.fault;
        armed.remaining -= 1;
        if armed.remaining == 0 {
            self.armed.remove(index);
        }
        Some(fault)
    }

    /// What is still armed: `(route, fault, remaining)`.
    pub fn pending(&self) -> Vec<(Route, Fault, u32)> {
        self.armed
            .iter()
            .map(|a| (a.route, a.fault, a.remaining))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer_faults_are_consumed_in_order_and_body_faults_wait() {
        let mut queue = FaultQueue::default();
        queue.push(Route::Storage, Fault::ResetAfter(10), 1);
        queue.push(Route::Storage, Fault::Status(503), 2);
        assert_eq!(queue.take_answer(Route::Initiate), None);
        assert_eq!(queue.take_answer(Route::Storage), Some(Fault::Status(503)));
        assert_eq!(queue.take_answer(Route::Storage), Some(Fault::Status(503)));
        assert_eq!(queue.take_answer(Route::Storage), None);
        assert_eq!(
            queue.take_body(Route::Storage, 0, 100).reset_after,
            Some(10)
        );
        assert_eq!(
            queue.take_body(Route::Storage, 0, 100),
            BodyFaults::default()
        );
    }

    #[test]
    fn body_faults_wait_for_a_response_they_change() {
        let mut queue = FaultQueue::default();
        queue.push(Route::Storage, Fault::ResetAfter(10), 1);
        queue.push(Route::Storage, Fault::CorruptByte(50), 1);
        // A one-byte answer is neither cut after 10 bytes nor covers offset 50.
        assert_eq!(queue.take_body(Route::Storage, 0, 1), BodyFaults::default());
        assert_eq!(
            queue.take_body(Route::Storage, 40, 60),
            BodyFaults {
                reset_after: Some(10),
                corrupt_at: Some(50),
                bandwidth: None,
            }
        );
        assert!(queue.pending().is_empty());
    }
}
