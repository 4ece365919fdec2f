// The warnings the core keeps until they are dismissed: how loud each is, what it says and
// where the person acts on it, and which library entries carry a data-loss alarm.
// Pure: no DOM, no Tauri.
import { t } from "./i18n.js";
import { formatTime, toMillis } from "./format.js";
import { grantName } from "./grants.js";
import { WARNING_CODES } from "./generated/vocabulary.js";

export { WARNING_CODES };

// Data is lost or about to be: these are alarms. Sign-ins ending are a warning; the rest is
// information.
const TONES = {
  archive_expiring: "alarm",
  data_shrank: "alarm",
  library_changed: "alarm",
  engine_stopped: "alarm",
  grant_expiring: "warn",
  reconsent_due: "warn",
  history_made: "warn",
  history_not_kept: "warn",
  testing_limit: "calm",
  window_per_client: "calm",
};

// The view where the person does what the warning asks.
const TARGETS = {
  archive_expiring: "exports",
  data_shrank: "library",
  library_changed: "library",
  engine_stopped: "exports",
  grant_expiring: "access",
  reconsent_due: "access",
  testing_limit: "access",
  history_not_kept: "library",
};

// Notes about every sign-in at once: one is shown whatever number of sign-ins said it (older
// versions kept one per sign-in), and dismissing it dismisses them all.
const ONCE = new Set(["window_per_client"]);

// Notes that matter only where their subject is on screen: the window explains start days.
const SHOWN_ON = {
  window_per_client: ["pick", "exports"],
};

// Warnings whose `message` names files: it is shown under the translated text.
const DETAILED = new Set(["data_shrank", "library_changed"]);

/** "alarm" (loud), "warn" or "calm"; a code not in the contract is a "warn". */
export function toneOf(code) {
  return TONES[code] ?? "warn";
}

/** The view ("exports", "library", "access") where a warning is acted on, or null. */
export function targetOf(code) {
  return TARGETS[code] ?? null;
}

/** Loud ones first; within a tone, newest first. */
export function orderWarnings(warnings) {
  const rank = { alarm: 0, warn: 1, calm: 2 };
  return [...warnings].sort(
    (a, b) =>
      rank[toneOf(a.code)] - rank[toneOf(b.code)] ||
      toMillis(b.created_at) - toMillis(a.created_at) ||
      b.id - a.id,
  );
}

/**
 * The warnings to show on `view`, ordered: each `{warning, ids}`, where `ids` are every kept
 * warning it stands for (what a dismiss dismisses).
 */
export function warningsFor(warnings, view) {
  const shown = [];
  const once = new Map();
  for (const warning of orderWarnings(warnings)) {
    const views = SHOWN_ON[warning.code];
    if (views && !views.includes(view)) continue;
    if (ONCE.has(warning.code)) {
      const first = once.get(warning.code);
      if (first) {
        first.ids.push(warning.id);
        continue;
      }
    }
    const entry = { warning, ids: [warning.id] };
    if (ONCE.has(warning.code)) once.set(warning.code, entry);
    shown.push(entry);
  }
  return shown;
}

/**
 * A warning's text for `code`: `group` names the export's data, `grant` the sign-in; each
 * falls back to a neutral phrase. Unknown codes get a generic text.
 */
export function warningText(language, code, { group = null, grant = null } = {}) {
  const known = WARNING_CODES.includes(code) ? code : "unknown";
  return t(language, `warning.${known}`, {
    group: group ?? t(language, "someExport"),
    grant: grant ?? t(language, "someGrant"),
  });
}

/** "the sign-in for YouTube and Maps", or by its time when it holds no group of `catalog`. */
function grantNamed(language, grant, catalog, timeZone) {
  const name = grantName(language, grant, catalog);
  return name
    ? t(language, "grantNamed", { name })
    : t(language, "grantNamedTime", { time: formatTime(language, grant.created_at, timeZone) });
}

/**
 * A warning as the UI shows it: {id, code, tone, text, detail, target, time}. `context` gives
 * `rows` (ExportRow[]), `grants` (Grant[] or null), `catalog` (the catalog's groups) and
 * `groupName(id)` to name what the warning concerns; `detail` is the core's `message` where it names files (and for codes
 * this UI does not know), else null.
 */
export function describeWarning(language, warning, context = {}) {
  const { rows = [], grants = null, catalog = [], groupName = (id) => id, timeZone } = context;
  const row = warning.export_id == null ? null : rows.find((r) => r.id === warning.export_id);
  const grant = warning.grant_id == null ? null : (grants ?? []).find((g) => g.id === warning.grant_id);
  const text = warningText(language, warning.code, {
    group: row ? groupName(row.group) : null,
    grant: grant ? grantNamed(language, grant, catalog, timeZone) : null,
  });
  const known = WARNING_CODES.includes(warning.code);
  const detail = (DETAILED.has(warning.code) || !known) && warning.message ? warning.message : null;
  return {
    id: warning.id,
    code: warning.code,
    tone: toneOf(warning.code),
    text,
    detail,
    target: targetOf(warning.code),
    time: warning.created_at ?? null,
  };
}

/**
 * The library's alarms: export folder → the warnings about the export stored there. A warning
 * reaches a folder through its `export_id`, the ExportRow with that id, and its `export_dir`.
 * `codes` are the warnings that count (by default the data-loss ones).
 */
export function alarmsByDir(warnings, rows, codes = ["data_shrank", "library_changed"]) {
  const dirs = new Map(rows.filter((r) => r.export_dir).map((r) => [r.id, r.export_dir]));
  const out = new Map();
  for (const warning of warnings) {
    if (!codes.includes(warning.code) || warning.export_id == null) continue;
    const dir = dirs.get(warning.export_id);
    if (!dir) continue;
    if (!out.has(dir)) out.set(dir, []);
    out.get(dir).push(warning);
  }
  return out;
}
