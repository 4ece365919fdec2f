import { test } from "node:test";
import assert from "node:assert/strict";
import { describeRow, summaryText, windowText } from "../rows.js";
import { initialState, reduce, summarize } from "../state.js";

const NOW = Date.parse("2025-03-12T10:00:00Z");

function row(state, extra = {}) {
  return {
    id: 1, group: "myactivity.search", job_id: "j", state, access: "one_time",
    created_at: "2025-03-10T09:00:00Z", started_at: null, finished_at: null,
    next_check_at: null, retries: 0, problem: null, window_until: null,
    bytes_done: 0, bytes_total: 0, export_dir: null, start_time: null, export_time: null,
    ...extra,
  };
}

test("a job running for days reads calm, with the next check and Check now", () => {
  const view = describeRow("en", row("in_progress", {
    started_at: "2025-03-10T10:00:00Z",
    next_check_at: "2025-03-12T10:42:00Z",
  }), null, NOW);
  assert.equal(view.status, "Being prepared");
  assert.deepEqual(view.lines, [
    "Google is preparing this export; large exports can take days.",
    "Started 2 days ago. Next check in 42 min.",
  ]);
  assert.deepEqual(view.actions, ["check-now"]);
});

test("only time-based jobs in progress can be cancelled", () => {
  const view = describeRow("en", row("in_progress", { access: "time_based" }), null, NOW);
  assert.deepEqual(view.actions, ["check-now", "cancel"]);
  const due = describeRow("zh-TW", row("in_progress", { next_check_at: "2025-03-12T09:59:00Z" }), null, NOW);
  assert.match(due.lines[1], /正在檢查/);
});

test("a download shows a bar, bytes, speed and time left", () => {
  let state = reduce(initialState(), {
    type: "snapshot",
    rows: [row("downloading", { bytes_total: 3_000_000_000 })],
  });
  state = reduce(state, { type: "engine", now: 0, payload: { kind: "transfer", id: 1, done: 1_000_000_000, total: 3_000_000_000 } });
  state = reduce(state, { type: "engine", now: 1000, payload: { kind: "transfer", id: 1, done: 1_020_000_000, total: 3_000_000_000 } });
  const view = describeRow("en", state.rows[0], state, NOW);
  assert.deepEqual(view.progress, { value: 1_020_000_000, max: 3_000_000_000 });
  assert.equal(view.lines[0], "1 GB of 3 GB · 20 MB/s · about 2 min left");
  assert.equal(
    describeRow("en", row("downloading"), null, NOW).lines[0],
    "Starting the download…",
  );
});

test("verified rows say when, how big and what window, and open their folder", () => {
  const view = describeRow("en", row("verified", {
    finished_at: "2025-03-12T08:00:00Z", bytes_done: 12_000_000, bytes_total: 12_000_000,
    export_dir: "/b/myactivity.search/x", start_time: "2025-03-01T00:00:00Z", export_time: "2025-03-12T07:00:00Z",
  }), null, NOW, "UTC");
  assert.deepEqual(view.lines, ["Verified 2 h ago · 12 MB.", "Covers 1 Mar 2025 – 12 Mar 2025."]);
  assert.deepEqual(view.actions, ["open-folder"]);
  assert.equal(windowText("en", null, "2025-03-12T07:00:00Z"), "Full history");
  assert.equal(windowText("en", null, null), "");
});

test("failed rows give the reason, the tries so far, and Retry", () => {
  const view = describeRow("en", row("failed", { retries: 3, problem: { code: "failed", message: "internal" } }), null, NOW);
  assert.deepEqual(view.lines, ["Google could not prepare this export.", "Tried 3 times."]);
  assert.deepEqual(view.actions, ["retry"]);
  const zh = describeRow("zh-TW", row("failed", { retries: 1, problem: { code: "download", message: "crc" } }), null, NOW);
  assert.deepEqual(zh.lines, ["無法下載或驗證封存檔。重試會再抓取一次。", "已嘗試 1 次。"]);
});

test("waiting rows say when they start; blocked rows say why; no buttons", () => {
  const waiting = describeRow("en", row("waiting_window", { window_until: "2025-03-12T13:00:00Z" }), null, NOW, "UTC");
  assert.match(waiting.lines[0], /starts by itself in 3 h \(12 Mar 2025, 13:00\)/);
  assert.deepEqual(waiting.actions, []);
  const blocked = describeRow("en", row("blocked", { problem: { code: "one_time_used", message: "" } }), null, NOW);
  assert.match(blocked.lines[0], /needs a reset/);
  assert.equal(blocked.status, "Blocked");
  for (const state of ["waiting_consent", "starting", "cancelled"]) {
    const view = describeRow("zh-TW", row(state), null, NOW);
    assert.equal(view.lines.length, 1, state);
    assert.match(view.lines[0], /[\u4e00-\u9fff]/, state);
  }
});

test("the summary names what is under way and the bytes", () => {
  assert.equal(summaryText("en", summarize(initialState())).headline, "Nothing is running.");
  const state = reduce(initialState(), {
    type: "snapshot",
    rows: [
      row("verified", { id: 1, job_id: "j1", bytes_done: 1_000_000, bytes_total: 1_000_000 }),
      row("in_progress", { id: 2, job_id: "j2" }),
      row("downloading", { id: 3, job_id: "j3", bytes_done: 500_000, bytes_total: 2_000_000 }),
    ],
  });
  const text = summaryText("en", summarize(state));
  assert.equal(text.headline, "2 exports under way.");
  assert.equal(text.lines[0], "1.5 MB of 3 MB downloaded");
  assert.match(text.lines[1], /can take days/);
  assert.deepEqual(text.chips.map((c) => [c.state, c.count]), [["in_progress", 1], ["downloading", 1], ["verified", 1]]);
  const done = reduce(initialState(), { type: "snapshot", rows: [row("verified")] });
  assert.equal(summaryText("zh-TW", summarize(done)).headline, "1 項匯出作業已完成。");
});
