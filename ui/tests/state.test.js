import { test } from "node:test";
import assert from "node:assert/strict";
import { initialState, reduce, speedOf, etaOf, summarize } from "../state.js";

function row(id, state, extra = {}) {
  return {
    id,
    group: `g${id}`,
    job_id: null,
    state,
    access: "time_based",
    created_at: `2025-03-12T10:0${id}:00Z`,
    started_at: null,
    finished_at: null,
    next_check_at: null,
    retries: 0,
    problem: null,
    window_until: null,
    bytes_done: 0,
    bytes_total: 0,
    export_dir: null,
    start_time: null,
    export_time: null,
    ...extra,
  };
}

const engine = (payload, now = 0) => ({ type: "engine", payload, now });

test("a snapshot replaces the rows, newest first", () => {
  let state = reduce(initialState(), { type: "snapshot", rows: [row(1, "verified"), row(3, "starting"), row(2, "failed")] });
  assert.deepEqual(state.rows.map((r) => r.id), [3, 2, 1]);
  state = reduce(state, { type: "snapshot", rows: [row(2, "verified")] });
  assert.deepEqual(state.rows.map((r) => [r.id, r.state]), [[2, "verified"]]);
});

test("an export event updates its row in place or adds a new one", () => {
  let state = reduce(initialState(), { type: "snapshot", rows: [row(1, "starting")] });
  state = reduce(state, engine({ kind: "export", export: row(1, "in_progress") }));
  assert.deepEqual(state.rows.map((r) => [r.id, r.state]), [[1, "in_progress"]]);
  state = reduce(state, engine({ kind: "export", export: row(4, "starting") }));
  assert.deepEqual(state.rows.map((r) => r.id), [4, 1]);
});

test("rows answered by commands are merged like events", () => {
  let state = reduce(initialState(), { type: "snapshot", rows: [row(1, "failed")] });
  state = reduce(state, { type: "rows", rows: [row(1, "starting"), row(2, "starting")] });
  assert.deepEqual(state.rows.map((r) => [r.id, r.state]), [[2, "starting"], [1, "starting"]]);
});

test("transfer events move the bytes and give a speed and an ETA", () => {
  let state = reduce(initialState(), {
    type: "snapshot",
    rows: [row(1, "downloading", { bytes_total: 10_000_000 })],
  });
  state = reduce(state, engine({ kind: "transfer", id: 1, done: 1_000_000, total: 10_000_000 }, 1000));
  assert.equal(speedOf(state, 1), null, "one sample is no speed");
  state = reduce(state, engine({ kind: "transfer", id: 1, done: 3_000_000, total: 10_000_000 }, 2000));
  assert.equal(state.rows[0].bytes_done, 3_000_000);
  assert.equal(speedOf(state, 1), 2_000_000);
  assert.equal(etaOf(state, 1), 3.5);
});

test("the speed forgets samples older than the window and restarts on a reset", () => {
  let state = reduce(initialState(), { type: "snapshot", rows: [row(1, "downloading", { bytes_total: 100 })] });
  state = reduce(state, engine({ kind: "transfer", id: 1, done: 0, total: 100 }, 0));
  state = reduce(state, engine({ kind: "transfer", id: 1, done: 50, total: 100 }, 1000));
  state = reduce(state, engine({ kind: "transfer", id: 1, done: 60, total: 100 }, 10_000));
  assert.equal(speedOf(state, 1), null, "only the newest sample is inside the window");
  state = reduce(state, engine({ kind: "transfer", id: 1, done: 10, total: 100 }, 11_000));
  assert.equal(state.samples[1].length, 1);
});

test("a transfer event for a row that moved on or is unknown changes nothing", () => {
  const start = reduce(initialState(), { type: "snapshot", rows: [row(1, "verified", { bytes_done: 9, bytes_total: 9 })] });
  assert.equal(reduce(start, engine({ kind: "transfer", id: 1, done: 3, total: 9 }, 5)), start);
  assert.equal(reduce(start, engine({ kind: "transfer", id: 7, done: 3, total: 9 }, 5)), start);
});

test("samples end when the download ends", () => {
  let state = reduce(initialState(), { type: "snapshot", rows: [row(1, "downloading", { bytes_total: 100 })] });
  state = reduce(state, engine({ kind: "transfer", id: 1, done: 10, total: 100 }, 0));
  state = reduce(state, engine({ kind: "export", export: row(1, "verified", { bytes_done: 100, bytes_total: 100 }) }));
  assert.equal(state.samples[1], undefined);
});

function warning(id, code, extra = {}) {
  return { id, export_id: null, grant_id: null, code, message: "", created_at: `2025-03-12T10:0${id}:00Z`, ...extra };
}

test("a warnings snapshot replaces the list, newest first", () => {
  let state = reduce(initialState(), { type: "warnings", warnings: [warning(1, "data_shrank"), warning(3, "grant_expiring"), warning(2, "testing_limit")] });
  assert.deepEqual(state.warnings.map((w) => w.id), [3, 2, 1]);
  state = reduce(state, { type: "warnings", warnings: [warning(2, "testing_limit")] });
  assert.deepEqual(state.warnings.map((w) => w.id), [2]);
  state = reduce(state, { type: "warnings", warnings: [{ id: "x" }, null, warning(4, "reconsent_due")] });
  assert.deepEqual(state.warnings.map((w) => w.id), [4], "malformed entries are left out");
});

test("a warning event adds the warning it carries, once", () => {
  let state = reduce(initialState(), { type: "warnings", warnings: [warning(1, "data_shrank")] });
  const event = { kind: "warning", warning: warning(5, "archive_expiring", { export_id: 8 }) };
  state = reduce(state, engine(event));
  state = reduce(state, engine(event));
  assert.deepEqual(state.warnings.map((w) => [w.id, w.code]), [[5, "archive_expiring"], [1, "data_shrank"]]);
  // The event shape before warnings were kept carries no Warning: nothing to add.
  const old = reduce(state, engine({ kind: "warning", id: 3, code: "archive_expiring", message: "x" }));
  assert.equal(old, state);
});

test("a dismissed warning stays hidden until the core no longer has it", () => {
  let state = reduce(initialState(), { type: "warnings", warnings: [warning(1, "data_shrank"), warning(2, "testing_limit")] });
  state = reduce(state, { type: "dismiss_warning", id: 1 });
  assert.deepEqual(state.warnings.map((w) => w.id), [2]);
  // A snapshot read before the dismissal reached the core still has it.
  state = reduce(state, { type: "warnings", warnings: [warning(1, "data_shrank"), warning(2, "testing_limit")] });
  assert.deepEqual(state.warnings.map((w) => w.id), [2]);
  state = reduce(state, engine({ kind: "warning", warning: warning(1, "data_shrank") }));
  assert.deepEqual(state.warnings.map((w) => w.id), [2]);
  // Once the core dropped it, the id is forgotten.
  state = reduce(state, { type: "warnings", warnings: [warning(2, "testing_limit")] });
  assert.deepEqual(state.dismissed, []);
});

test("a dismissal the core refused shows the warning again with the next snapshot", () => {
  let state = reduce(initialState(), { type: "warnings", warnings: [warning(1, "data_shrank")] });
  state = reduce(state, { type: "dismiss_warning", id: 1 });
  state = reduce(state, { type: "dismiss_failed", id: 1 });
  assert.deepEqual(state.dismissed, []);
  state = reduce(state, { type: "warnings", warnings: [warning(1, "data_shrank")] });
  assert.deepEqual(state.warnings.map((w) => w.id), [1]);
});

test("rows and warnings do not disturb each other", () => {
  let state = reduce(initialState(), { type: "warnings", warnings: [warning(1, "data_shrank", { export_id: 1 })] });
  state = reduce(state, { type: "snapshot", rows: [row(1, "verified")] });
  assert.equal(state.warnings.length, 1);
  state = reduce(state, { type: "warnings", warnings: [] });
  assert.equal(state.rows.length, 1);
});

test("the summary counts states, bytes and the time left", () => {
  let state = reduce(initialState(), {
    type: "snapshot",
    rows: [
      row(1, "verified", { bytes_done: 500, bytes_total: 500 }),
      row(2, "downloading", { bytes_total: 1000 }),
      row(3, "in_progress"),
      row(4, "failed"),
    ],
  });
  let summary = summarize(state);
  assert.equal(summary.total, 4);
  assert.equal(summary.active, 2);
  assert.equal(summary.counts.verified, 1);
  assert.equal(summary.counts.failed, 1);
  assert.equal(summary.counts.cancelled, 0);
  assert.equal(summary.bytesTotal, 1500);
  assert.equal(summary.eta, null, "no speed yet");
  state = reduce(state, engine({ kind: "transfer", id: 2, done: 200, total: 1000 }, 0));
  state = reduce(state, engine({ kind: "transfer", id: 2, done: 400, total: 1000 }, 1000));
  summary = summarize(state);
  assert.equal(summary.bytesDone, 900);
  assert.equal(summary.speed, 200);
  assert.equal(summary.eta, 3);
});

test("a job that carries several groups counts its archives once, downloading and on disk", () => {
  let state = reduce(initialState(), {
    type: "snapshot",
    rows: [
      row(1, "verified", { job_id: "j1", bytes_done: 19_000_000, bytes_total: 19_000_000 }),
      row(2, "verified", { job_id: "j1", bytes_done: 19_000_000, bytes_total: 19_000_000 }),
      row(3, "verified", { job_id: "j1", bytes_done: 19_000_000, bytes_total: 19_000_000 }),
      row(4, "downloading", { job_id: "j2", bytes_done: 0, bytes_total: 1000 }),
      row(5, "downloading", { job_id: "j2", bytes_done: 0, bytes_total: 1000 }),
      row(6, "verified", { bytes_done: 500, bytes_total: 500 }),
    ],
  });
  state = reduce(state, engine({ kind: "transfer", id: 4, done: 100, total: 1000 }, 0));
  state = reduce(state, engine({ kind: "transfer", id: 5, done: 100, total: 1000 }, 0));
  state = reduce(state, engine({ kind: "transfer", id: 4, done: 300, total: 1000 }, 1000));
  state = reduce(state, engine({ kind: "transfer", id: 5, done: 300, total: 1000 }, 1000));
  const summary = summarize(state);
  assert.equal(summary.counts.verified, 4, "every group still counts as verified");
  assert.equal(summary.bytesTotal, 19_000_000 + 1000 + 500);
  assert.equal(summary.bytesDone, 19_000_000 + 300 + 500);
  assert.equal(summary.speed, 200, "one transfer, not two");
  assert.equal(summary.eta, 3.5);
});

test("a row read back mid-download keeps the bytes its transfer events brought", () => {
  let state = reduce(initialState(), { type: "snapshot", rows: [row(1, "downloading")] });
  state = reduce(state, engine({ kind: "transfer", id: 1, done: 6_000_000, total: 10_000_000 }, 1000));
  // The periodic refresh and row events carry the database's bytes, which lag behind.
  state = reduce(state, { type: "snapshot", rows: [row(1, "downloading")] });
  assert.equal(state.rows[0].bytes_done, 6_000_000);
  state = reduce(state, engine({ kind: "export", export: row(1, "downloading") }));
  assert.equal(state.rows[0].bytes_done, 6_000_000);
  assert.equal(state.rows[0].bytes_total, 10_000_000);
  // Once verified, the row's own figures count.
  state = reduce(state, engine({ kind: "export", export: row(1, "verified", { bytes_done: 9, bytes_total: 9 }) }));
  assert.equal(state.rows[0].bytes_done, 9);
});

test("a transfer event neither copies the rows nor changes a row read before", () => {
  let state = reduce(initialState(), {
    type: "snapshot",
    rows: [1, 2, 3].map((id) => row(id, "downloading", { bytes_total: 100 })),
  });
  const rows = state.rows;
  const before = state.rows[2];
  state = reduce(state, engine({ kind: "transfer", id: 1, done: 40, total: 100 }, 0));
  assert.equal(state.rows, rows, "the same array, its row replaced");
  assert.equal(before.bytes_done, 0);
  assert.equal(state.rows.find((r) => r.id === 1).bytes_done, 40);
  // Rows merged later make a new array; transfers find their rows in it too.
  state = reduce(state, { type: "rows", rows: [row(4, "downloading", { bytes_total: 100 })] });
  state = reduce(state, engine({ kind: "transfer", id: 4, done: 7, total: 100 }, 0));
  state = reduce(state, engine({ kind: "transfer", id: 1, done: 60, total: 100 }, 1000));
  assert.deepEqual(state.rows.map((r) => [r.id, r.bytes_done]), [[4, 7], [3, 0], [2, 0], [1, 60]]);
  assert.equal(speedOf(state, 1), 20);
});
