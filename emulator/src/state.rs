//! Everything an emulator knows, shared by all handlers behind short-lived locks.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::clock::Clock;
use crate::faults::FaultQueue;
use crate::ids::IdSource;
use crate::jobs::JobStore;
use crate::oauth::{AuthCode, PendingConsent, PendingRenewal};
use crate::settings::{
    AccessChoice, ConsentMode, CooldownScope, CooldownStatus, EntryCompression, HashHeaderForm,
    InitiateAfterConsent, Settings,
};
use crate::stats::Stats;
use crate::storage::objects::ObjectCache;
use crate::tokens::TokenStore;

/// The one OAuth client ("Desktop app") the emulator knows.
#[derive(Debug, Clone)]
pub struct OAuthClient {
    pub client_id: String,
    pub client_secret: String,
    pub project_id: String,
    pub project_number: String,
}

impl OAuthClient {
    pub fn from_seed(ids: &mut IdSource) -> OAuthClient {
        let project_number = format!("{:012}", ids.next_u64() % 1_000_000_000_000);
        let suffix: String = ids
            .token_chars(64)
            .chars()
            .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            .chain("0123456789abcdefghijklmnopqrstuv".chars())
            .take(32)
            .collect();
        OAuthClient {
            client_id: format!("{project_number}-{suffix}.apps.googleusercontent.com"),
            client_secret: format!("GOCSPX-{}", ids.token_chars(28)),
            project_id: "carryout-emulator".to_string(),
            project_number,
        }
    }
}

/// Per resource group overrides.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GroupConfig {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job_duration_secs: Option<f64>,
    pub fail_next: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archive_size: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part_count: Option<u32>,
    /// The group's records before this time were deleted at Google: exports made from now on
    /// no longer hold them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deleted_until: Option<DateTime<Utc>>,
}

/// The settings that can change while the emulator runs.
#[derive(Debug, Clone, Serialize)]
pub struct Config {
    pub consent: ConsentMode,
    pub access: AccessChoice,
    pub testing_client: bool,
    pub cooldown: CooldownScope,
    pub cooldown_status: CooldownStatus,
    pub initiate_after_consent: InitiateAfterConsent,
    pub mixed_access: Vec<String>,
    #[serde(serialize_with = "as_secs")]
    pub job_duration: Duration,
    pub archive_size: u64,
    pub part_count: u32,
    pub max_auth_url_len: usize,
    #[serde(serialize_with = "as_secs")]
    pub access_token_lifetime: Duration,
    pub hash_header: HashHeaderForm,
    pub composite_objects: bool,
    pub entry_compression: EntryCompression,
    pub groups: HashMap<String, GroupConfig>,
}

fn as_secs<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
}

impl Config {
    pub fn from_settings(settings: &Settings) -> Config {
        Config {
            consent: settings.initial_consent(),
            access: settings.access,
            testing_client: settings.testing_client,
            cooldown: settings.cooldown,
            cooldown_status: settings.cooldown_status,
            initiate_after_consent: settings.initiate_after_consent,
            mixed_access: settings.mixed_access.clone(),
            job_duration: settings.job_duration,
            archive_size: settings.archive_size,
            part_count: settings.part_count.max(1),
            max_auth_url_len: settings.max_auth_url_len,
            access_token_lifetime: settings.access_token_lifetime,
            hash_header: settings.hash_header,
            composite_objects: settings.composite_objects,
            entry_compression: settings.entry_compression,
            groups: HashMap::new(),
        }
    }

    pub fn group_mut(&mut self, group: &str) -> &mut GroupConfig {
        self.groups.entry(group.to_string()).or_default()
    }

    /// The groups among `groups` whose older records were deleted, and until when.
    pub fn deleted_until_of(&self, groups: &[String]) -> BTreeMap<String, DateTime<Utc>> {
        groups
            .iter()
            .filter_map(|g| Some((g.clone(), self.groups.get(g)?.deleted_until?)))
            .collect()
    }

    pub fn job_duration_of(&self, group: &str) -> Duration {
        self.groups
            .get(group)
            .and_then(|g| g.job_duration_secs)
            .map(|s| Duration::from_secs_f64(s.clamp(0.0, 1e12)))
            .unwrap_or(self.job_duration)
    }

    pub fn archive_size_of(&self, group: &str) -> u64 {
        self.groups
            .get(group)
            .and_then(|g| g.archive_size)
            .unwrap_or(self.archive_size)
    }

    pub fn part_count_of(&self, group: &str) -> u32 {
        self.groups
            .get(group)
            .and_then(|g| g.part_count)
            .unwrap_or(self.part_count)
            .max(1)
    }

    /// Takes one "fail next" from every group of a job; the job fails if any group had one.
    pub fn take_failure(&mut self, groups: &[String]) -> bool {
        let mut fails = false;
        for group in groups {
            if let Some(config) = self.groups.get_mut(group)
                && config.fail_next > 0
            {
                config.fail_next -= 1;
                fails = true;
            }
        }
        fails
    }

    /// Lifetime of a new refresh token: a Testing client's die after 7 days whatever was chosen.
    pub fn refresh_lifetime(&self, access: AccessChoice) -> Option<Duration> {
        if self.testing_client {
            Some(Duration::from_secs(7 * 86_400))
        } else {
            access.grant_lifetime()
        }
    }
}

pub struct World {
    pub config: Config,
    /// The oldest record of the account's history, some time before the emulator started.
    pub history_since: DateTime<Utc>,
    pub ids: IdSource,
    pub tokens: TokenStore,
    pub codes: HashMap<String, AuthCode>,
    pub consents: HashMap<String, PendingConsent>,
    pub renewals: HashMap<String, PendingRenewal>,
    pub jobs: JobStore,
}

pub struct Shared {
    pub clock: Clock,
    pub base_url: String,
    pub client: OAuthClient,
    pub signing_key: [u8; 32],
    pub seed: u64,
    pub objects: ObjectCache,
    world: Mutex<World>,
    faults: Mutex<FaultQueue>,
    stats: Mutex<Stats>,
    /// Bumped after every change of the stats, so that a test can wait for one.
    stats_changed: tokio::sync::watch::Sender<u64>,
    /// While true, storage bodies of more than one byte wait before their first byte.
    pub bodies_held: tokio::sync::watch::Sender<bool>,
}

impl Shared {
    pub fn new(settings: &Settings, base_url: String) -> Shared {
        let mut ids = IdSource::new(settings.seed);
        let client = OAuthClient::from_seed(&mut ids);
        let signing_key = ids.bytes::<32>();
        let start = settings.start_time.unwrap_or_else(Utc::now);
        Shared {
            clock: Clock::new(start, settings.speed),
            base_url,
            client,
            signing_key,
            seed: settings.seed,
            objects: ObjectCache::default(),
            world: Mutex::new(World {
                config: Config::from_settings(settings),
                history_since: start - crate::archive::HISTORY_BEFORE_START,
                ids,
                tokens: TokenStore::default(),
                codes: HashMap::new(),
                consents: HashMap::new(),
                renewals: HashMap::new(),
                jobs: JobStore::default(),
            }),
            faults: Mutex::new(FaultQueue::default()),
            stats: Mutex::new(Stats::default()),
            stats_changed: tokio::sync::watch::Sender::new(0),
            bodies_held: tokio::sync::watch::Sender::new(false),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// A handler that panicked mid-update cannot leave worse than a half-applied request, so a
    /// poisoned lock is taken over rather than taking the whole emulator down.
    pub fn world(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn faults(&self) -> MutexGuard<'_, FaultQueue> {
        self.faults.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn stats(&self) -> MutexGuard<'_, Stats> {
        self.stats.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn count(&self, bump: impl FnOnce(&mut Stats)) {
        bump(&mut self.stats());
        self.stats_changed.send_modify(|version| *version += 1);
    }

    /// Waits until the stats satisfy `condition`.
    pub async fn stats_until(&self, condition: impl Fn(&Stats) -> bool) {
        // Subscribed before the first check, so no change between check and wait is missed.
        let mut changes = self.stats_changed.subscribe();
        while !condition(&self.stats()) {
            if changes.changed().await.is_err() {
                return;
            }
        }
    }
}
