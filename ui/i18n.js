// UI strings in English and Traditional Chinese.
const strings = {
  en: {
    tagline: "Back up your own Google data.",
    language: "Language",
    groupsHeading: "What you can back up",
    groupCount: (n) => `${n} kinds of data, grouped by Google service.`,
    loadFailed: "Could not load the list of data kinds.",
    services: {
      myactivity: "My Activity", search: "Google Search", youtube: "YouTube",
      maps: "Google Maps", mymaps: "My Maps", streetview: "Street View", chrome: "Chrome",
      play: "Google Play", shopping: "Google Shopping", discover: "Discover", saved: "Saved",
      alerts: "Google Alerts", order_reserve: "Food orders & reservations", nest: "Nest",
      pixel: "Pixel",
    },
  },
  "zh-TW": {
    tagline: "備份你自己的 Google 資料。",
    language: "語言",
    groupsHeading: "可以備份的資料",
    groupCount: (n) => `共 ${n} 種資料，依 Google 服務分類。`,
    loadFailed: "無法載入資料種類清單。",
    services: {
      myactivity: "我的活動", search: "Google 搜尋", youtube: "YouTube",
      maps: "Google 地圖", mymaps: "我的地圖", streetview: "街景服務", chrome: "Chrome",
      play: "Google Play", shopping: "Google 購物", discover: "探索", saved: "已儲存",
      alerts: "Google 快訊", order_reserve: "餐點訂購與訂位", nest: "Nest",
      pixel: "Pixel",
    },
  },
};

export function pickLanguage(saved, browserLanguages) {
  const wanted = [saved, ...browserLanguages].filter(Boolean);
  for (const tag of wanted) {
    if (strings[tag]) return tag;
    if (/^zh-(TW|HK|Hant)/i.test(tag)) return "zh-TW";
    if (/^en/i.test(tag)) return "en";
  }
  return "en";
}

export function serviceName(language, code) {
  return strings[language].services[code] ?? code;
}

export function t(language, key, ...args) {
  const value = strings[language][key];
  return typeof value === "function" ? value(...args) : value;
}
