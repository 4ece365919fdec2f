import { test } from "node:test";
import assert from "node:assert/strict";
import { createFrameQueue, transferPatch } from "../frames.js";
import { describeRow, summaryText } from "../rows.js";
import { initialState, reduce, summarize } from "../state.js";

const NOW = Date.parse("2025-03-12T10:00:00Z");

function row(id, state, extra = {}) {
  return {
    id, group: `myactivity.g${id}`, job_id: "j", state, access: "time_based",
    created_at: `2025-03-10T09:0${id}:00Z`, started_at: null, finished_at: null,
    next_check_at: null, retries: 0, problem: null, window_until: null,
    bytes_done: 0, bytes_total: 0, export_dir: null, start_time: null, export_time: null,
    ...extra,
  };
}

const transfer = (state, id, done, now) =>
  reduce(state, { type: "engine", now, payload: { kind: "transfer", id, done, total: 1000 } });

test("a frame's transfers are gathered once each, in the order they came", () => {
  const frames = createFrameQueue();
  for (const id of [3, 1, 3, 2, 1]) frames.transfer(id);
  assert.deepEqual(frames.take(), { full: false, ids: [3, 1, 2] });
  assert.deepEqual(frames.take(), { full: false, ids: [] }, "taken work is gone");
});

test("a whole redraw covers the frame's transfers, before or after it was asked", () => {
  const frames = createFrameQueue();
  frames.transfer(1);
  frames.all();
  frames.transfer(2);
  assert.deepEqual(frames.take(), { full: true, ids: [] });
  frames.transfer(4);
  assert.deepEqual(frames.take(), { full: false, ids: [4] }, "the next frame starts afresh");
});

test("the patch says of the moved rows what the whole row would, and the summary", () => {
  let state = reduce(initialState(), {
    type: "snapshot",
    rows: [
      row(1, "downloading", { bytes_total: 1000 }),
      row(2, "downloading", { bytes_total: 1000 }),
      row(3, "verified", { bytes_done: 500, bytes_total: 500 }),
    ],
  });
  state = transfer(state, 1, 100, 0);
  state = transfer(state, 2, 100, 0);
  state = transfer(state, 1, 300, 1000);
  const patch = transferPatch("en", state, [1], NOW);
  const whole = describeRow("en", state.rows.find((r) => r.id === 1), state, NOW);
  assert.deepEqual(patch.rows, [
    { id: 1, group: "myactivity.g1", lines: whole.lines, progress: { value: 300, max: 1000 } },
  ]);
  assert.match(patch.rows[0].lines[0], /^300 B of 1 KB · 200 B\/s/);
  assert.deepEqual(patch.summary, summaryText("en", summarize(state)));
});

test("a row that moved on is left to the whole redraw its event asked for", () => {
  let state = reduce(initialState(), { type: "snapshot", rows: [row(1, "downloading", { bytes_total: 1000 })] });
  state = transfer(state, 1, 100, 0);
  state = reduce(state, { type: "engine", payload: { kind: "export", export: row(1, "verified", { bytes_done: 1000, bytes_total: 1000 }) } });
  assert.deepEqual(transferPatch("en", state, [1, 9], NOW).rows, []);
});
