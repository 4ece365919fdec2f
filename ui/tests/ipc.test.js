// ipc.js against a stand-in for Tauri's core: the exact command names and arguments of
// src-tauri/IPC.md, and the adaptation of their answers.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import * as ipc from "../ipc.js";

let calls = [];
let answers = {};

class Channel {
  onmessage = null;
}

beforeEach(() => {
  calls = [];
  answers = {};
  globalThis.window = {
    __TAURI__: {
      core: {
        Channel,
        async invoke(command, args) {
          calls.push([command, args]);
          const answer = answers[command];
          return typeof answer === "function" ? answer(args) : answer;
        },
      },
    },
  };
});

const grant = (extra = {}) => ({
  id: "g1",
  resources: { "myactivity.search": "time_based" },
  created_at: "2025-03-01T00:00:00Z",
  refresh_expires_at: "2025-08-28T00:00:00Z",
  state: "active",
  testing: false,
  renewable_from: "2025-05-30T00:00:00Z",
  ...extra,
});

test("the new commands are called by their contract names with camelCase arguments", async () => {
  answers = {
    check_grant: grant(),
    coverage: [],
    export_contents: [],
    cancel_contents: null,
    warnings: [],
  };
  await ipc.openRenewal("g1");
  assert.deepEqual(await ipc.checkGrant("g1"), grant());
  await ipc.coverage();
  await ipc.exportContents("/b/x", false);
  await ipc.exportContents("/b/x", true);
  await ipc.cancelContents("/b/x");
  await ipc.warnings();
  await ipc.dismissWarning(7);
  answers.reset_access = { revoked: [], lost: [] };
  await ipc.resetAccess(true);
  await ipc.resetAccess();
  assert.deepEqual(calls, [
    ["open_renewal", { id: "g1" }],
    ["check_grant", { id: "g1" }],
    ["coverage", undefined],
    ["export_contents", { dir: "/b/x", records: false }],
    ["export_contents", { dir: "/b/x", records: true }],
    ["cancel_contents", { dir: "/b/x" }],
    ["warnings", undefined],
    ["dismiss_warning", { id: 7 }],
    ["reset_access", { force: true }],
    ["reset_access", { force: false }],
  ]);
});

test("consent again runs like a sign-in: progress through a Channel, the same report", async () => {
  const seen = [];
  answers.reconsent = ({ onEvent }) => {
    onEvent.onmessage({ kind: "consent", batch: 1, batches: 1 });
    onEvent.onmessage({ kind: "open_link", url: "https://accounts.example/o", reason: "no browser" });
    return { granted: ["youtube.comments"], not_granted: [], grants: [grant({ resources: { "youtube.comments": "time_based" }, testing: true })] };
  };
  const report = await ipc.reconsent("g4", (event) => seen.push(event.kind));
  assert.equal(calls[0][0], "reconsent");
  assert.equal(calls[0][1].id, "g4");
  assert.ok(calls[0][1].onEvent instanceof Channel);
  assert.deepEqual(seen, ["consent", "open_link"]);
  assert.deepEqual(report, {
    granted: ["youtube.comments"],
    not_granted: [],
    access: "time_based",
    expires_at: "2025-08-28T00:00:00Z",
  });
});

test("a backup is one call: consent progress through a Channel, its consent read like a sign-in", async () => {
  const seen = [];
  const row = { id: 1, group: "myactivity.search", state: "starting" };
  answers.backup = ({ onEvent }) => {
    onEvent.onmessage({ kind: "consent", batch: 1, batches: 1 });
    return {
      consent: { granted: [], not_granted: ["maps.reviews"], grants: [] },
      consent_error: null,
      started: [row],
      need_consent: ["maps.reviews"],
      need_reset: [],
      waiting_window: [],
    };
  };
  const answer = await ipc.backup(["myactivity.search", "maps.reviews"], (event) => seen.push(event.kind));
  assert.equal(calls[0][0], "backup");
  assert.deepEqual(calls[0][1].groups, ["myactivity.search", "maps.reviews"]);
  assert.deepEqual(seen, ["consent"]);
  // A consent that created no grant reports no access.
  assert.deepEqual(answer.consent, { granted: [], not_granted: ["maps.reviews"], access: null, expires_at: null });
  assert.deepEqual(answer.started, [row]);
  assert.deepEqual(answer.need_consent, ["maps.reviews"]);
  answers.backup = { consent: null, consent_error: null, started: [], need_consent: [], need_reset: ["chrome.bookmarks"], waiting_window: [] };
  assert.equal((await ipc.backup(["chrome.bookmarks"], () => {})).consent, null);
});

test("a reset that would lose exports rejects with the groups, always as a list", async () => {
  answers.reset_access = () => {
    throw { code: "reset_would_lose", message: "not on disk", groups: ["chrome.history"] };
  };
  await assert.rejects(ipc.resetAccess(false), { code: "reset_would_lose", groups: ["chrome.history"] });
  answers.reset_access = () => {
    throw { code: "reset_would_lose", message: "not on disk" };
  };
  await assert.rejects(ipc.resetAccess(false), { code: "reset_would_lose", groups: [] });
  answers.reset_access = () => {
    throw { code: "network", message: "down" };
  };
  await assert.rejects(ipc.resetAccess(false), (error) => error.code === "network" && !("groups" in error));
});

test("library entries and verify reports are adapted for the views", async () => {
  answers.library = [
    { dir: "/b/x", group: "g", job_id: "j", access_type: "unspecified", size: 3, app_version: "0.1.0", files: [{ name: "a" }, { name: "b" }] },
  ];
  const [entry] = await ipc.library();
  assert.equal(entry.files, 2);
  assert.equal(entry.access, null);
  answers.verify_export = ({ onProgress }) => {
    onProgress.onmessage({ kind: "verify", done: 1, total: 2 });
    return {
      ok: 1,
      changed: 1,
      missing: 0,
      files: [
        { export: "/b/x", name: "a.zip", status: "ok" },
        { export: "/b/x", name: "b.zip", status: "changed" },
      ],
    };
  };
  const progress = [];
  const report = await ipc.verifyExport("/b/x", (p) => progress.push(p.done));
  assert.deepEqual(report, { ok: 1, changed: ["b.zip"], missing: [] });
  assert.deepEqual(progress, [1]);
});

test("without Tauri every command rejects with an internal error", async () => {
  globalThis.window = {};
  assert.throws(() => ipc.warnings(), { code: "internal" });
});

test("schedules, pause and settings use the commands and arguments of IPC.md", async () => {
  await ipc.schedules();
  await ipc.addSchedule(["chrome.history"], 7);
  await ipc.removeSchedule(3);
  await ipc.runNow();
  await ipc.setPaused(1);
  await ipc.settings();
  await ipc.saveSettings({ theme: "dark" });
  await ipc.answerClose(0);
  assert.deepEqual(calls, [
    ["schedules", undefined],
    ["add_schedule", { groups: ["chrome.history"], everyDays: 7 }],
    ["remove_schedule", { id: 3 }],
    ["run_now", undefined],
    ["set_paused", { paused: true }],
    ["settings", undefined],
    ["save_settings", { settings: { theme: "dark" } }],
    ["answer_close", { keepInTray: false }],
  ]);
});
