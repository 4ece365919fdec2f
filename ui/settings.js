// Settings as the UI edits them: the preferences the app keeps (src-tauri/IPC.md `Settings`),
// one change at a time, within their limits; and the theme the page shows. Pure: no DOM, no Tauri.
import {
  PARALLEL_DOWNLOADS_MAX,
  PARALLEL_DOWNLOADS_MIN,
  RETENTION_DEFAULT,
  RETENTION_LAST_MIN,
  RETENTION_MAX,
} from "./generated/vocabulary.js";

export const THEMES = ["system", "light", "dark"];
export const PARALLEL_MIN = PARALLEL_DOWNLOADS_MIN;
export const PARALLEL_MAX = PARALLEL_DOWNLOADS_MAX;

export const DEFAULT_SETTINGS = {
  backup_dir: null,
  parallel_downloads: 3,
  keep_in_tray: null,
  start_at_login: false,
  language: null,
  theme: "system",
  history: true,
  history_dir: null,
  history_server: null,
  retention: RETENTION_DEFAULT,
};

/** What Settings says of the place chosen for the history, by what it holds (IPC.md
 * `ChosenPlace.repository`). */
export const REPOSITORY_TEXT = {
  new: "settingsHistoryNew",
  opens: "settingsHistoryOpens",
  needs_password: "settingsHistoryNeedsPassword",
};

/** What the history keeps of each group, in the order Settings shows the counts. */
export const RETENTION_KEYS = ["last", "daily", "weekly", "monthly"];

/** A count the history keeps, within its limits; what is not a number is the default. */
function retentionCount(key, value) {
  const n = Math.round(Number(value));
  if (value === "" || value === null || !Number.isFinite(n)) return RETENTION_DEFAULT[key];
  return Math.min(RETENTION_MAX, Math.max(key === "last" ? RETENTION_LAST_MIN : 0, n));
}

/** `settings` with `key` set to `value`, kept within limits (what the app would keep). */
export function withChange(settings, key, value) {
  const next = { ...DEFAULT_SETTINGS, ...settings, [key]: value };
  const parallel = Math.round(Number(next.parallel_downloads));
  next.parallel_downloads = Number.isFinite(parallel)
    ? Math.min(PARALLEL_MAX, Math.max(PARALLEL_MIN, parallel))
    : DEFAULT_SETTINGS.parallel_downloads;
  if (!THEMES.includes(next.theme)) next.theme = "system";
  if (next.language === "") next.language = null;
  const retention = { ...RETENTION_DEFAULT, ...next.retention };
  next.retention = Object.fromEntries(RETENTION_KEYS.map((k) => [k, retentionCount(k, retention[k])]));
  return next;
}

/** The `data-theme` of the page: "light" or "dark" when chosen, null to follow the system. */
export function themeAttribute(theme) {
  return theme === "light" || theme === "dark" ? theme : null;
}
