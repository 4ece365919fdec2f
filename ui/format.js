// Sizes, durations, relative and absolute times, speeds — in the reader's language.
import { t } from "./i18n.js";

const numberFormats = new Map();
function number(language, value, fractionDigits) {
  const key = `${language}/${fractionDigits}`;
  if (!numberFormats.has(key)) {
    numberFormats.set(
      key,
      new Intl.NumberFormat(language, { maximumFractionDigits: fractionDigits }),
    );
  }
  return numberFormats.get(key).format(value);
}

const SIZE_UNITS = ["B", "KB", "MB", "GB", "TB", "PB"];

/** Bytes in decimal units as file managers show them: 999 B, 1.5 KB, 12 MB, 3.4 GB. */
export function formatBytes(language, bytes) {
  let value = Math.max(0, Number(bytes) || 0);
  let unit = 0;
  while (value >= 1000 && unit < SIZE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  // One decimal below 10 (1.5 GB), none above (12 MB); bytes are whole.
  let digits = unit === 0 || value >= 10 ? 0 : 1;
  if (digits === 1 && Math.round(value * 10) / 10 >= 10) digits = 0;
  if (digits === 0 && Math.round(value) >= 1000 && unit < SIZE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
    digits = 1;
  }
  return `${number(language, value, digits)} ${SIZE_UNITS[unit]}`;
}

/** A transfer speed, e.g. "12 MB/s" or "每秒 12 MB". */
export function formatSpeed(language, bytesPerSecond) {
  return t(language, "descSpeed", { speed: formatBytes(language, bytesPerSecond) });
}

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;

/**
 * A length of time in at most two units, rounded to the smaller one:
 * 12 s, 42 min, 3 h 5 min, 2 days 4 h.
 */
export function formatDuration(language, seconds) {
  const s = Math.max(0, Math.round(Number(seconds) || 0));
  const unit = (key, count) => t(language, key, { count });
  const join = (a, b) => t(language, "durationJoin", { a, b });
  if (s < MINUTE) return unit("unitSecond", s);
  if (s < HOUR) return unit("unitMinute", Math.max(1, Math.round(s / MINUTE)));
  if (s < DAY) {
    const minutes = Math.round(s / MINUTE);
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    if (h >= 24) return unit("unitDay", 1);
    return m === 0 ? unit("unitHour", h) : join(unit("unitHour", h), unit("unitMinute", m));
  }
  const hours = Math.round(s / HOUR);
  const d = Math.floor(hours / 24);
  const h = hours % 24;
  return h === 0 ? unit("unitDay", d) : join(unit("unitDay", d), unit("unitHour", h));
}

/** Milliseconds since the epoch of an RFC 3339 time, a Date or a number; NaN when absent. */
export function toMillis(time) {
  if (time === null || time === undefined || time === "") return NaN;
  if (typeof time === "number") return time;
  if (time instanceof Date) return time.getTime();
  return Date.parse(time);
}

/** "in 42 min", "3 h ago", "just now", "any moment now". `now` in milliseconds. */
export function formatRelative(language, time, now) {
  const diff = (toMillis(time) - toMillis(now)) / 1000;
  if (Number.isNaN(diff)) return "";
  if (Math.abs(diff) < 45) return t(language, diff > 0 ? "relSoon" : "relNow");
  const duration = formatDuration(language, Math.abs(diff));
  return t(language, diff > 0 ? "relIn" : "relAgo", { duration });
}

// The people who can use the API live in Europe: English dates are written the British way.
const DATE_LOCALES = { en: "en-GB", "zh-TW": "zh-TW" };

const dateFormats = new Map();
function dateFormat(language, options) {
  const key = `${language}/${JSON.stringify(options)}`;
  if (!dateFormats.has(key)) {
    dateFormats.set(key, new Intl.DateTimeFormat(DATE_LOCALES[language] ?? language, options));
  }
  return dateFormats.get(key);
}

/** A date and time, e.g. "12 Mar 2025, 14:05"; `timeZone` for tests, else the system's. */
export function formatTime(language, time, timeZone) {
  const ms = toMillis(time);
  if (Number.isNaN(ms)) return "";
  return dateFormat(language, { dateStyle: "medium", timeStyle: "short", timeZone }).format(ms);
}

/** A date only, for the windows an export covers. */
export function formatDate(language, time, timeZone) {
  const ms = toMillis(time);
  if (Number.isNaN(ms)) return "";
  return dateFormat(language, { dateStyle: "medium", timeZone }).format(ms);
}
