//! The 73 resource groups of the Data Portability API, with the labels and descriptions Carryout shows.

use serde::Serialize;

use crate::codes::text_id;

text_id! {
    /// A resource group's id, the resource name the API takes (`myactivity.search`): what a
    /// person ticks, what a job exports and a receipt names.
    pub struct GroupId;
}

/// Every resource group's OAuth scope is this prefix followed by the group id.
pub const SCOPE_PREFIX: &str = "https://www.googleapis.com/auth/dataportability.";

/// The product a resource group belongs to, used as a heading when picking what to back up.
///
/// Serialized in lowercase so the JSON names mostly match the scope prefixes.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, strum::VariantArray,
)]
#[serde(rename_all = "lowercase")]
pub enum Service {
    /// `myactivity.*`: kept apart from the products because these are the only groups
    /// that can be exported by date range, which is what makes incremental backups work.
    MyActivity,
    /// `search_ugc.*` and `searchnotifications.*`: both are things people do in Google Search.
    Search,
    YouTube,
    Maps,
    MyMaps,
    StreetView,
    Chrome,
    Play,
    Shopping,
    Discover,
    Saved,
    Alerts,
    #[serde(rename = "order_reserve")]
    OrderReserve,
    Nest,
    Pixel,
}

impl Service {
    pub fn label(self) -> &'static str {
        match self {
            Service::MyActivity => "My Activity",
            Service::Search => "Google Search",
            Service::YouTube => "YouTube",
            Service::Maps => "Google Maps",
            Service::MyMaps => "My Maps",
            Service::StreetView => "Street View",
            Service::Chrome => "Chrome",
            Service::Play => "Google Play",
            Service::Shopping => "Google Shopping",
            Service::Discover => "Discover",
            Service::Saved => "Saved",
            Service::Alerts => "Google Alerts",
            Service::OrderReserve => "Food orders & reservations",
            Service::Nest => "Nest",
            Service::Pixel => "Pixel",
        }
    }

    /// All services in display order (the same as their `Ord`).
    pub fn all() -> &'static [Service] {
        <Service as strum::VariantArray>::VARIANTS
    }
}

/// One resource group: the unit the API exports, and the unit of OAuth consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ResourceGroup {
    /// The resource name sent to the API, e.g. `myactivity.search`.
    pub id: &'static str,
    pub service: Service,
    /// Short checkbox text, read under the service's heading.
    pub label: &'static str,
    /// One line saying what the user gets.
    pub description: &'static str,
    /// Whether the API accepts `startTime`/`endTime` for this group; any other group
    /// rejects a request that carries them.
    pub time_filter: bool,
}

impl ResourceGroup {
    pub fn group_id(&self) -> GroupId {
        GroupId::from(self.id)
    }

    /// The OAuth scope that grants access to this group.
    pub fn scope(&self) -> String {
        format!("{SCOPE_PREFIX}{}", self.id)
    }
}

/// Every resource group, ordered by service and then by label.
pub fn all() -> &'static [ResourceGroup] {
    GROUPS
}

/// The group with this resource id (`myactivity.search`), if the API knows it.
pub fn find(id: &str) -> Option<&'static ResourceGroup> {
    GROUPS.iter().find(|g| g.id == id)
}

/// The group a full OAuth scope URL grants, e.g. from the `scope` field of a token response.
pub fn from_scope(scope: &str) -> Option<&'static ResourceGroup> {
    scope.strip_prefix(SCOPE_PREFIX).and_then(find)
}

/// The groups of one service, in display order.
pub fn by_service(service: Service) -> impl Iterator<Item = &'static ResourceGroup> {
    GROUPS.iter().filter(move |g| g.service == service)
}

const fn group(
    id: &'static str,
    service: Service,
    label: &'static str,
    description: &'static str,
) -> ResourceGroup {
    ResourceGroup {
        id,
        service,
        label,
        description,
        time_filter: false,
    }
}

/// A group that can be exported for a date range.
const fn timed(
    id: &'static str,
    service: Service,
    label: &'static str,
    description: &'static str,
) -> ResourceGroup {
    ResourceGroup {
        time_filter: true,
        ..group(id, service, label, description)
    }
}

// One line per group reads better than what rustfmt would make of it.
#[rustfmt::skip]
static GROUPS: &[ResourceGroup] = {
    use Service::*;
    &[
        timed("myactivity.myadcenter", MyActivity, "Ad Center activity", "What you did in My Ad Center, such as changes to the ads you want to see"),
        timed("myactivity.maps", MyActivity, "Maps activity", "Places you looked up, directions you asked for and other things you did in Maps"),
        timed("myactivity.play", MyActivity, "Play activity", "Apps, games and other content you searched for, browsed or used in Google Play"),
        timed("myactivity.search", MyActivity, "Search activity", "The searches you made on Google and the results you opened"),
        timed("myactivity.shopping", MyActivity, "Shopping activity", "Products you searched for, looked at or compared while shopping on Google"),
        timed("myactivity.youtube", MyActivity, "YouTube activity", "Your YouTube watch history and the searches you made on YouTube"),

        group("search_ugc.comments", Search, "Comments", "Comments you posted on Google Search"),
        group("searchnotifications.settings", Search, "Notification settings", "How the Google app is set up to send you notifications"),
        group("searchnotifications.subscriptions", Search, "Notification subscriptions", "Topics and updates the Google app notifies you about"),
        group("search_ugc.media.reviews_and_stars", Search, "Ratings & reviews", "Star ratings and reviews you gave films, shows and other media"),
        group("search_ugc.media.streaming_video_providers", Search, "Streaming services", "The streaming services you told Search and Google TV you use"),
        group("search_ugc.media.thumbs", Search, "Thumbs up & down", "Films and shows you rated with a thumbs up or down in Search or Google TV"),
        group("search_ugc.media.watched", Search, "Watched films & shows", "Films and shows you marked as seen in Search or Google TV"),

        group("youtube.channel", YouTube, "Channel", "Your channel's details, such as its name, description and settings"),
        group("youtube.clips", YouTube, "Clips", "Details of the clips you cut from videos and live streams"),
        group("youtube.comments", YouTube, "Comments", "The comments you wrote on videos and posts"),
        group("youtube.live_chat", YouTube, "Live chat messages", "What you wrote in the chat of live streams and premieres"),
        group("youtube.conversations", YouTube, "Messages", "Your private YouTube conversations"),
        group("youtube.music", YouTube, "Music library", "Your YouTube Music library and the tracks you uploaded to it"),
        group("youtube.playable", YouTube, "Playables progress", "Saved progress of the games you played in YouTube Playables"),
        group("youtube.posts", YouTube, "Posts", "The community posts you published on your channel"),
        group("youtube.private_playlists", YouTube, "Private playlists", "Playlists only you can see, with the videos in them"),
        group("youtube.private_videos", YouTube, "Private videos", "Videos you uploaded as private, with their titles, descriptions and settings"),
        group("youtube.public_playlists", YouTube, "Public playlists", "Playlists anyone can see, with the videos in them"),
        group("youtube.public_videos", YouTube, "Public videos", "Videos you uploaded publicly, with their titles, descriptions and settings"),
        group("youtube.shopping", YouTube, "Shopping wishlists", "Wishlists you made while shopping on YouTube, and what is on them"),
        group("youtube.subscriptions", YouTube, "Subscriptions", "The channels you subscribe to, private subscriptions included"),
        group("youtube.unlisted_playlists", YouTube, "Unlisted playlists", "Playlists only people with the link can see, with the videos in them"),
        group("youtube.unlisted_videos", YouTube, "Unlisted videos", "Videos only people with the link can see, with their titles, descriptions and settings"),

        group("maps.commute_settings", Maps, "Commute settings", "How and when you usually travel to work"),
        group("maps.ev_profile", Maps, "Electric vehicle profile", "Your electric car's details, such as the plugs it takes"),
        group("maps.aliased_places", Maps, "Labeled places", "Places you gave a name, such as Home, Work or a label of your own"),
        group("maps.photos_videos", Maps, "Photos & videos", "Photos and videos you added to places"),
        group("maps.commute_routes", Maps, "Pinned trips", "Trips you pinned to get directions quickly"),
        group("maps.factual_contributions", Maps, "Place corrections", "Fixes you suggested to places, roads and other map details"),
        group("maps.offering_contributions", Maps, "Place updates", "Information you added about places, such as what they offer"),
        group("maps.questions_answers", Maps, "Questions & answers", "Questions you asked and answers you gave about places"),
        group("maps.reviews", Maps, "Reviews", "Reviews and posts you wrote about places"),
        group("maps.starred_places", Maps, "Starred places", "The places on your Starred list"),
        group("maps.vehicle_profile", Maps, "Vehicle profile", "The car details Maps uses to plan routes, such as its engine type"),

        group("mymaps.maps", MyMaps, "Custom maps", "Maps you made yourself, with their pins, lines and layers"),

        group("streetview.imagery", StreetView, "Uploaded imagery", "Panoramas and videos you published to Street View"),

        group("chrome.autofill", Chrome, "Autofill", "Details you typed into web forms that Chrome keeps to fill them in again"),
        group("chrome.bookmarks", Chrome, "Bookmarks", "Your Chrome bookmarks, in their folders"),
        timed("chrome.history", Chrome, "Browsing history", "The pages you opened in Chrome and when you opened them"),
        group("chrome.dictionary", Chrome, "Dictionary words", "Words you taught Chrome's spell checker"),
        group("chrome.extensions", Chrome, "Extensions", "Which Chrome Web Store extensions you have installed"),
        group("chrome.reading_list", Chrome, "Reading list", "Pages you saved in Chrome to read later"),
        group("chrome.settings", Chrome, "Settings", "Your Chrome preferences"),

        group("play.devices", Play, "Devices", "Phones, tablets and other devices of yours that have the Play Store"),
        group("play.grouping", Play, "Grouping tags", "Labels app developers gave your account through Google Play"),
        group("play.installs", Play, "Installs", "Apps you installed through Google Play"),
        group("play.library", Play, "Library", "Apps, games, books and other items you got from Google Play"),
        group("play.playpoints", Play, "Play Points", "Your Play Points membership and the points you earned and spent"),
        group("play.promotions", Play, "Promotions", "Offers and promotions you received on Google Play"),
        group("play.purchases", Play, "Purchases", "What you bought on Google Play"),
        group("play.redemptions", Play, "Redemptions", "Gift cards and promo codes you redeemed on Google Play"),
        group("play.usersettings", Play, "Settings", "How you set up the Play Store"),
        group("play.subscriptions", Play, "Subscriptions", "Subscriptions you pay for through Google Play"),

        group("shopping.reviews", Shopping, "Product & store reviews", "Reviews you wrote about products and online shops"),
        group("shopping.addresses", Shopping, "Shipping addresses", "Delivery addresses you saved for shopping with Google"),

        group("discover.follows", Discover, "Follows", "Topics, searches and sites you follow in your Discover feed"),
        group("discover.likes", Discover, "Likes", "Links to the stories you liked in your Discover feed"),
        group("discover.not_interested", Discover, "Not interested", "Stories and topics you asked Discover to stop showing you"),

        group("saved.collections", Saved, "Collections", "Links, images, places and anything else you saved across Google, in its collections"),

        group("alerts.subscriptions", Alerts, "Alerts", "The topics Google Alerts emails you about"),

        group("order_reserve.purchases_reservations", OrderReserve, "Orders & bookings", "Food you ordered and tables you booked through Google"),

        group("nest.user", Nest, "Account", "The details of your Nest account"),
        group("nest.camera_event", Nest, "Camera events", "What your Nest cameras detected, such as motion or a person"),
        group("nest.camera_feature", Nest, "Camera features", "Which features your Nest cameras have and how they are set up"),
        group("nest.camera_video", Nest, "Camera footage", "Video recorded by your Nest cameras"),
        group("nest.store", Nest, "Store billing", "Billing and payment records from the Nest Store and Nest Renew"),

        group("pixel.device_data", Pixel, "Device data", "How your Pixel devices were used, and their diagnostic reports"),
    ]
};

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    const DISCOVERY: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/emulator/discovery/dataportability.v1.discovery.json"
    ));

    /// Google's scopes from the discovery document: group id → Google's description.
    fn discovery_scopes() -> BTreeMap<String, String> {
        let doc: serde_json::Value = serde_json::from_str(DISCOVERY).expect("discovery JSON");
        let scopes = doc["auth"]["oauth2"]["scopes"]
            .as_object()
            .expect("auth.oauth2.scopes is an object");
        scopes
            .iter()
            .map(|(scope, v)| {
                let id = scope
                    .strip_prefix(SCOPE_PREFIX)
                    .unwrap_or_else(|| panic!("scope without the expected prefix: {scope}"));
                let description = v["description"].as_str().unwrap_or_default();
                (id.to_owned(), description.to_owned())
            })
            .collect()
    }

    #[test]
    fn matches_discovery_document() {
        let google: BTreeSet<String> = discovery_scopes().keys().cloned().collect();
        let ours: BTreeSet<String> = all().iter().map(|g| g.id.to_owned()).collect();
        let missing: Vec<_> = google.difference(&ours).collect();
        let extra: Vec<_> = ours.difference(&google).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "catalog differs from the discovery document; missing: {missing:?}, extra: {extra:?}"
        );
        assert_eq!(google.len(), 73);
        assert_eq!(all().len(), 73);
    }

    #[test]
    fn ids_are_unique_and_round_trip() {
        let mut seen = BTreeSet::new();
        for g in all() {
            assert!(seen.insert(g.id), "duplicate id {}", g.id);
            assert_eq!(find(g.id), Some(g));
            assert_eq!(g.scope(), format!("{SCOPE_PREFIX}{}", g.id));
            assert_eq!(from_scope(&g.scope()), Some(g));
        }
        assert_eq!(find("myactivity.nonsense"), None);
        assert_eq!(from_scope("myactivity.search"), None);
        assert_eq!(from_scope("https://www.googleapis.com/auth/youtube"), None);
    }

    #[test]
    fn texts_are_short_and_our_own() {
        let google = discovery_scopes();
        for g in all() {
            for (what, text) in [("label", g.label), ("description", g.description)] {
                assert!(!text.trim().is_empty(), "{}: empty {what}", g.id);
                assert_eq!(text, text.trim(), "{}: {what} has outer whitespace", g.id);
                assert!(text.chars().count() <= 100, "{}: {what} too long", g.id);
            }
            assert!(g.label.chars().count() <= 30, "{}: label too long", g.id);
            let theirs = google
                .get(g.id)
                .map_or("", |d| d.trim().trim_end_matches('.'));
            let ours = g.description.trim().trim_end_matches('.');
            assert!(
                !ours.eq_ignore_ascii_case(theirs),
                "{}: description copies Google's",
                g.id
            );
        }
    }

    #[test]
    fn time_filter_only_for_my_activity_and_chrome_history() {
        for g in all() {
            let expected = g.id.starts_with("myactivity.") || g.id == "chrome.history";
            assert_eq!(g.time_filter, expected, "{}", g.id);
            assert_eq!(
                g.id.starts_with("myactivity."),
                g.service == Service::MyActivity,
                "{}",
                g.id
            );
        }
    }

    #[test]
    fn ordered_by_service_then_label() {
        for pair in all().windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            assert!(
                (a.service, a.label) < (b.service, b.label),
                "{} must come after {} (and labels must be unique within a service)",
                a.id,
                b.id
            );
        }
    }

    #[test]
    fn every_service_is_listed_and_used() {
        let services = Service::all();
        assert!(
            services.windows(2).all(|w| w[0] < w[1]),
            "Service::all() out of order"
        );
        for &s in services {
            assert!(!s.label().is_empty());
            assert!(by_service(s).next().is_some(), "{s:?} has no groups");
            assert!(by_service(s).all(|g| g.service == s));
        }
        for g in all() {
            assert!(
                services.contains(&g.service),
                "{}: {:?} missing from Service::all()",
                g.id,
                g.service
            );
        }
        let total: usize = services.iter().map(|&s| by_service(s).count()).sum();
        assert_eq!(total, all().len());
    }

    #[test]
    fn serializes_for_the_ui() {
        let json =
            serde_json::to_value(find("order_reserve.purchases_reservations").unwrap()).unwrap();
        assert_eq!(json["id"], "order_reserve.purchases_reservations");
        assert_eq!(json["service"], "order_reserve");
        assert_eq!(json["time_filter"], false);
        assert_eq!(
            serde_json::to_value(Service::MyActivity).unwrap(),
            "myactivity"
        );
        assert_eq!(serde_json::to_value(Service::YouTube).unwrap(), "youtube");
    }
}
