// What the next frame has to draw. Transfer events arrive hundreds a second while downloads
// run; each only moves one row's bytes, speed and ETA and the summary's totals. They are
// gathered here and drawn once a frame, touching only the rows they moved; anything else
// asks for the whole redraw, which covers the transfers too. Pure: no DOM, no Tauri.
import { describeRow, summaryText } from "./rows.js";
import { summarize } from "./state.js";

/** Collects redraw requests between two frames; `take()` hands them over and starts afresh. */
export function createFrameQueue() {
  let full = false;
  let ids = new Set();
  return {
    /** Everything is to be drawn again. */
    all() {
      full = true;
    },
    /** Only the bytes of the row `id` moved. */
    transfer(id) {
      if (!full) ids.add(id);
    },
    /** `{full: true}` or `{full: false, ids}` (the rows moved, in the order first asked). */
    take() {
      const work = full ? { full: true, ids: [] } : { full: false, ids: [...ids] };
      full = false;
      ids = new Set();
      return work;
    },
  };
}

/**
 * What the moved rows and the summary say now: `rows` holds `{id, group, lines, progress}` for each
 * of `ids` still downloading (a row that moved on was redrawn whole by the event that moved
 * it), `summary` the summary's text as `summaryText` gives it.
 */
export function transferPatch(language, state, ids, now, timeZone) {
  const wanted = new Set(ids);
  const rows = [];
  for (const row of state.rows) {
    if (!wanted.has(row.id) || row.state !== "downloading") continue;
    const view = describeRow(language, row, state, now, timeZone);
    rows.push({ id: row.id, group: row.group, lines: view.lines, progress: view.progress });
  }
  return { rows, summary: summaryText(language, summarize(state)) };
}
