//! Deterministic JSON records for one resource group's file, drawn from the account's history.
//!
//! Each file of each group has one history per account: records fall on days at a steady rate,
//! each with content that depends only on the account, the file and the record's time. An export
//! shows the slice of that history in its window, so a later full export holds every record of
//! an earlier one plus the new ones, and incremental windows split the history without overlap,
//! as Google's exports of an account's data do.
//!
//! Records a person can edit (a review, a comment, a playlist's entry: every shape but activity
//! lists and single-record files) change now and then: one in [`EDIT_ODDS`] is edited once,
//! within [`EDIT_WITHIN_DAYS`] days of its time, and every export made after the edit shows its
//! free text (phrases, reviews, sentences, questions, ratings) redrawn, its time and ids kept.
//! So daily exports differ from the day before by a few new records and a few changed ones.

use chrono::{DateTime, Duration, Utc};

use super::json::Json;
use super::rng::{Rng, mix64};
use super::services::{Activity, Field, Kind, Shape, Topic};
use super::vocab::{self, Place};

/// How far back an account's history goes before the emulator starts.
pub(crate) const HISTORY_BEFORE_START: Duration = Duration::days(30);
/// A day holds a record of a file with this chance (1 in `RECORD_ODDS`), so a month holds about
/// ten.
const RECORD_ODDS: u64 = 3;
const DAY_MS: i64 = 24 * 3600 * 1000;
/// One record in this many is edited once, within [`EDIT_WITHIN_DAYS`] of its time.
const EDIT_ODDS: u64 = 4;
const EDIT_WITHIN_DAYS: u64 = 60;
const EDIT_SALT: u64 = 0x6564_6974_6564_0001;

const BASE64URL: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The span of history an export shows, in whole milliseconds (the precision the JSON shows):
/// records at or after `start_ms` and at or before `end_ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TimeWindow {
    start_ms: i64,
    end_ms: i64,
}

impl TimeWindow {
    /// `[start, export_time]`: `start` is the job's `start_time`, or the beginning of the
    /// history without one.
    pub(crate) fn new(export_time: DateTime<Utc>, start: DateTime<Utc>) -> TimeWindow {
        let end_ms = export_time.timestamp_millis();
        // Round the start up so a record never precedes a start with sub-millisecond digits.
        let start_ms = start.timestamp_millis()
            + i64::from(!start.timestamp_subsec_nanos().is_multiple_of(1_000_000));
        TimeWindow {
            start_ms: start_ms.min(end_ms),
            end_ms,
        }
    }

    /// The part of the window from `from` on (records before it were deleted).
    pub(crate) fn from(self, from: Option<DateTime<Utc>>) -> TimeWindow {
        match from {
            Some(from) => TimeWindow {
                start_ms: self.start_ms.max(from.timestamp_millis()).min(self.end_ms),
                ..self
            },
            None => self,
        }
    }
}

/// One generated file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Generated {
    pub bytes: Vec<u8>,
    pub records: u64,
}

/// The file of a group for one account (`seed` names both): its records in `window`, newest
/// first.
pub(crate) fn generate(shape: &Shape, seed: u64, window: TimeWindow) -> Generated {
    let times = match shape {
        // The account's state at the export (a profile, settings): one record.
        Shape::Single(_) => vec![window.end_ms],
        _ => record_times(seed, window),
    };
    let count = times.len() as u64;
    let editable = !matches!(shape, Shape::MyActivity(_) | Shape::Single(_));
    // A record's content depends on the file, its time and whether it was edited by the end of
    // the window alone: every export shows it alike until it is edited.
    let records = times.into_iter().map(|time_ms| {
        let mut rng = Rng::new(mix64(seed ^ mix64(time_ms as u64)));
        let mut ctx = RecordContext::new(&mut rng, time_ms);
        if editable {
            ctx.edit = edit_of(seed, time_ms, window.end_ms);
        }
        (rng, ctx)
    });
    let json = match shape {
        Shape::MyActivity(activity) => Json::Arr(
            records
                .map(|(mut rng, ctx)| activity_item(activity, &mut rng, &ctx))
                .collect(),
        ),
        Shape::Array(fields) => Json::Arr(
            records
                .map(|(mut rng, ctx)| object(fields, &mut rng, &ctx))
                .collect(),
        ),
        Shape::Keyed(key, fields) => Json::obj([(
            *key,
            Json::Arr(
                records
                    .map(|(mut rng, ctx)| object(fields, &mut rng, &ctx))
                    .collect(),
            ),
        )]),
        Shape::Places(fields) => Json::obj([
            ("type", Json::str("FeatureCollection")),
            (
                "features",
                Json::Arr(
                    records
                        .map(|(mut rng, ctx)| feature(fields, &mut rng, &ctx))
                        .collect(),
                ),
            ),
        ]),
        Shape::Single(fields) => {
            // Always alike: its content depends on the file alone.
            let mut rng = Rng::new(seed);
            let ctx = RecordContext::new(&mut rng, window.end_ms);
            object(fields, &mut rng, &ctx)
        }
    };
    Generated {
        bytes: json.to_pretty(),
        records: count,
    }
}

/// The times of a file's records in `window`, newest first: each day of the history holds one
/// with a chance of 1 in [`RECORD_ODDS`], at a time of day drawn for that day.
fn record_times(seed: u64, window: TimeWindow) -> Vec<i64> {
    let first_day = window.start_ms.div_euclid(DAY_MS);
    let last_day = window.end_ms.div_euclid(DAY_MS);
    let mut times: Vec<i64> = (first_day..=last_day)
        .filter_map(|day| {
            let mut rng = Rng::new(mix64(seed ^ mix64(day as u64)));
            (rng.below(RECORD_ODDS) == 0).then(|| day * DAY_MS + rng.range(0, DAY_MS - 1))
        })
        .filter(|time| (window.start_ms..=window.end_ms).contains(time))
        .collect();
    times.reverse();
    times
}

/// The seed of a record's edit, if the record was edited by `end_ms`.
fn edit_of(seed: u64, time_ms: i64, end_ms: i64) -> Option<u64> {
    let mut rng = Rng::new(mix64(seed ^ mix64(time_ms as u64) ^ EDIT_SALT));
    if rng.below(EDIT_ODDS) != 0 {
        return None;
    }
    let edited_at = time_ms + DAY_MS * (1 + rng.below(EDIT_WITHIN_DAYS)) as i64;
    (end_ms >= edited_at).then(|| rng.next_u64())
}

/// What the values of one record share, so a record's place, address and link agree.
struct RecordContext {
    time_ms: i64,
    /// Set when the record was edited: the seed its free text is drawn from anew.
    edit: Option<u64>,
    place: usize,
    other_place: usize,
    app: usize,
    song: usize,
    site: &'static str,
    first_name: &'static str,
}

impl RecordContext {
    fn new(rng: &mut Rng, time_ms: i64) -> RecordContext {
        let place = rng.below(vocab::PLACES.len() as u64) as usize;
        // A different place: shift by 1..len so it never wraps back onto `place`.
        let shift = 1 + rng.below(vocab::PLACES.len() as u64 - 1) as usize;
        RecordContext {
            time_ms,
            edit: None,
            place,
            other_place: (place + shift) % vocab::PLACES.len(),
            app: rng.below(vocab::APPS.len() as u64) as usize,
            song: rng.below(vocab::SONGS.len() as u64) as usize,
            site: rng.pick(vocab::SITES),
            first_name: rng.pick(vocab::FIRST_NAMES),
        }
    }

    fn place(&self) -> &'static Place {
        &vocab::PLACES[self.place]
    }
}

fn object(fields: &[Field], rng: &mut Rng, ctx: &RecordContext) -> Json {
    Json::Obj(
        fields
            .iter()
            .enumerate()
            .map(|(index, (key, kind))| {
                // Drawn first either way, so that the fields after it are the same.
                let original = value(kind, rng, ctx);
                let edited = match (ctx.edit, kind) {
                    (
                        Some(edit),
                        Kind::Phrase
                        | Kind::Review
                        | Kind::Sentence
                        | Kind::Question
                        | Kind::Rating,
                    ) => value(kind, &mut Rng::new(mix64(edit ^ index as u64)), ctx),
                    _ => original,
                };
                (key.to_string(), edited)
            })
            .collect(),
    )
}

fn value(kind: &Kind, rng: &mut Rng, ctx: &RecordContext) -> Json {
    let place = ctx.place();
    match kind {
        Kind::Time => Json::Str(rfc3339_millis(ctx.time_ms)),
        Kind::TimeUsec => Json::Int(ctx.time_ms * 1000),
        Kind::Phrase => Json::str(rng.pick(vocab::PHRASES)),
        Kind::Address => Json::str(place.address),
        Kind::OtherAddress => Json::str(vocab::PLACES[ctx.other_place].address),
        Kind::MapsUrl => Json::Str(maps_url(ctx.place)),
        Kind::Product => Json::str(rng.pick(vocab::PRODUCTS)),
        Kind::App => Json::str(vocab::APPS[ctx.app].0),
        Kind::AppId => Json::str(vocab::APPS[ctx.app].1),
        Kind::Video => Json::str(rng.pick(vocab::VIDEOS)),
        Kind::VideoId => Json::Str(rng.token(BASE64URL, 11)),
        Kind::ChannelId => Json::Str(channel_id(rng)),
        Kind::Channel => Json::str(rng.pick(vocab::CHANNELS)),
        Kind::Movie => Json::str(rng.pick(vocab::MOVIES)),
        Kind::Song => Json::str(vocab::SONGS[ctx.song].0),
        Kind::Artist => Json::str(vocab::SONGS[ctx.song].1),
        Kind::Review => Json::str(rng.pick(vocab::REVIEWS)),
        Kind::Sentence => Json::str(rng.pick(vocab::SENTENCES)),
        Kind::Question => Json::str(rng.pick(vocab::QUESTIONS)),
        Kind::Word => Json::str(rng.pick(vocab::WORDS)),
        Kind::Name => Json::Str(format!(
            "{} {}",
            ctx.first_name,
            rng.pick(vocab::LAST_NAMES)
        )),
        Kind::Email => Json::Str(format!(
            "{}{}@example.com",
            ctx.first_name.to_lowercase(),
            rng.range(1, 99)
        )),
        Kind::Phone => Json::Str(format!("+1 555-01{:02}", rng.range(0, 99))),
        Kind::SiteUrl => Json::Str(format!(
            "https://{}/{}",
            ctx.site,
            slug(rng.pick(vocab::PHRASES))
        )),
        Kind::Favicon => Json::Str(format!("https://{}/favicon.ico", ctx.site)),
        Kind::Uuid => Json::Str(uuid(rng)),
        Kind::Url(prefix) => Json::Str(format!("{prefix}{}", rng.token(BASE64URL, 22))),
        Kind::Int(lo, hi) => Json::Int(rng.range(*lo, *hi)),
        Kind::Price => Json::Str(format!("{}.{:02}", rng.range(0, 199), rng.range(0, 99))),
        Kind::Rating => Json::Int(rng.range(1, 5)),
        Kind::Bool => Json::Bool(rng.chance(1, 2)),
        Kind::Choice(options) => Json::str(rng.pick(options)),
        Kind::Const(text) => Json::str(*text),
        Kind::Obj(fields) => object(fields, rng, ctx),
    }
}

fn activity_item(activity: &Activity, rng: &mut Rng, ctx: &RecordContext) -> Json {
    let verb = rng.pick(activity.verbs);
    let (subject, link) = match activity.topic {
        Topic::Phrase => {
            let phrase = rng.pick(vocab::PHRASES);
            (phrase, query_encode(phrase))
        }
        Topic::Place => (ctx.place().name, query_encode(ctx.place().name)),
        Topic::Product => {
            let product = rng.pick(vocab::PRODUCTS);
            (product, query_encode(product))
        }
        Topic::App => (vocab::APPS[ctx.app].0, vocab::APPS[ctx.app].1.to_string()),
        Topic::Video => (rng.pick(vocab::VIDEOS), rng.token(BASE64URL, 11)),
    };
    let mut pairs = vec![
        ("header", Json::str(activity.header)),
        ("title", Json::Str(format!("{verb} {subject}"))),
        ("titleUrl", Json::Str(format!("{}{link}", activity.url))),
    ];
    if let Topic::Video = activity.topic {
        let channel = Json::obj([
            ("name", Json::str(rng.pick(vocab::CHANNELS))),
            (
                "url",
                Json::Str(format!(
                    "https://www.youtube.com/channel/{}",
                    channel_id(rng)
                )),
            ),
        ]);
        pairs.push(("subtitles", Json::Arr(vec![channel])));
    }
    pairs.extend([
        ("time", Json::Str(rfc3339_millis(ctx.time_ms))),
        ("products", Json::Arr(vec![Json::str(activity.header)])),
        (
            "activityControls",
            Json::Arr(vec![Json::str(activity.control)]),
        ),
    ]);
    Json::obj(pairs)
}

fn feature(fields: &[Field], rng: &mut Rng, ctx: &RecordContext) -> Json {
    let place = ctx.place();
    // Jitter by up to ~50 m so repeated places are not identical points.
    let lat_e7 = place.lat_e7 + rng.range(-5_000, 5_000);
    let lng_e7 = place.lng_e7 + rng.range(-5_000, 5_000);
    let Json::Obj(mut properties) = object(fields, rng, ctx) else {
        unreachable!("object() builds an object")
    };
    properties.push((
        "location".to_string(),
        Json::obj([
            ("address", Json::str(place.address)),
            ("country_code", Json::str(place.country_code)),
            ("name", Json::str(place.name)),
        ]),
    ));
    Json::obj([
        (
            "geometry",
            Json::obj([
                (
                    "coordinates",
                    Json::Arr(vec![e7_degrees(lng_e7), e7_degrees(lat_e7)]),
                ),
                ("type", Json::str("Point")),
            ]),
        ),
        ("properties", Json::Obj(properties)),
        ("type", Json::str("Feature")),
    ])
}

/// Division of an integer by 10⁷ rounds to the double nearest that decimal, which serde_json
/// prints back as the short decimal.
fn e7_degrees(e7: i64) -> Json {
    Json::Num(e7 as f64 / 1e7)
}

fn rfc3339_millis(ms: i64) -> String {
    DateTime::from_timestamp_millis(ms)
        .expect("record times derive from a valid export time")
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

fn maps_url(place_index: usize) -> String {
    // Stable per place, like a real place's cid.
    format!(
        "https://maps.google.com/?cid={}",
        mix64(place_index as u64 + 1) >> 1
    )
}

fn channel_id(rng: &mut Rng) -> String {
    format!("UC{}", rng.token(BASE64URL, 22))
}

fn uuid(rng: &mut Rng) -> String {
    let (hi, lo) = (rng.next_u64(), rng.next_u64());
    let hi = (hi & !0xf000) | 0x4000;
    let lo = (lo & !(0b11 << 62)) | (0b10 << 62);
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xffff,
        hi & 0xffff,
        lo >> 48,
        lo & 0xffff_ffff_ffff
    )
}

fn query_encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

fn slug(text: &str) -> String {
    text.replace(' ', "-")
}

#[cfg(test)]
mod tests {
    use super::super::services::SERVICES;
    use super::*;

    fn window() -> TimeWindow {
        let end = DateTime::parse_from_rfc3339("2026-03-01T12:00:00.123456Z")
            .unwrap()
            .to_utc();
        TimeWindow::new(end, end - Duration::days(20))
    }

    #[test]
    fn every_group_yields_parseable_json_with_its_record_count() {
        for service in SERVICES {
            let generated = generate(&service.shape, 5, window());
            let value: serde_json::Value = serde_json::from_slice(&generated.bytes).unwrap();
            let counted = match &service.shape {
                Shape::Single(_) => 1,
                Shape::Keyed(key, _) => value[key].as_array().unwrap().len(),
                Shape::Places(_) => value["features"].as_array().unwrap().len(),
                Shape::Array(_) | Shape::MyActivity(_) => value.as_array().unwrap().len(),
            };
            assert_eq!(counted as u64, generated.records, "{}", service.group);
        }
    }

    #[test]
    fn times_lie_in_the_window_newest_first() {
        let w = window();
        let generated = generate(
            &SERVICES
                .iter()
                .find(|s| s.group == "myactivity.search")
                .unwrap()
                .shape,
            1,
            w,
        );
        let items: Vec<serde_json::Value> = serde_json::from_slice(&generated.bytes).unwrap();
        let times: Vec<i64> = items
            .iter()
            .map(|i| {
                DateTime::parse_from_rfc3339(i["time"].as_str().unwrap())
                    .unwrap()
                    .timestamp_millis()
            })
            .collect();
        assert!(times.iter().all(|t| (w.start_ms..=w.end_ms).contains(t)));
        assert!(times.windows(2).all(|p| p[0] >= p[1]));
    }

    #[test]
    fn windows_round_inward_and_deletions_cut_their_start() {
        let end = DateTime::parse_from_rfc3339("2026-03-01T00:00:00Z")
            .unwrap()
            .to_utc();
        let start = DateTime::parse_from_rfc3339("2026-02-01T00:00:00.0005Z")
            .unwrap()
            .to_utc();
        let w = TimeWindow::new(end, start);
        assert_eq!(w.start_ms, start.timestamp_millis() + 1);
        // A start after the export collapses onto the export time.
        assert_eq!(
            TimeWindow::new(end, end + Duration::days(1)).start_ms,
            w.end_ms
        );
        let deleted = end - Duration::days(3);
        assert_eq!(w.from(Some(deleted)).start_ms, deleted.timestamp_millis());
        assert_eq!(w.from(Some(start - Duration::days(3))), w);
        assert_eq!(w.from(None), w);
    }

    #[test]
    fn a_files_history_is_one_whatever_the_window() {
        let shape = &SERVICES
            .iter()
            .find(|s| s.group == "youtube.comments")
            .unwrap()
            .shape;
        let end = DateTime::parse_from_rfc3339("2026-03-01T12:00:00Z")
            .unwrap()
            .to_utc();
        let since = end - Duration::days(60);
        let records =
            |start: DateTime<Utc>, end: DateTime<Utc>, seed: u64| -> Vec<serde_json::Value> {
                let generated = generate(shape, seed, TimeWindow::new(end, start));
                serde_json::from_slice(&generated.bytes).unwrap()
            };
        let ids = |records: &[serde_json::Value]| -> Vec<serde_json::Value> {
            records.iter().map(|r| r["commentId"].clone()).collect()
        };
        let full = records(since, end, 9);
        assert!(full.len() >= 10, "{} records in 60 days", full.len());
        // An earlier full export holds the older records, each alike unless edited since.
        let earlier = records(since, end - Duration::days(10), 9);
        assert!(earlier.len() < full.len());
        let older = &full[full.len() - earlier.len()..];
        assert_eq!(ids(&earlier), ids(older));
        let edited = earlier.iter().zip(older).filter(|(a, b)| a != b).count();
        assert!(
            edited * 4 <= earlier.len(),
            "{edited} of {} edited",
            earlier.len()
        );
        // Incremental windows split it: the newer one, made at the same time, record for record.
        let middle = end - Duration::days(25);
        let newer = records(middle, end, 9);
        assert_eq!(newer[..], full[..newer.len()]);
        let mut split = newer;
        split.extend(records(since, middle - Duration::milliseconds(1), 9));
        assert_eq!(ids(&split), ids(&full));
        // Another account has another history.
        assert!(records(since, end, 10).iter().all(|r| !full.contains(r)));
    }

    #[test]
    fn a_few_records_are_edited_later_keeping_their_ids_and_time() {
        let shape = &SERVICES
            .iter()
            .find(|s| s.group == "youtube.comments")
            .unwrap()
            .shape;
        let since = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
            .unwrap()
            .to_utc();
        let export = |day: i64| -> Vec<serde_json::Value> {
            let end = since + Duration::days(day);
            let generated = generate(shape, 9, TimeWindow::new(end, since));
            serde_json::from_slice(&generated.bytes).unwrap()
        };
        let (before, after) = (export(200), export(230));
        let shared = &after[after.len() - before.len()..];
        let edited: Vec<_> = before.iter().zip(shared).filter(|(a, b)| a != b).collect();
        // About one record in four is edited within 60 days: a month edits a few, not most.
        assert!(
            !edited.is_empty() && edited.len() * 5 < before.len(),
            "{} of {} edited",
            edited.len(),
            before.len()
        );
        for (was, now) in edited {
            for kept in ["commentId", "channelId", "videoId", "publishedAt"] {
                assert_eq!(was[kept], now[kept], "{kept}");
            }
            assert_ne!(was["text"], now["text"]);
        }
        // Activity lists are a log: what happened is never edited.
        let activity = &SERVICES
            .iter()
            .find(|s| s.group == "myactivity.search")
            .unwrap()
            .shape;
        let log = |day: i64| -> Vec<serde_json::Value> {
            let end = since + Duration::days(day);
            let generated = generate(activity, 9, TimeWindow::new(end, since));
            serde_json::from_slice(&generated.bytes).unwrap()
        };
        let (before, after) = (log(200), log(230));
        assert_eq!(before[..], after[after.len() - before.len()..]);
    }
}
