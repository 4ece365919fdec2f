//! Request counters, so tests can assert how a client behaved (e.g. no second initiate).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Every counter counts requests that reached the route, whatever their outcome (errors and
/// injected faults included).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// Initiate requests per resource group named in the request body (unknown names too).
    pub initiate_calls: BTreeMap<String, u64>,
    /// Initiate requests in total (also those whose body named no group).
    pub initiate_requests: u64,
    /// Jobs created (by initiate or retry).
    pub jobs_created: u64,
    /// Jobs created (by initiate or retry) per resource group they export: a job for two groups
    /// counts once for each.
    pub jobs_created_per_group: BTreeMap<String, u64>,
    pub state_calls: u64,
    pub retry_calls: u64,
    pub cancel_calls: u64,
    pub reset_calls: u64,
    pub check_calls: u64,
    pub authorize_calls: u64,
    pub consent_calls: u64,
    pub token_calls: u64,
    pub revoke_calls: u64,
    /// Requests to the renewal link (`GET` and `POST /connections/link`) and `Control::renew`
    /// calls.
    pub renew_calls: u64,
    /// Time-based grants whose expiry a renewal extended.
    pub grants_renewed: u64,
    pub storage_requests: u64,
    /// Body bytes handed to the network by storage responses.
    pub storage_bytes_sent: u64,
    /// Storage response bodies being sent right now.
    pub storage_bodies_open: u64,
    /// The most storage response bodies that were being sent at the same time.
    pub storage_bodies_peak: u64,
}

impl Stats {
    /// Counts one job created for `groups`.
    pub(crate) fn job_created(&mut self, groups: &[String]) {
        self.jobs_created += 1;
        for group in groups {
            *self
                .jobs_created_per_group
                .entry(group.clone())
                .or_default() += 1;
        }
    }
}
