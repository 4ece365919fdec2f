// The engine's state as the UI keeps it: ExportRow snapshots and `engine` events folded into the
// rows shown, each download's speed and ETA, the warnings the core keeps, and an overall
// summary. No DOM, no Tauri; every action but `transfer` leaves the state it is given as it was.
import { toMillis } from "./format.js";
import { ENGINE_ACTIVE_STATES, STATES } from "./generated/vocabulary.js";

export { STATES };

/** States in which the row still has work ahead: the engine's, or a consent's first. */
export const ACTIVE_STATES = new Set(["waiting_consent", ...ENGINE_ACTIVE_STATES]);

/** How far back transfer samples count towards the speed. */
export const SPEED_WINDOW_MS = 5000;
/** The shortest stretch of samples a speed is computed from. */
const MIN_SPAN_MS = 500;

export function initialState() {
  // `dismissed`: ids of warnings dismissed here that a snapshot may still carry (one read
  // before the dismissal reached the core); they stay hidden until a snapshot lacks them.
  return { rows: [], samples: {}, warnings: [], dismissed: [] };
}

// Newest first, as `exports()` answers: by creation time, then by id.
function byNewest(a, b) {
  const ta = toMillis(a.created_at);
  const tb = toMillis(b.created_at);
  if (ta !== tb && !Number.isNaN(ta) && !Number.isNaN(tb)) return tb - ta;
  return b.id - a.id;
}

function upsert(rows, row) {
  const old = rows.find((r) => r.id === row.id);
  const next = rows.filter((r) => r.id !== row.id);
  // The database does not keep a download's live progress: a row read back mid-download
  // keeps the bytes the transfer events brought.
  const live = old?.state === "downloading" && row.state === "downloading" && old.bytes_done > row.bytes_done;
  next.push(live ? { ...row, bytes_done: old.bytes_done, bytes_total: old.bytes_total } : row);
  return next.sort(byNewest);
}

// A download's samples survive only while it is downloading.
function keepSamples(samples, row) {
  if (row.state === "downloading" || !(row.id in samples)) return samples;
  const next = { ...samples };
  delete next[row.id];
  return next;
}

function withRows(state, incoming) {
  let rows = state.rows;
  let samples = state.samples;
  for (const row of incoming) {
    rows = upsert(rows, row);
    samples = keepSamples(samples, row);
  }
  return { ...state, rows, samples };
}

function isWarning(warning) {
  return Boolean(warning) && typeof warning.id === "number" && typeof warning.code === "string";
}

// Newest first, as `warnings()` answers.
function byNewestWarning(a, b) {
  const ta = toMillis(a.created_at);
  const tb = toMillis(b.created_at);
  if (ta !== tb && !Number.isNaN(ta) && !Number.isNaN(tb)) return tb - ta;
  return b.id - a.id;
}

function warningsSnapshot(state, list) {
  const incoming = (list ?? []).filter(isWarning);
  const ids = new Set(incoming.map((w) => w.id));
  const dismissed = state.dismissed.filter((id) => ids.has(id));
  const warnings = incoming.filter((w) => !dismissed.includes(w.id)).sort(byNewestWarning);
  return { ...state, warnings, dismissed };
}

function addWarning(state, warning) {
  if (!isWarning(warning) || state.dismissed.includes(warning.id)) return state;
  const warnings = [...state.warnings.filter((w) => w.id !== warning.id), warning].sort(byNewestWarning);
  return { ...state, warnings };
}

// Where each row sits in a rows array, built once per array: transfer events (hundreds a
// second) find their row without a scan. Arrays are never reordered in place, only replaced.
const positions = new WeakMap();

function positionOf(rows, id) {
  let index = positions.get(rows);
  if (!index) {
    index = new Map(rows.map((r, i) => [r.id, i]));
    positions.set(rows, index);
  }
  return index.get(id) ?? -1;
}

// Transfer events arrive up to 10 times a second per download, so this case updates the rows
// array and the samples in place instead of copying them: O(1) per event. The row itself is
// replaced, not changed, so a row object read before stays as it was.
function transfer(state, { id, done, total }, now) {
  const index = positionOf(state.rows, id);
  if (index === -1) return state;
  const row = state.rows[index];
  // A late transfer event must not undo a row that has moved on.
  if (row.state !== "downloading") return state;
  state.rows[index] = { ...row, bytes_done: done, bytes_total: total };
  let list = state.samples[id];
  // Bytes going backwards mean the download restarted; the old samples say nothing now.
  if (!list || (list.length && done < list[list.length - 1].done)) {
    list = [];
    state.samples[id] = list;
  }
  list.push({ at: now, done });
  let old = 0;
  while (old < list.length && now - list[old].at > SPEED_WINDOW_MS) old += 1;
  if (old) list.splice(0, old);
  return { ...state };
}

/**
 * Folds one action into the state:
 * - `{type: "snapshot", rows}`: the answer of `exports()`, replacing every row;
 * - `{type: "rows", rows}`: rows answered by a command (start, check now, retry, cancel);
 * - `{type: "engine", payload, now}`: one `engine` event, `now` in milliseconds;
 * - `{type: "warnings", warnings}`: the answer of `warnings()`, replacing every warning;
 * - `{type: "dismiss_warning", id}`: hides a warning while `dismiss_warning` runs;
 * - `{type: "dismiss_failed", id}`: the core kept it; the next snapshot shows it again.
 */
export function reduce(state, action) {
  switch (action.type) {
    case "snapshot": {
      const ids = new Set(action.rows.map((r) => r.id));
      const samples = Object.fromEntries(
        Object.entries(state.samples).filter(([id]) => ids.has(Number(id))),
      );
      const rows = state.rows.filter((r) => ids.has(r.id));
      return withRows({ ...state, rows, samples }, action.rows);
    }
    case "rows":
      return withRows(state, action.rows);
    case "engine": {
      const event = action.payload;
      if (event?.kind === "export") return withRows(state, [event.export]);
      if (event?.kind === "transfer") return transfer(state, event, action.now);
      if (event?.kind === "warning") return addWarning(state, event.warning);
      return state;
    }
    case "warnings":
      return warningsSnapshot(state, action.warnings);
    case "dismiss_warning":
      return {
        ...state,
        warnings: state.warnings.filter((w) => w.id !== action.id),
        dismissed: state.dismissed.includes(action.id) ? state.dismissed : [...state.dismissed, action.id],
      };
    case "dismiss_failed":
      return { ...state, dismissed: state.dismissed.filter((id) => id !== action.id) };
    default:
      return state;
  }
}

/** Bytes per second of a row's download over the last few seconds, or null when unknown. */
export function speedOf(state, id) {
  const list = state.samples[id];
  if (!list || list.length < 2) return null;
  const first = list[0];
  const last = list[list.length - 1];
  const span = last.at - first.at;
  if (span < MIN_SPAN_MS) return null;
  return ((last.done - first.done) * 1000) / span;
}

/** Seconds until a row's download completes at its current speed, or null when unknown. */
export function etaOf(state, id) {
  const row = state.rows[positionOf(state.rows, id)];
  const speed = speedOf(state, id);
  if (!row || !speed || speed <= 0 || !row.bytes_total) return null;
  return Math.max(0, row.bytes_total - row.bytes_done) / speed;
}

/**
 * The overview above the rows: how many rows are in each state, how many are still active,
 * the bytes downloaded of those known, and the time left for the running downloads (null when
 * some download's speed is not known yet).
 */
export function summarize(state) {
  const counts = Object.fromEntries(STATES.map((s) => [s, 0]));
  let active = 0;
  let bytesDone = 0;
  let bytesTotal = 0;
  let remaining = 0;
  let speed = 0;
  let speedKnown = true;
  let downloading = 0;
  // The rows of one job (groups Google exported together) share its archives, bytes and
  // transfer: counted once, as they are on disk.
  const jobs = new Set();
  for (const row of state.rows) {
    counts[row.state] = (counts[row.state] ?? 0) + 1;
    if (ACTIVE_STATES.has(row.state)) active += 1;
    if (row.job_id) {
      if (jobs.has(row.job_id)) continue;
      jobs.add(row.job_id);
    }
    if (row.state === "downloading" || row.state === "verified") {
      bytesDone += row.bytes_done;
      bytesTotal += row.bytes_total;
    }
    if (row.state === "downloading") {
      downloading += 1;
      remaining += Math.max(0, row.bytes_total - row.bytes_done);
      const s = speedOf(state, row.id);
      if (s && s > 0) speed += s;
      else speedKnown = false;
    }
  }
  const eta = downloading > 0 && speedKnown && speed > 0 ? remaining / speed : null;
  return { total: state.rows.length, counts, active, bytesDone, bytesTotal, speed, eta };
}
