//! The test-facing handle on a running emulator; `/_emulator/` offers the same over HTTP.

mod http;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use http::router;

use crate::faults::{Fault, Route};
use crate::jobs::JobState;
use crate::settings::{
    AccessChoice, ConsentMode, CooldownScope, CooldownStatus, EntryCompression, HashHeaderForm,
    InitiateAfterConsent,
};
use crate::state::{Config, Shared};
use crate::stats::Stats;

/// Cheap to clone; every clone drives the same emulator.
#[derive(Clone)]
pub struct Control {
    shared: Arc<Shared>,
}

/// Shows no tokens, secrets or signing key.
impl std::fmt::Debug for Control {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Control")
            .field("base_url", &self.shared.base_url)
            .finish_non_exhaustive()
    }
}

/// A Desktop client's `client_secret_*.json`, fields in the order Google writes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientSecretFile {
    pub installed: InstalledClient,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstalledClient {
    pub client_id: String,
    pub project_id: String,
    pub auth_uri: String,
    pub token_uri: String,
    pub auth_provider_x509_cert_url: String,
    pub client_secret: String,
    pub redirect_uris: Vec<String>,
}

/// A job as the admin endpoint lists it (no secrets).
#[derive(Debug, Clone, Serialize)]
pub struct JobSummary {
    pub id: String,
    pub user: String,
    pub resources: Vec<String>,
    pub state: &'static str,
    pub time_based: bool,
    pub requested_at: DateTime<Utc>,
    pub ready_at: DateTime<Utc>,
    pub origin: String,
    pub retries: u32,
}

impl Control {
    pub(crate) fn new(shared: Arc<Shared>) -> Control {
        Control { shared }
    }

    /// The emulator clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.shared.now()
    }

    pub fn advance(&self, d: Duration) {
        self.shared.clock.advance(d);
    }

    /// Emulator seconds per real second (0 stops the clock between manual advances).
    pub fn set_speed(&self, factor: f64) {
        self.shared.clock.set_speed(factor);
    }

    pub fn speed(&self) -> f64 {
        self.shared.clock.speed()
    }

    pub fn set_consent(&self, mode: ConsentMode) {
        self.configure(|c| c.consent = mode);
    }

    /// What auto-consent picks, and what the consent page preselects.
    pub fn set_access(&self, access: AccessChoice) {
        self.configure(|c| c.access = access);
    }

    pub fn set_testing_client(&self, on: bool) {
        self.configure(|c| c.testing_client = on);
    }

    pub fn set_cooldown(&self, scope: CooldownScope) {
        self.configure(|c| c.cooldown = scope);
    }

    pub fn set_cooldown_status(&self, status: CooldownStatus) {
        self.configure(|c| c.cooldown_status = status);
    }

    /// Which grants must start exporting within 24 h of their consent (checked at every
    /// initiate, so it applies to existing grants too).
    pub fn set_initiate_after_consent(&self, rule: InitiateAfterConsent) {
        self.configure(|c| c.initiate_after_consent = rule);
    }

    /// Resource groups granted one-time even when the user picks 30 or 180 days, for consents
    /// from now on; empty = grants never mix.
    pub fn set_mixed_access<S: Into<String>>(&self, groups: impl IntoIterator<Item = S>) {
        let groups: Vec<String> = groups.into_iter().map(Into::into).collect();
        self.configure(|c| c.mixed_access = groups);
    }

    /// For jobs initiated from now on; `None` sets the default of every group without its own.
    pub fn set_job_duration(&self, group: Option<&str>, d: Duration) {
        self.configure(|c| match group {
            Some(group) => c.group_mut(group).job_duration_secs = Some(d.as_secs_f64()),
            None => c.job_duration = d,
        });
    }

    /// The next `n` jobs that include `group` end FAILED (retries count as jobs).
    pub fn fail_next_jobs(&self, group: &str, n: u32) {
        self.configure(|c| c.group_mut(group).fail_next = n);
    }

    /// Bytes of a group's export, for jobs initiated from now on.
    pub fn set_archive_size(&self, group: Option<&str>, bytes: u64) {
        self.configure(|c| match group {
            Some(group) => c.group_mut(group).archive_size = Some(bytes),
            None => c.archive_size = bytes,
        });
    }

    /// Deletes `group`'s records before `until` at Google, as a person deleting their
    /// activity does: exports made from now on no longer hold them.
    pub fn delete_history(&self, group: &str, until: DateTime<Utc>) {
        self.configure(|c| c.group_mut(group).deleted_until = Some(until));
    }

    /// URLs per completed job, for jobs initiated from now on.
    pub fn set_part_count(&self, group: Option<&str>, parts: u32) {
        let parts = parts.max(1);
        self.configure(|c| match group {
            Some(group) => c.group_mut(group).part_count = Some(parts),
            None => c.part_count = parts,
        });
    }

    pub fn set_max_auth_url_len(&self, n: usize) {
        self.configure(|c| c.max_auth_url_len = n);
    }

    pub fn set_access_token_lifetime(&self, d: Duration) {
        self.configure(|c| c.access_token_lifetime = d);
    }

    pub fn set_hash_header(&self, form: HashHeaderForm) {
        self.configure(|c| c.hash_header = form);
    }

    pub fn set_composite_objects(&self, on: bool) {
        self.configure(|c| c.composite_objects = on);
    }

    /// How the archives of jobs created (or retried) from now on pack their JSON files; jobs
    /// already made keep their bytes.
    pub fn set_entry_compression(&self, compression: EntryCompression) {
        self.configure(|c| c.entry_compression = compression);
    }

    /// The next `count` requests of `route` meet `fault`. Body faults (`ResetAfter`,
    /// `CorruptByte`, `Bandwidth`) exist only for `Route::Storage` and are ignored elsewhere.
    pub fn inject_fault(&self, route: Route, fault: Fault, count: u32) {
        if fault.is_body_fault() && route != Route::Storage {
            tracing::warn!("ignoring {fault:?}: body faults apply only to storage");
            return;
        }
        self.shared.faults().push(route, fault, count);
    }

    pub fn clear_faults(&self) {
        self.shared.faults().clear();
    }

    pub fn pending_faults(&self) -> Vec<(Route, Fault, u32)> {
        self.shared.faults().pending()
    }

    pub fn stats(&self) -> Stats {
        self.shared.stats().clone()
    }

    /// Waits until the stats satisfy `condition` (e.g. two storage bodies open at once).
    pub async fn stats_until(&self, condition: impl Fn(&Stats) -> bool) {
        self.shared.stats_until(condition).await;
    }

    /// Storage bodies of more than one byte wait before their first byte until
    /// [`Control::release_storage_bodies`]: transfers overlap for sure, whatever the machine's
    /// speed. One-byte bodies (size probes) go through.
    pub fn hold_storage_bodies(&self) {
        self.shared.bodies_held.send_replace(true);
    }

    pub fn release_storage_bodies(&self) {
        self.shared.bodies_held.send_replace(false);
    }

    /// Every access and refresh token ever issued, oldest first.
    pub fn issued_tokens(&self) -> Vec<String> {
        self.shared.world().tokens.issued()
    }

    pub fn config(&self) -> Config {
        self.shared.world().config.clone()
    }

    pub fn jobs(&self) -> Vec<JobSummary> {
        let now = self.now();
        self.shared
            .world()
            .jobs
            .all()
            .iter()
            .map(|j| JobSummary {
                id: j.id.clone(),
                user: j.user.clone(),
                resources: j.resources.clone(),
                state: j.state(now).as_str(),
                time_based: j.time_based,
                requested_at: j.requested_at,
                ready_at: j.ready_at,
                origin: j.origin.clone(),
                retries: j.retries,
            })
            .collect()
    }

    /// The state a job has now, without counting as an API call.
    pub fn job_state(&self, id: &str) -> Option<&'static str> {
        let now = self.now();
        self.shared
            .world()
            .jobs
            .get(id)
            .map(|j| j.state(now))
            .map(JobState::as_str)
    }

    pub fn client_id(&self) -> String {
        self.shared.client.client_id.clone()
    }

    pub fn client_secret(&self) -> String {
        self.shared.client.client_secret.clone()
    }

    /// The project number Google's renewal link for time-based access names
    /// (`…/connections/link?project_number=…`).
    pub fn project_number(&self) -> String {
        self.shared.client.project_number.clone()
    }

    /// This emulator's stand-in for Google's renewal link
    /// (`https://myaccount.google.com/connections/link?project_number=…`).
    pub fn renewal_url(&self) -> String {
        format!(
            "{}/connections/link?project_number={}",
            self.shared.base_url, self.shared.client.project_number
        )
    }

    /// What the renewal link's "Renew" does, without a browser: renews every live time-based
    /// grant of this client and `account` (default `demo.user@example.com`) within 90 days of its
    /// end, each by the duration first chosen, from now. `Ok(n)`: grants renewed; `Err`: why
    /// none was (Testing client, no time-based grant, none renewable yet).
    pub fn renew(&self, account: Option<&str>) -> Result<usize, String> {
        self.shared.count(|s| s.renew_calls += 1);
        let user = account.unwrap_or(crate::oauth::DEFAULT_USER);
        crate::oauth::renew_grants(&self.shared, user, None).into_result()
    }

    /// The `client_secret_*.json` a person would download for this client.
    pub fn client_secret_file(&self) -> ClientSecretFile {
        let client = &self.shared.client;
        let base = &self.shared.base_url;
        ClientSecretFile {
            installed: InstalledClient {
                client_id: client.client_id.clone(),
                project_id: client.project_id.clone(),
                auth_uri: format!("{base}/o/oauth2/auth"),
                token_uri: format!("{base}/token"),
                auth_provider_x509_cert_url: "https://www.googleapis.com/oauth2/v1/certs"
                    .to_string(),
                client_secret: client.client_secret.clone(),
                redirect_uris: vec!["http://localhost".to_string()],
            },
        }
    }

    fn configure(&self, change: impl FnOnce(&mut Config)) {
        change(&mut self.shared.world().config);
    }
}
