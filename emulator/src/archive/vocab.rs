//! Word lists that make generated records read like a real person's data.

pub(crate) struct Place {
    pub name: &'static str,
    pub address: &'static str,
    pub country_code: &'static str,
    /// Degrees × 10⁷ (E7), as Google's location exports store them.
    pub lat_e7: i64,
    pub lng_e7: i64,
}

const fn place(
    name: &'static str,
    address: &'static str,
    country_code: &'static str,
    lat_e7: i64,
    lng_e7: i64,
) -> Place {
    Place {
        name,
        address,
        country_code,
        lat_e7,
        lng_e7,
    }
}

pub(crate) const PLACES: &[Place] = &[
    place(
        "Blue Bottle Coffee",
        "66 Mint St, San Francisco, CA 94103, USA",
        "US",
        377_825_360,
        -1_224_074_130,
    ),
    place(
        "Golden Gate Park",
        "501 Stanyan St, San Francisco, CA 94117, USA",
        "US",
        377_694_210,
        -1_224_862_150,
    ),
    place(
        "Tartine Bakery",
        "600 Guerrero St, San Francisco, CA 94110, USA",
        "US",
        377_614_270,
        -1_224_241_770,
    ),
    place(
        "Musée d'Orsay",
        "Esplanade Valéry Giscard d'Estaing, 75007 Paris, France",
        "FR",
        488_599_610,
        23_265_620,
    ),
    place(
        "Shakespeare and Company",
        "37 Rue de la Bûcherie, 75005 Paris, France",
        "FR",
        488_525_880,
        23_470_690,
    ),
    place(
        "Brandenburger Tor",
        "Pariser Platz, 10117 Berlin, Germany",
        "DE",
        525_162_740,
        133_777_020,
    ),
    place(
        "Markthalle Neun",
        "Eisenbahnstraße 42/43, 10997 Berlin, Germany",
        "DE",
        525_021_350,
        134_317_300,
    ),
    place(
        "British Museum",
        "Great Russell St, London WC1B 3DG, United Kingdom",
        "GB",
        515_194_130,
        -1_269_650,
    ),
    place(
        "Borough Market",
        "8 Southwark St, London SE1 1TL, United Kingdom",
        "GB",
        515_054_870,
        -907_910,
    ),
    place(
        "Fushimi Inari Taisha",
        "68 Fukakusa Yabunouchicho, Fushimi Ward, Kyoto, 612-0882, Japan",
        "JP",
        349_671_240,
        1_357_727_340,
    ),
    place(
        "Central Park Zoo",
        "East 64th Street, New York, NY 10021, USA",
        "US",
        407_677_580,
        -739_718_790,
    ),
    place(
        "Joe's Pizza",
        "7 Carmine St, New York, NY 10014, USA",
        "US",
        407_305_720,
        -740_021_570,
    ),
    place(
        "Parque del Retiro",
        "Plaza de la Independencia, 7, 28001 Madrid, Spain",
        "ES",
        404_152_660,
        -36_844_030,
    ),
    place(
        "Rijksmuseum",
        "Museumstraat 1, 1071 XX Amsterdam, Netherlands",
        "NL",
        523_599_810,
        48_852_190,
    ),
];

pub(crate) const PHRASES: &[&str] = &[
    "weather tomorrow",
    "how to make sourdough starter",
    "best hiking trails near me",
    "rust async streams tutorial",
    "cheap flights to lisbon",
    "how long to boil an egg",
    "local farmers market hours",
    "learn to play guitar chords",
    "electric car charging stations",
    "what is a zip64 archive",
    "easy vegetarian lasagna recipe",
    "train times to the airport",
    "how to repot a monstera",
    "world cup schedule",
    "translate good morning to japanese",
    "home office desk setup ideas",
    "beginner running plan 5k",
    "museum opening hours sunday",
];

pub(crate) const PRODUCTS: &[&str] = &[
    "Noise cancelling headphones",
    "Trail running shoes",
    "Cast iron skillet 12 inch",
    "Mechanical keyboard",
    "Insulated water bottle",
    "Ergonomic office chair",
    "Espresso machine",
    "Yoga mat",
    "USB-C charging hub",
    "Rain jacket",
    "LED desk lamp",
    "Board game for families",
];

/// (name, package).
pub(crate) const APPS: &[(&str, &str)] = &[
    ("Google Maps", "com.google.android.apps.maps"),
    ("YouTube Music", "com.google.android.apps.youtube.music"),
    ("Duolingo", "com.duolingo"),
    ("Spotify", "com.spotify.music"),
    ("Strava", "com.strava"),
    ("Wikipedia", "org.wikipedia"),
    ("Signal", "org.thoughtcrime.securesms"),
    ("Google Keep", "com.google.android.keep"),
    ("Firefox", "org.mozilla.firefox"),
    ("Monument Valley 2", "com.ustwo.monumentvalley2"),
    ("Komoot", "de.komoot.android"),
    ("Snapseed", "com.niksoftware.snapseed"),
];

pub(crate) const VIDEOS: &[&str] = &[
    "Lofi beats to study to",
    "How to sharpen a kitchen knife",
    "10 minute morning yoga",
    "The history of the zip file",
    "Building a bookshelf from scratch",
    "Top 10 goals of the season",
    "Sourdough for absolute beginners",
    "Tiny house tour",
    "Learn Rust in one video",
    "Relaxing rain sounds for sleep",
    "Street food tour of Bangkok",
    "Beginner watercolor landscape",
];

pub(crate) const CHANNELS: &[&str] = &[
    "Kitchen Basics",
    "Trail Diaries",
    "Code With Ada",
    "Daily Yoga Flow",
    "Retro Computing Corner",
    "The Weekend Woodworker",
    "Garden Time",
    "Chess Explained",
    "Travel Light",
    "Science Minute",
];

pub(crate) const MOVIES: &[&str] = &[
    "The Long Summer",
    "Midnight Harbor",
    "Paper Planets",
    "The Quiet Orchard",
    "Northern Lights",
    "City of Small Wonders",
    "Echoes of Tomorrow",
    "The Last Lighthouse",
    "Signal Lost",
    "Salt and Stone",
];

/// (title, artist).
pub(crate) const SONGS: &[(&str, &str)] = &[
    ("Morning Tide", "The Low Hills"),
    ("Neon Avenue", "Kira Vale"),
    ("Paper Boats", "Sunday Static"),
    ("Glasshouse", "Mara Quinn"),
    ("Slow River", "The Low Hills"),
    ("Afterglow", "Northbound"),
    ("Static Hearts", "Sunday Static"),
    ("Lanterns", "Kira Vale"),
    ("Open Roads", "Northbound"),
    ("Birch & Pine", "Mara Quinn"),
];

pub(crate) const REVIEWS: &[&str] = &[
    "Great atmosphere and friendly staff, will come back.",
    "Good value for money. A bit crowded at lunchtime.",
    "Absolutely loved it, highly recommended!",
    "Decent, but the wait was longer than expected.",
    "Exactly as described and arrived quickly.",
    "Not bad, not great. Service could be better.",
    "One of the best I have tried so far.",
    "Clean, quiet and easy to reach by public transport.",
];

pub(crate) const SENTENCES: &[&str] = &[
    "Thanks for sharing this, really helpful!",
    "Does anyone know where to find the full version?",
    "This made my day.",
    "Tried it last weekend and it worked perfectly.",
    "Can you do a follow-up on this topic?",
    "The part at the end was the best.",
    "I have been looking for this for ages.",
    "Weekend plans: sorted.",
    "Saving this for later.",
    "Great explanation, very clear.",
    "Happy birthday! Hope you have a great day.",
    "See you at the usual place at seven?",
];

pub(crate) const QUESTIONS: &[&str] = &[
    "Is there parking nearby?",
    "Do they take reservations?",
    "Is it wheelchair accessible?",
    "Are dogs allowed inside?",
    "Is it open on public holidays?",
    "Do they have vegan options?",
];

pub(crate) const WORDS: &[&str] = &[
    "Portability",
    "sourdough",
    "monstera",
    "kubernetes",
    "Takeout",
    "zeitgeist",
    "gemütlich",
    "hygge",
    "serendipity",
    "carryout",
    "smörgåsbord",
    "okonomiyaki",
];

pub(crate) const FIRST_NAMES: &[&str] = &[
    "Alex", "Sam", "Jordan", "Maria", "Chen", "Priya", "Lukas", "Amara", "Noah", "Yuki",
];

pub(crate) const LAST_NAMES: &[&str] = &[
    "Garcia", "Müller", "Smith", "Tanaka", "Okafor", "Rossi", "Nguyen", "Dubois", "Kowalski",
];

pub(crate) const SITES: &[&str] = &[
    "en.wikipedia.org",
    "www.bbc.co.uk",
    "github.com",
    "www.nytimes.com",
    "stackoverflow.com",
    "www.seriouseats.com",
    "docs.rs",
    "www.theguardian.com",
    "developer.mozilla.org",
    "www.allrecipes.com",
    "news.ycombinator.com",
    "www.reddit.com",
];
