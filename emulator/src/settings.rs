//! Start-up settings of an emulator and the choices it offers where Google's behaviour is unsettled.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What the simulated user does on the consent screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentMode {
    /// Show a real HTML consent page; the person (or a WebDriver) decides.
    Page,
    /// Grant every requested scope at once.
    AutoAll,
    /// Grant only the requested scopes whose resource is in this list (partial consent).
    AutoSubset(Vec<String>),
    /// Press "Cancel": redirect with `error=access_denied`.
    Deny,
}

/// The access duration a user picks on the consent screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AccessChoice {
    #[serde(rename = "one-time")]
    OneTime,
    #[serde(rename = "30d")]
    Days30,
    #[serde(rename = "180d")]
    Days180,
}

impl AccessChoice {
    pub fn is_time_based(self) -> bool {
        !matches!(self, AccessChoice::OneTime)
    }

    /// How long a refresh token of a time-based grant lives (a Production client).
    pub fn grant_lifetime(self) -> Option<Duration> {
        match self {
            AccessChoice::OneTime => None,
            AccessChoice::Days30 => Some(Duration::from_secs(30 * 86_400)),
            AccessChoice::Days180 => Some(Duration::from_secs(180 * 86_400)),
        }
    }

    pub fn parse(s: &str) -> Option<AccessChoice> {
        match s {
            "one-time" | "one_time" | "onetime" => Some(AccessChoice::OneTime),
            "30d" | "30" | "days30" => Some(AccessChoice::Days30),
            "180d" | "180" | "days180" => Some(AccessChoice::Days180),
            _ => None,
        }
    }
}

/// What the 24 h window of time-based access is counted over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CooldownScope {
    /// One window per OAuth client and user, across groups (what a production client observed).
    PerClient,
    /// One window per resource group (what Google's documentation implies).
    PerResource,
}

/// How an initiate inside the 24 h window is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CooldownStatus {
    /// 429 `RESOURCE_EXHAUSTED` with an ErrorInfo `RESOURCE_EXHAUSTED_TIME_BASED`.
    ResourceExhausted,
    /// 400 `FAILED_PRECONDITION`, no ErrorInfo (the time-based quickstart's wording).
    FailedPrecondition,
}

/// How long after the user's consent a grant may still start exports ("initiate within 24 h of
/// the user's consent", second-hand in Google's documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InitiateAfterConsent {
    /// No limit: a live grant may initiate at any time.
    #[serde(rename = "unlimited")]
    Unlimited,
    /// One-time access that has created no job yet cannot initiate more than 24 h after its
    /// consent; time-based access exports for its whole life (its purpose is recurring exports).
    #[serde(rename = "one-time-within-24h")]
    OneTimeWithin24h,
    /// Any grant's first initiate must come within 24 h of its consent.
    #[serde(rename = "first-within-24h")]
    FirstWithin24h,
}

/// How a storage response carries the object's hashes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HashHeaderForm {
    /// Two `x-goog-hash` headers, `crc32c=…` and `md5=…`, as Cloud Storage sends them.
    Separate,
    /// One `x-goog-hash: crc32c=…,md5=…` header.
    Joined,
}

/// How an archive's JSON files (the group data and the index) are packed. The media filler is
/// stored either way: its bytes are incompressible, so deflating them would only wrap them in
/// stored blocks, and storing them keeps any byte range of a gigabyte archive cheap to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntryCompression {
    /// Deflate (method 8), as Google's Takeout archives pack their files.
    Deflated,
    /// Stored (method 0): the files' bytes as they are.
    Stored,
}

/// Everything an emulator starts with. Most of it can be changed later through [`crate::Control`].
#[derive(Debug, Clone)]
pub struct Settings {
    /// Shorthand for `consent: ConsentMode::AutoAll` (when `consent` is still `Page`).
    pub auto_consent: bool,
    pub consent: ConsentMode,
    /// The access duration auto-consent picks (and the preselected radio of the consent page).
    pub access: AccessChoice,
    /// The OAuth client is in "Testing" publishing status: refresh tokens live 7 days.
    pub testing_client: bool,
    pub cooldown: CooldownScope,
    pub cooldown_status: CooldownStatus,
    /// Which grants must start exporting within 24 h of the user's consent.
    pub initiate_after_consent: InitiateAfterConsent,
    /// Resource groups granted one-time even when the user picks 30 or 180 days (a grant that
    /// mixes both accesses); empty = grants never mix.
    pub mixed_access: Vec<String>,
    /// Emulator time from initiate to COMPLETE/FAILED, for every group without its own value.
    pub job_duration: Duration,
    /// Bytes of one group's export (split over its parts).
    pub archive_size: u64,
    /// URLs (zip objects) per completed job.
    pub part_count: u32,
    /// Emulator seconds per real second.
    pub speed: f64,
    /// Seeds ids, tokens, the URL-signing key and archive contents.
    pub seed: u64,
    /// Longest authorization URL (scheme, host, path and query) the consent server accepts.
    pub max_auth_url_len: usize,
    pub access_token_lifetime: Duration,
    pub hash_header: HashHeaderForm,
    /// Serve objects as composite (crc32c only, `x-goog-component-count`, no md5).
    pub composite_objects: bool,
    /// How the archives of jobs created from now on pack their JSON files.
    pub entry_compression: EntryCompression,
    /// Emulator clock at start; `None` = the real time.
    pub start_time: Option<DateTime<Utc>>,
    /// Who may use the admin routes (`/_emulator/…`).
    pub control: ControlAccess,
    /// Answer only requests addressed to this emulator's own `127.0.0.1:PORT` (a page that
    /// points another name at the port, DNS rebinding, gets 421): for an emulator embedded in
    /// an app, which a web page in the person's browser could otherwise reach.
    pub own_host_only: bool,
}

/// Who may use the admin routes, which have no authentication of their own. Whatever the
/// access, a `POST` must carry `Content-Type: application/json`: a web page cannot send that
/// without the browser asking first (a CORS preflight, which the emulator never allows).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ControlAccess {
    /// Anyone who can reach the port: the standalone emulator and the tests.
    #[default]
    Open,
    /// Only requests with `Authorization: Bearer <token>`.
    Token(String),
    /// Not served: the routes answer 404 like any unknown path.
    Off,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            auto_consent: false,
            consent: ConsentMode::Page,
            access: AccessChoice::OneTime,
            testing_client: false,
            cooldown: CooldownScope::PerClient,
            cooldown_status: CooldownStatus::ResourceExhausted,
            initiate_after_consent: InitiateAfterConsent::OneTimeWithin24h,
            mixed_access: Vec::new(),
            job_duration: Duration::from_secs(60),
            archive_size: 256 * 1024,
            part_count: 1,
            speed: 1.0,
            seed: 0,
            max_auth_url_len: 2048,
            access_token_lifetime: Duration::from_secs(3599),
            hash_header: HashHeaderForm::Separate,
            composite_objects: false,
            entry_compression: EntryCompression::Deflated,
            start_time: None,
            control: ControlAccess::Open,
            own_host_only: false,
        }
    }
}

impl Settings {
    /// Auto-consent on, everything else default: what most tests want.
    pub fn for_tests() -> Settings {
        Settings {
            auto_consent: true,
            ..Settings::default()
        }
    }

    /// The consent mode in force at start, folding in `auto_consent`.
    pub fn initial_consent(&self) -> ConsentMode {
        match (&self.consent, self.auto_consent) {
            (ConsentMode::Page, true) => ConsentMode::AutoAll,
            (mode, _) => mode.clone(),
        }
    }
}
