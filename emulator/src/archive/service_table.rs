//! The table of resource groups: folder, file and record shape of each of the 73.
//!
//! Kept one row per group for reading down the list, so rustfmt leaves it alone.

use super::services::{Activity, Field, Kind, Service, Shape, Topic};

const fn svc(
    group: &'static str,
    folder: &'static str,
    file: &'static str,
    shape: Shape,
) -> Service {
    Service { group, folder, file, shape, extra: &[] }
}

impl Service {
    /// The same service with further files in its folder.
    const fn also(self, extra: &'static [(&'static str, Shape)]) -> Service {
        Service { extra, ..self }
    }
}

const fn activity(
    header: &'static str,
    control: &'static str,
    verbs: &'static [&'static str],
    topic: Topic,
    url: &'static str,
) -> Shape {
    Shape::MyActivity(Activity { header, control, verbs, topic, url })
}

const YT: &str = "YouTube and YouTube Music";
const PLAY: &str = "Google Play Store";
const PLACES: &str = "Maps (your places)";
const SEARCH_UGC: &str = "Search Contributions";

const CAMERAS: Kind = Kind::Choice(&["Front door", "Backyard", "Garage", "Living room"]);
const DEVICE: Kind = Kind::Obj(&[
    ("manufacturer", Kind::Choice(&["Google", "Samsung", "OnePlus", "Motorola"])),
    ("model", Kind::Choice(&["Pixel 8", "Pixel 9 Pro", "Galaxy S24", "OnePlus 12", "moto g"])),
    ("carrier", Kind::Choice(&["T-Mobile", "Verizon", "Vodafone", "Orange"])),
]);
const APP_DOC: Kind =
    Kind::Obj(&[("documentType", Kind::Const("Android Apps")), ("title", Kind::App)]);
const MEDIA_DOC: Kind = Kind::Obj(&[
    ("documentType", Kind::Choice(&["Android Apps", "Books", "Movies", "Audiobooks"])),
    ("title", Kind::App),
]);
const PLAYLIST: &[Field] = &[
    ("playlistId", Kind::Url("PL")),
    ("title", Kind::Phrase),
    ("videoCount", Kind::Int(1, 120)),
    ("createTime", Kind::Time),
];
const VIDEO: &[Field] = &[
    ("videoId", Kind::VideoId),
    ("title", Kind::Video),
    ("description", Kind::Sentence),
    ("durationSeconds", Kind::Int(15, 3600)),
    ("uploadTime", Kind::Time),
];

/// One row per resource group of the discovery document.
pub(crate) static SERVICES: &[Service] = &[
    svc("alerts.subscriptions", "Alerts", "Subscriptions.json", Shape::Array(&[
        ("query", Kind::Phrase),
        ("frequency", Kind::Choice(&["AS_IT_HAPPENS", "AT_MOST_DAILY", "AT_MOST_WEEKLY"])),
        ("sources", Kind::Choice(&["AUTOMATIC", "NEWS", "BLOGS", "WEB"])),
        ("language", Kind::Choice(&["en", "de", "fr", "es"])),
        ("howMany", Kind::Choice(&["ONLY_THE_BEST", "ALL_RESULTS"])),
        ("deliverTo", Kind::Email),
        ("createTime", Kind::Time),
    ])),
    svc("chrome.autofill", "Chrome", "Autofill.json", Shape::Keyed("Autofill", &[
        ("name", Kind::Choice(&["email", "name", "address", "city", "postal_code", "phone"])),
        ("value", Kind::Name),
        ("count", Kind::Int(1, 60)),
        ("date_last_used_usec", Kind::TimeUsec),
    ])),
    svc("chrome.bookmarks", "Chrome", "Bookmarks.json", Shape::Keyed("Bookmarks", &[
        ("title", Kind::Phrase),
        ("url", Kind::SiteUrl),
        ("folder", Kind::Choice(&["Bookmarks bar", "Other bookmarks", "Mobile bookmarks"])),
        ("date_added_usec", Kind::TimeUsec),
    ])),
    svc("chrome.dictionary", "Chrome", "Dictionary.json", Shape::Keyed("Dictionary Word", &[
        ("word", Kind::Word),
    ])),
    svc("chrome.extensions", "Chrome", "Extensions.json", Shape::Keyed("Extensions", &[
        ("name", Kind::Choice(&["uBlock Origin", "Google Translate", "Dark Reader", "Bitwarden"])),
        ("id", Kind::Url("")),
        ("version", Kind::Choice(&["1.2.0", "2.0.3", "4.9.1", "1.58.0"])),
        ("enabled", Kind::Bool),
        ("incognito_enabled", Kind::Bool),
        ("install_time_usec", Kind::TimeUsec),
    ])),
    svc("chrome.history", "Chrome", "History.json", Shape::Keyed("Browser History", &[
        ("favicon_url", Kind::Favicon),
        ("page_transition", Kind::Choice(&["LINK", "TYPED", "AUTO_BOOKMARK", "RELOAD"])),
        ("title", Kind::Phrase),
        ("url", Kind::SiteUrl),
        ("client_id", Kind::Url("")),
        ("time_usec", Kind::TimeUsec),
    ])),
    svc("chrome.reading_list", "Chrome", "Reading List.json", Shape::Keyed("Reading List", &[
        ("title", Kind::Phrase),
        ("url", Kind::SiteUrl),
        ("read", Kind::Bool),
        ("creation_time_usec", Kind::TimeUsec),
    ])),
    svc("chrome.settings", "Chrome", "Settings.json", Shape::Single(&[
        ("default_search_engine", Kind::Const("Google")),
        ("homepage", Kind::Const("https://www.google.com/")),
        ("show_home_button", Kind::Bool),
        ("language", Kind::Choice(&["en-US", "en-GB", "de-DE", "fr-FR"])),
        ("last_modified_usec", Kind::TimeUsec),
    ])),
    svc("discover.follows", "Discover", "Follows.json", Shape::Array(&[
        ("title", Kind::Phrase),
        ("type", Kind::Choice(&["TOPIC", "SITE"])),
        ("url", Kind::SiteUrl),
        ("followTime", Kind::Time),
    ])),
    svc("discover.likes", "Discover", "Likes.json", Shape::Array(&[
        ("title", Kind::Phrase),
        ("url", Kind::SiteUrl),
        ("likeTime", Kind::Time),
    ])),
    svc("discover.not_interested", "Discover", "Not interested.json", Shape::Array(&[
        ("title", Kind::Phrase),
        ("url", Kind::SiteUrl),
        ("reason", Kind::Choice(&["NOT_INTERESTED_IN_STORY", "NOT_INTERESTED_IN_SOURCE"])),
        ("time", Kind::Time),
    ])),
    svc("maps.aliased_places", "Maps", "My labeled places/Labeled places.json", Shape::Places(&[
        ("name", Kind::Choice(&["Home", "Work", "Gym", "School", "Parents"])),
        ("address", Kind::Address),
        ("updated", Kind::Time),
    ])),
    svc("maps.commute_routes", "Maps", "Commute routes/Commute routes.json",
        Shape::Keyed("trips", &[
            ("origin", Kind::Address),
            ("destination", Kind::OtherAddress),
            ("travelMode", Kind::Choice(&["DRIVE", "TRANSIT", "WALK", "BICYCLE"])),
            ("departure", Kind::Choice(&["07:30", "08:00", "08:45", "17:15", "18:00"])),
            ("created", Kind::Time),
        ])),
    svc("maps.commute_settings", "Maps", "Commute settings/Commute settings.json", Shape::Single(&[
        ("home", Kind::Address),
        ("work", Kind::OtherAddress),
        ("travelMode", Kind::Choice(&["DRIVE", "TRANSIT", "BICYCLE"])),
        ("arriveBy", Kind::Choice(&["08:30", "09:00", "09:30"])),
        ("leaveAt", Kind::Choice(&["17:00", "17:30", "18:00"])),
        ("notifications", Kind::Bool),
        ("updateTime", Kind::Time),
    ])),
    svc("maps.ev_profile", "Maps", "Electric vehicle settings/Electric vehicle settings.json",
        Shape::Single(&[
            ("plugTypes", Kind::Choice(&["J1772", "CCS1", "CCS2", "Type 2", "CHAdeMO", "NACS"])),
            ("make", Kind::Choice(&["Kia", "Hyundai", "Volkswagen", "Renault", "Tesla"])),
            ("showCompatibleChargersOnly", Kind::Bool),
            ("updateTime", Kind::Time),
        ])),
    svc("maps.factual_contributions", PLACES, "Factual contributions.json", Shape::Places(&[
        ("date", Kind::Time),
        ("edit", Kind::Choice(&["Added opening hours", "Marked as closed", "Edited address"])),
        ("status", Kind::Choice(&["PUBLISHED", "PENDING", "NOT_APPLIED"])),
        ("google_maps_url", Kind::MapsUrl),
    ])),
    svc("maps.offering_contributions", PLACES, "Offering contributions.json", Shape::Places(&[
        ("date", Kind::Time),
        ("offering", Kind::Choice(&["Outdoor seating", "Vegetarian options", "Free Wi-Fi"])),
        ("value", Kind::Bool),
        ("google_maps_url", Kind::MapsUrl),
    ])),
    svc("maps.photos_videos", PLACES, "Photos and videos.json", Shape::Places(&[
        ("date", Kind::Time),
        ("media_type", Kind::Choice(&["PHOTO", "VIDEO"])),
        ("media_url", Kind::Url("https://lh3.googleusercontent.com/p/")),
        ("views", Kind::Int(0, 50_000)),
        ("google_maps_url", Kind::MapsUrl),
    ])),
    svc("maps.questions_answers", PLACES, "Questions and answers.json", Shape::Places(&[
        ("date", Kind::Time),
        ("question", Kind::Question),
        ("answer", Kind::Sentence),
        ("google_maps_url", Kind::MapsUrl),
    ])),
    svc("maps.reviews", PLACES, "Reviews.json", Shape::Places(&[
        ("date", Kind::Time),
        ("five_star_rating_published", Kind::Rating),
        ("review_text_published", Kind::Review),
        ("google_maps_url", Kind::MapsUrl),
    ])),
    svc("maps.starred_places", PLACES, "Saved Places.json", Shape::Places(&[
        ("date", Kind::Time),
        ("google_maps_url", Kind::MapsUrl),
    ])),
    svc("maps.vehicle_profile", "Maps", "Vehicle settings/Vehicle settings.json", Shape::Single(&[
        ("vehicleType", Kind::Choice(&["CAR", "MOTORCYCLE", "TWO_WHEELER"])),
        ("engineType", Kind::Choice(&["GASOLINE", "DIESEL", "HYBRID", "ELECTRIC"])),
        ("avoidTolls", Kind::Bool),
        ("updateTime", Kind::Time),
    ])),
    svc("myactivity.maps", "My Activity", "Maps/MyActivity.json", activity(
        "Maps", "Web & App Activity", &["Searched for", "Viewed", "Directions to"], Topic::Place,
        "https://www.google.com/maps/search/",
    )),
    svc("myactivity.myadcenter", "My Activity", "My Ad Center/MyActivity.json", activity(
        "My Ad Center", "Web & App Activity", &["Saw an ad for", "Clicked an ad for"],
        Topic::Product, "https://myadcenter.google.com/?q=",
    )),
    svc("myactivity.play", "My Activity", "Google Play Store/MyActivity.json", activity(
        "Google Play Store", "Web & App Activity", &["Used", "Installed", "Visited"], Topic::App,
        "https://play.google.com/store/apps/details?id=",
    )),
    // Google's search exports hold Image Search activity beside Search activity.
    svc("myactivity.search", "My Activity", "Search/MyActivity.json", activity(
        "Search", "Web & App Activity", &["Searched for"], Topic::Phrase,
        "https://www.google.com/search?q=",
    )).also(&[("Image Search/MyActivity.json", activity(
        "Image Search", "Web & App Activity", &["Searched for", "Viewed images of"],
        Topic::Phrase, "https://www.google.com/search?tbm=isch&q=",
    ))]),
    svc("myactivity.shopping", "My Activity", "Shopping/MyActivity.json", activity(
        "Shopping", "Web & App Activity", &["Viewed", "Searched for"], Topic::Product,
        "https://www.google.com/search?tbm=shop&q=",
    )),
    svc("myactivity.youtube", "My Activity", "YouTube/MyActivity.json", activity(
        "YouTube", "YouTube watch history", &["Watched"], Topic::Video,
        "https://www.youtube.com/watch?v=",
    )),
    svc("mymaps.maps", "My Maps", "My Maps.json", Shape::Array(&[
        ("title", Kind::Choice(&["Road trip", "Hiking spots", "Coffee crawl", "Bike routes"])),
        ("description", Kind::Sentence),
        ("url", Kind::Url("https://www.google.com/maps/d/edit?mid=")),
        ("layers", Kind::Int(1, 5)),
        ("placemarks", Kind::Int(1, 40)),
        ("updateTime", Kind::Time),
    ])),
    svc("nest.camera_event", "Nest", "Camera/Camera events.json", Shape::Array(&[
        ("eventId", Kind::Uuid),
        ("camera", CAMERAS),
        ("eventType", Kind::Choice(&["MOTION", "PERSON", "SOUND", "DOORBELL_CHIME", "ANIMAL"])),
        ("startTime", Kind::Time),
        ("durationSeconds", Kind::Int(3, 120)),
    ])),
    svc("nest.camera_feature", "Nest", "Camera/Camera features.json", Shape::Array(&[
        ("camera", CAMERAS),
        ("feature", Kind::Choice(&["FAMILIAR_FACE_DETECTION", "ACTIVITY_ZONES", "NIGHT_VISION"])),
        ("enabled", Kind::Bool),
        ("updateTime", Kind::Time),
    ])),
    svc("nest.camera_video", "Nest", "Camera/Camera videos.json", Shape::Array(&[
        ("clipId", Kind::Uuid),
        ("camera", CAMERAS),
        ("startTime", Kind::Time),
        ("durationSeconds", Kind::Int(5, 300)),
        ("url", Kind::Url("https://video.nest.com/clip/")),
    ])),
    svc("nest.store", "Nest", "Store/Orders.json", Shape::Array(&[
        ("orderId", Kind::Uuid),
        ("item", Kind::Choice(&["Nest Thermostat", "Nest Cam", "Nest Doorbell", "Nest Protect"])),
        ("price", Kind::Price),
        ("currency", Kind::Const("USD")),
        ("status", Kind::Choice(&["DELIVERED", "SHIPPED", "RETURNED"])),
        ("orderTime", Kind::Time),
    ])),
    svc("nest.user", "Nest", "User/User info.json", Shape::Single(&[
        ("displayName", Kind::Name),
        ("email", Kind::Email),
        ("homes", Kind::Int(1, 2)),
        ("timeZone", Kind::Choice(&["America/Los_Angeles", "Europe/Berlin", "Europe/London"])),
        ("createTime", Kind::Time),
    ])),
    svc("order_reserve.purchases_reservations", "Purchases & Reservations",
        "Purchases and reservations.json", Shape::Array(&[
            ("merchant", Kind::Choice(&["Luigi's Trattoria", "Sushi Nakamura", "Café Lumière"])),
            ("type", Kind::Choice(&["FOOD_ORDER", "RESERVATION"])),
            ("partySize", Kind::Int(1, 6)),
            ("total", Kind::Price),
            ("currency", Kind::Const("USD")),
            ("time", Kind::Time),
        ])),
    svc("pixel.device_data", "Pixel", "Device data.json", Shape::Array(&[
        ("device", Kind::Choice(&["Pixel 8", "Pixel 8 Pro", "Pixel 9", "Pixel Fold"])),
        ("metric", Kind::Choice(&["BATTERY_HEALTH", "SCREEN_ON_TIME", "STORAGE_USED"])),
        ("value", Kind::Int(0, 10_000)),
        ("recordTime", Kind::Time),
    ])),
    svc("play.devices", PLAY, "Devices.json", Shape::Array(&[
        ("deviceAttribute", DEVICE),
        ("deviceRegistrationTime", Kind::Time),
    ])),
    svc("play.grouping", PLAY, "Grouping.json", Shape::Array(&[
        ("packageName", Kind::AppId),
        ("tag", Kind::Choice(&["games_puzzle", "family_friendly", "fitness", "productivity"])),
        ("createTime", Kind::Time),
    ])),
    svc("play.installs", PLAY, "Installs.json", Shape::Array(&[
        ("install", Kind::Obj(&[
            ("doc", APP_DOC),
            ("firstInstallationTime", Kind::Time),
            ("deviceAttribute", DEVICE),
            ("lastUpdateTime", Kind::Time),
        ])),
    ])),
    svc("play.library", PLAY, "Library.json", Shape::Array(&[
        ("libraryDoc", Kind::Obj(&[("doc", MEDIA_DOC), ("acquisitionTime", Kind::Time)])),
    ])),
    svc("play.playpoints", PLAY, "Play Points.json", Shape::Array(&[
        ("points", Kind::Int(-500, 500)),
        ("reason", Kind::Choice(&["PURCHASE", "PROMOTION", "REDEMPTION", "LEVEL_UP"])),
        ("time", Kind::Time),
    ])),
    svc("play.promotions", PLAY, "Promotion History.json", Shape::Array(&[
        ("promotionHistory", Kind::Obj(&[
            ("title", Kind::Choice(&["3 months free", "50% off", "Bonus points"])),
            ("app", Kind::App),
            ("redemptionTime", Kind::Time),
        ])),
    ])),
    svc("play.purchases", PLAY, "Purchase History.json", Shape::Array(&[
        ("purchaseHistory", Kind::Obj(&[
            ("doc", MEDIA_DOC),
            ("purchaseTime", Kind::Time),
            ("invoicePrice", Kind::Price),
            ("paymentMethodTitle", Kind::Choice(&["Visa-1234", "Mastercard-9876", "Play balance"])),
        ])),
    ])),
    svc("play.redemptions", PLAY, "Redemption History.json", Shape::Array(&[
        ("redemptionHistory", Kind::Obj(&[
            ("code", Kind::Url("")),
            ("value", Kind::Price),
            ("redemptionTime", Kind::Time),
        ])),
    ])),
    svc("play.subscriptions", PLAY, "Subscriptions.json", Shape::Array(&[
        ("subscription", Kind::Obj(&[
            ("doc", APP_DOC),
            ("state", Kind::Choice(&["ACTIVE", "CANCELED", "ON_HOLD"])),
            ("pricing", Kind::Price),
            ("period", Kind::Choice(&["P1M", "P1Y"])),
            ("startTime", Kind::Time),
        ])),
    ])),
    svc("play.usersettings", PLAY, "Play Settings.json", Shape::Single(&[
        ("autoUpdateApps", Kind::Choice(&["ANY_NETWORK", "WIFI_ONLY", "NEVER"])),
        ("requireAuthenticationForPurchases", Kind::Bool),
        ("parentalControlsEnabled", Kind::Bool),
        ("updateTime", Kind::Time),
    ])),
    svc("saved.collections", "Saved", "Saved collections.json", Shape::Array(&[
        ("collection", Kind::Choice(&["Want to go", "Favorites", "Recipes", "Gift ideas"])),
        ("title", Kind::Phrase),
        ("url", Kind::SiteUrl),
        ("savedTime", Kind::Time),
    ])),
    svc("search_ugc.comments", SEARCH_UGC, "Comments.json", Shape::Array(&[
        ("query", Kind::Phrase),
        ("comment", Kind::Sentence),
        ("createTime", Kind::Time),
    ])),
    svc("search_ugc.media.reviews_and_stars", SEARCH_UGC, "Media reviews and stars.json",
        Shape::Array(&[
            ("title", Kind::Movie),
            ("stars", Kind::Rating),
            ("review", Kind::Review),
            ("time", Kind::Time),
        ])),
    svc("search_ugc.media.streaming_video_providers", SEARCH_UGC, "Streaming video providers.json",
        Shape::Array(&[
            ("provider", Kind::Choice(&["Netflix", "YouTube Premium", "Disney+", "Prime Video"])),
            ("subscribed", Kind::Bool),
            ("updateTime", Kind::Time),
        ])),
    svc("search_ugc.media.thumbs", SEARCH_UGC, "Media thumbs.json", Shape::Array(&[
        ("title", Kind::Movie),
        ("thumb", Kind::Choice(&["UP", "DOWN"])),
        ("time", Kind::Time),
    ])),
    svc("search_ugc.media.watched", SEARCH_UGC, "Watched.json", Shape::Array(&[
        ("title", Kind::Movie),
        ("type", Kind::Choice(&["MOVIE", "TV_SHOW"])),
        ("markedTime", Kind::Time),
    ])),
    svc("searchnotifications.settings", "Search Notifications", "Settings.json", Shape::Single(&[
        ("notificationsEnabled", Kind::Bool),
        ("dailyDigest", Kind::Bool),
        ("quietHours", Kind::Choice(&["22:00-07:00", "23:00-08:00", "OFF"])),
        ("updateTime", Kind::Time),
    ])),
    svc("searchnotifications.subscriptions", "Search Notifications", "Subscriptions.json",
        Shape::Array(&[
            ("topic", Kind::Phrase),
            ("type", Kind::Choice(&["SPORTS_TEAM", "WEATHER", "STOCK", "TOPIC"])),
            ("createTime", Kind::Time),
        ])),
    svc("shopping.addresses", "Shopping", "Addresses.json", Shape::Array(&[
        ("recipient", Kind::Name),
        ("address", Kind::Address),
        ("phone", Kind::Phone),
        ("default", Kind::Bool),
        ("updateTime", Kind::Time),
    ])),
    svc("shopping.reviews", "Shopping", "Reviews.json", Shape::Array(&[
        ("product", Kind::Product),
        ("rating", Kind::Rating),
        ("review", Kind::Review),
        ("time", Kind::Time),
    ])),
    svc("streetview.imagery", "Street View", "Street View imagery.json", Shape::Places(&[
        ("date", Kind::Time),
        ("photoId", Kind::Url("CAoSL")),
        ("captureType", Kind::Choice(&["PHOTO_SPHERE", "VIDEO"])),
        ("views", Kind::Int(0, 250_000)),
    ])),
    svc("youtube.channel", YT, "channels/channel.json", Shape::Single(&[
        ("channelId", Kind::ChannelId),
        ("title", Kind::Channel),
        ("description", Kind::Sentence),
        ("country", Kind::Choice(&["US", "GB", "DE", "FR", "JP"])),
        ("createTime", Kind::Time),
    ])),
    svc("youtube.clips", YT, "clips/clips.json", Shape::Array(&[
        ("clipId", Kind::Url("Ugk")),
        ("title", Kind::Video),
        ("sourceVideoId", Kind::VideoId),
        ("startMs", Kind::Int(0, 600_000)),
        ("durationMs", Kind::Int(5_000, 60_000)),
        ("createTime", Kind::Time),
    ])),
    svc("youtube.comments", YT, "comments/comments.json", Shape::Array(&[
        ("commentId", Kind::Url("Ugx")),
        ("channelId", Kind::ChannelId),
        ("videoId", Kind::VideoId),
        ("text", Kind::Sentence),
        ("publishedAt", Kind::Time),
    ])),
    svc("youtube.conversations", YT, "chats/chats.json", Shape::Array(&[
        ("conversationId", Kind::Uuid),
        ("with", Kind::Channel),
        ("message", Kind::Sentence),
        ("sentTime", Kind::Time),
    ])),
    svc("youtube.live_chat", YT, "live chats/live chats.json", Shape::Array(&[
        ("liveChatId", Kind::Url("Cg0KC")),
        ("videoId", Kind::VideoId),
        ("message", Kind::Sentence),
        ("time", Kind::Time),
    ])),
    svc("youtube.music", YT, "music (library and uploads)/music library songs.json", Shape::Array(&[
        ("title", Kind::Song),
        ("artist", Kind::Artist),
        ("videoId", Kind::VideoId),
        ("uploaded", Kind::Bool),
        ("addedTime", Kind::Time),
    ])),
    svc("youtube.playable", YT, "playables/playables.json", Shape::Array(&[
        ("game", Kind::Choice(&["Cut the Rope", "Words of Wonders", "Trivia Crack", "Brain Out"])),
        ("saveDataId", Kind::Uuid),
        ("level", Kind::Int(1, 400)),
        ("lastPlayedTime", Kind::Time),
    ])),
    svc("youtube.posts", YT, "posts/posts.json", Shape::Array(&[
        ("postId", Kind::Url("Ugk")),
        ("text", Kind::Sentence),
        ("likes", Kind::Int(0, 5_000)),
        ("publishedAt", Kind::Time),
    ])),
    svc("youtube.private_playlists", YT, "playlists/private playlists.json",
        Shape::Array(PLAYLIST)),
    svc("youtube.private_videos", YT, "videos/private videos.json", Shape::Array(VIDEO)),
    svc("youtube.public_playlists", YT, "playlists/public playlists.json", Shape::Array(PLAYLIST)),
    svc("youtube.public_videos", YT, "videos/public videos.json", Shape::Array(VIDEO)),
    svc("youtube.shopping", YT, "shopping/wishlists.json", Shape::Array(&[
        ("wishlist", Kind::Choice(&["Wishlist", "Gift ideas", "Home office"])),
        ("product", Kind::Product),
        ("price", Kind::Price),
        ("addedTime", Kind::Time),
    ])),
    svc("youtube.subscriptions", YT, "subscriptions/subscriptions.json", Shape::Array(&[
        ("channelId", Kind::ChannelId),
        ("channelTitle", Kind::Channel),
        ("subscribedTime", Kind::Time),
    ])),
    svc("youtube.unlisted_playlists", YT, "playlists/unlisted playlists.json",
        Shape::Array(PLAYLIST)),
    svc("youtube.unlisted_videos", YT, "videos/unlisted videos.json", Shape::Array(VIDEO)),
];
