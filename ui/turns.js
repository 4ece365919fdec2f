// The days ahead when sign-ins share Google's 24-hour window: which groups start when, and
// why, from the times the engine promised each waiting export. Pure: no DOM, no Tauri.
import { t } from "./i18n.js";
import { formatRelative, formatTime, toMillis } from "./format.js";
import { grantName } from "./grants.js";

/**
 * The turns ahead, in time order: one per promised start time (a sign-in's turn), each
 * `{at, groups}`, from the rows waiting for the window. Rows without a promised time are left
 * out (the engine has not planned them yet).
 */
export function windowTurns(rows) {
  const turns = new Map();
  for (const row of rows ?? []) {
    if (row.state !== "waiting_window" || !row.window_until) continue;
    const at = toMillis(row.window_until);
    if (Number.isNaN(at)) continue;
    if (!turns.has(at)) turns.set(at, { at: row.window_until, groups: [] });
    turns.get(at).groups.push(row.group);
  }
  return [...turns].sort((a, b) => a[0] - b[0]).map(([, turn]) => turn);
}

/**
 * The plan as the Exports view says it, or null when nothing waits for a turn: a `headline`
 * (how many more days), a `reason` (why they take turns), and one line per turn with what it
 * holds, named by its services (`catalog`: the catalog's groups).
 */
export function turnsText(language, rows, catalog, now, timeZone) {
  const turns = windowTurns(rows);
  if (!turns.length) return null;
  const last = turns[turns.length - 1];
  return {
    headline: t(language, "turnsHeadline", {
      count: turns.length,
      in: formatRelative(language, last.at, now),
    }),
    reason: t(language, "turnsReason"),
    turns: turns.map((turn) => ({
      at: turn.at,
      groups: turn.groups,
      text: t(language, "turnLine", {
        time: formatTime(language, turn.at, timeZone),
        name: grantName(language, { resources: Object.fromEntries(turn.groups.map((g) => [g, true])) }, catalog) ?? "",
        count: turn.groups.length,
      }),
    })),
  };
}

/**
 * Why a waiting export's start time moved, when the engine moved it: "later" or "sooner" than
 * it first promised, else null.
 */
export function moved(row) {
  if (row?.state !== "waiting_window") return null;
  if (row.problem?.code === "window_later") return "later";
  if (row.problem?.code === "window_sooner") return "sooner";
  return null;
}
