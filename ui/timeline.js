// A group's coverage as a horizontal bar: which stretches of time verified exports hold, the
// gaps between them, and the time since the last one; where each stretch sits on the bar; and
// the sentences that say the same in words. Pure: no DOM, no Tauri.
import { t } from "./i18n.js";
import { formatDate, toMillis } from "./format.js";

/** A window or gap with `start: null` reaches back to the beginning of history, which has no
 * date: it is drawn as if it began this long before the first date on the bar. So a
 * full-history export dwarfs the hours since it, and recent windows and gaps keep room. */
export const OPEN_MS = 180 * 24 * 60 * 60 * 1000;
/** The smallest share a stretch gets, so an hour in years of history stays visible; gaps get
 * more, since they are what the bar is for. */
export const MIN_SHARE = 0.02;
export const GAP_MIN_SHARE = 0.04;
/** Time after the last backup shorter than this is not drawn as its own stretch. */
export const AFTER_MIN_MS = 60 * 60 * 1000;

// A stretch's start: null ("the beginning") sorts and compares as -Infinity.
function startOf(stretch) {
  return stretch.start === null || stretch.start === undefined ? -Infinity : toMillis(stretch.start);
}

function read(list) {
  return (list ?? [])
    .map((s) => ({ start: startOf(s), end: toMillis(s.end) }))
    .filter((s) => !Number.isNaN(s.start) && Number.isFinite(s.end) && s.start < s.end);
}

/** Sorted, with overlapping and touching stretches joined. */
function union(list) {
  const sorted = [...list].sort((a, b) => a.start - b.start || a.end - b.end);
  const out = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

/** `list` with every stretch of `cut` (sorted, disjoint) taken out. */
function subtract(list, cut) {
  const out = [];
  for (const s of list) {
    let pieces = [s];
    for (const c of cut) {
      pieces = pieces.flatMap((p) => {
        if (c.end <= p.start || c.start >= p.end) return [p];
        const left = c.start > p.start ? [{ start: p.start, end: c.start }] : [];
        const right = c.end < p.end ? [{ start: c.end, end: p.end }] : [];
        return [...left, ...right];
      });
    }
    out.push(...pieces);
  }
  return out;
}

/**
 * A Coverage ({group, windows, gaps}) as stretches in time order, each
 * {kind: "window"|"gap"|"after", start: ms|null, end: ms}: start null is the beginning of
 * history. Windows win where the two overlap; time between stretches that no window holds is
 * a gap (marked `inferred`); "after" is the time from the last stretch to `now`.
 */
export function stretches(coverage, now) {
  const windows = union(read(coverage?.windows));
  const gaps = union(subtract(read(coverage?.gaps), windows));
  const all = [
    ...windows.map((s) => ({ kind: "window", ...s })),
    ...gaps.map((s) => ({ kind: "gap", ...s })),
  ].sort((a, b) => a.start - b.start);
  const out = [];
  for (const s of all) {
    const last = out[out.length - 1];
    if (last && s.start > last.end) out.push({ kind: "gap", start: last.end, end: s.start, inferred: true });
    out.push(s);
  }
  const last = out[out.length - 1];
  const nowMs = toMillis(now);
  if (last && Number.isFinite(nowMs) && nowMs - last.end >= AFTER_MIN_MS) {
    out.push({ kind: "after", start: last.end, end: nowMs });
  }
  return out.map((s) => ({ ...s, start: s.start === -Infinity ? null : s.start }));
}

/** Shares that sum to 1, none below its minimum (`min`: one for all, or one each; when
 * there is room for them), in proportion to `raw` otherwise. */
export function fitShares(raw, min = MIN_SHARE) {
  const n = raw.length;
  if (n === 0) return [];
  const mins = raw.map((_, i) => (Array.isArray(min) ? min[i] ?? 0 : min));
  if (mins.reduce((a, b) => a + b, 0) >= 1) return raw.map(() => 1 / n);
  const total = raw.reduce((a, b) => a + Math.max(0, b), 0);
  let shares = raw.map((r) => (total > 0 ? Math.max(0, r) / total : 1 / n));
  const fixed = new Set();
  // Raising the small ones shrinks the rest, which may push another under its minimum.
  for (let round = 0; round < n; round += 1) {
    const under = shares.map((s, i) => i).filter((i) => !fixed.has(i) && shares[i] < mins[i]);
    if (under.length === 0) break;
    for (const i of under) fixed.add(i);
    const free = 1 - [...fixed].reduce((a, i) => a + mins[i], 0);
    const rest = shares.reduce((a, s, i) => (fixed.has(i) ? a : a + s), 0);
    const left = n - fixed.size;
    shares = shares.map((s, i) => (fixed.has(i) ? mins[i] : rest > 0 ? (s / rest) * free : free / left));
  }
  return shares;
}

/**
 * The bar for a Coverage at `now` (ms or time): `from` (ms, or null for the beginning of
 * history), `to` (ms), `gaps` (how many), and `segments` — the stretches of `stretches()`
 * with `offset` and `width`, shares of the bar's length from its left end. Lengths follow
 * time; an open start counts as `open` ms before the first date.
 */
export function layoutTimeline(
  coverage,
  now,
  { open: openMs = OPEN_MS, min = MIN_SHARE, gapMin = GAP_MIN_SHARE } = {},
) {
  const list = stretches(coverage, now);
  if (list.length === 0) return { from: null, to: null, gaps: 0, segments: [] };
  const open = list[0].start === null;
  const first = open ? list[0].end - openMs : list[0].start;
  const to = list[list.length - 1].end;
  const span = to - first;
  const raw = list.map((s) => {
    const start = s.start === null ? first : s.start;
    return span > 0 ? (s.end - start) / span : 1 / list.length;
  });
  const widths = fitShares(raw, list.map((s) => (s.kind === "gap" ? gapMin : min)));
  let offset = 0;
  const segments = list.map((s, i) => {
    const segment = { ...s, offset, width: widths[i] };
    offset += widths[i];
    return segment;
  });
  return {
    from: open ? null : first,
    to,
    gaps: list.filter((s) => s.kind === "gap").length,
    segments,
  };
}

const KEYS = {
  window: ["tlWindow", "tlWindowFromStart"],
  gap: ["tlGap", "tlGapFromStart"],
  after: ["tlAfter", "tlAfter"],
};

/**
 * The bar in words, for the list under it and for screen readers: `items` ({kind, text}, in
 * time order), `summary` (the gaps, or that there are none) and the bar's two ends.
 */
export function describeTimeline(language, layout, timeZone) {
  const date = (ms) => formatDate(language, ms, timeZone);
  const items = layout.segments.map((s) => {
    const [dated, open] = KEYS[s.kind];
    const text =
      s.start === null
        ? t(language, open, { end: date(s.end) })
        : t(language, dated, { start: date(s.start), end: date(s.end) });
    return { kind: s.kind, text };
  });
  const from = layout.from === null ? t(language, "tlBeginning") : date(layout.from);
  const to = layout.segments.at(-1)?.kind === "after" ? t(language, "tlToday") : date(layout.to);
  const summary = layout.segments.length
    ? layout.gaps > 0
      ? t(language, "tlGaps", { count: layout.gaps })
      : t(language, "tlNoGaps")
    : t(language, "tlNone");
  return { items, summary, from, to };
}
