//! Where each resource group's data lands in an archive, and what its records look like.
//!
//! Folder and file names follow Google Takeout's conventions
//! (`My Activity/<product>/MyActivity.json`, `Chrome/History.json`,
//! `Maps (your places)/Reviews.json`, `YouTube and YouTube Music/…`). The record shapes are
//! plausible rather than exact: clients must treat the contents as opaque.

/// One JSON member of a record: its key and how its value is made.
pub(crate) type Field = (&'static str, Kind);

pub(crate) use super::service_table::SERVICES;

/// How one value is made (see `content.rs`).
#[derive(Debug)]
pub(crate) enum Kind {
    /// RFC 3339 with milliseconds, the record's time.
    Time,
    /// Microseconds since the epoch, the record's time (Chrome style).
    TimeUsec,
    Phrase,
    /// The record's place address / Maps link (one place per record).
    Address,
    /// An address other than the record's place, e.g. a commute destination.
    OtherAddress,
    MapsUrl,
    Product,
    App,
    AppId,
    Video,
    VideoId,
    ChannelId,
    Channel,
    Movie,
    Song,
    Artist,
    Review,
    Sentence,
    Question,
    Word,
    Name,
    Email,
    Phone,
    SiteUrl,
    Favicon,
    Uuid,
    /// The prefix followed by a random id.
    Url(&'static str),
    Int(i64, i64),
    Price,
    Rating,
    Bool,
    Choice(&'static [&'static str]),
    Const(&'static str),
    Obj(&'static [Field]),
}

/// What a My Activity item is about; decides the title's subject and its link.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Topic {
    Phrase,
    Place,
    Product,
    App,
    Video,
}

#[derive(Debug)]
pub(crate) struct Activity {
    pub header: &'static str,
    pub control: &'static str,
    pub verbs: &'static [&'static str],
    pub topic: Topic,
    /// Link prefix; the subject (URL-encoded) or its id follows.
    pub url: &'static str,
}

/// The layout of a group's file.
#[derive(Debug)]
pub(crate) enum Shape {
    /// A JSON array of My Activity items.
    MyActivity(Activity),
    /// A JSON array of records.
    Array(&'static [Field]),
    /// `{"<key>": [records]}`.
    Keyed(&'static str, &'static [Field]),
    /// One object (settings and profiles): one record.
    Single(&'static [Field]),
    /// A GeoJSON `FeatureCollection` of points, one feature per record.
    Places(&'static [Field]),
}

#[derive(Debug)]
pub(crate) struct Service {
    pub group: &'static str,
    /// Folder under `Portability/`.
    pub folder: &'static str,
    /// Path inside the folder.
    pub file: &'static str,
    pub shape: Shape,
    /// Further files of the group in the same folder (path inside the folder, shape), after
    /// `file`.
    pub extra: &'static [(&'static str, Shape)],
}

/// The folder of the My Activity groups: every file in it is a JSON list of activity items.
pub(crate) const MY_ACTIVITY: &str = "My Activity";

/// The folder under `Portability/` that holds a resource group's data, for the groups of the
/// discovery document.
pub fn service_folder(group: &str) -> Option<&'static str> {
    find(group).map(|s| s.folder)
}

pub(crate) fn find(group: &str) -> Option<&'static Service> {
    SERVICES.iter().find(|s| s.group == group)
}

/// Used for a group missing from the table, so an unknown name still yields a valid archive.
pub(crate) const FALLBACK_SHAPE: Shape =
    Shape::Array(&[("title", Kind::Phrase), ("time", Kind::Time)]);
