import { test } from "node:test";
import assert from "node:assert/strict";
import { moved, turnsText, windowTurns } from "../turns.js";
import { describeRow } from "../rows.js";

const NOW = "2026-12-04T16:45:00Z";
const DAY2 = "2026-12-05T16:46:00Z";
const DAY3 = "2026-12-06T16:47:00Z";
const CATALOG = [
  { id: "myactivity.search", service: "myactivity" },
  { id: "youtube.history", service: "youtube" },
  { id: "youtube.comments", service: "youtube" },
  { id: "maps.reviews", service: "maps" },
];
const waiting = (id, group, until, code = "window") => ({
  id,
  group,
  state: "waiting_window",
  window_until: until,
  problem: { code, message: "…" },
});

test("the turns ahead are the engine's promised times, each with its groups, in time order", () => {
  const rows = [
    waiting(3, "maps.reviews", DAY3),
    waiting(1, "youtube.history", DAY2),
    { id: 4, group: "myactivity.search", state: "verified" },
    waiting(2, "youtube.comments", DAY2),
    { id: 5, group: "maps.reviews", state: "waiting_window", window_until: null },
  ];
  assert.deepEqual(windowTurns(rows), [
    { at: DAY2, groups: ["youtube.history", "youtube.comments"] },
    { at: DAY3, groups: ["maps.reviews"] },
  ]);
  assert.deepEqual(windowTurns([]), []);
});

test("the plan says how many days, why, and what each turn holds, in both languages", () => {
  const rows = [waiting(1, "youtube.history", DAY2), waiting(2, "youtube.comments", DAY2), waiting(3, "maps.reviews", DAY3)];
  const en = turnsText("en", rows, CATALOG, NOW, "UTC");
  assert.match(en.headline, /^2 more days: the last of this backup starts by itself in 2 days/);
  assert.match(en.reason, /take turns/);
  assert.equal(en.turns.length, 2);
  assert.equal(en.turns[0].text, "5 Dec 2026, 16:46 — YouTube: 2 kinds of data");
  assert.equal(en.turns[1].text, "6 Dec 2026, 16:47 — Google Maps: 1 kind of data");
  const zh = turnsText("zh-TW", rows, CATALOG, NOW, "UTC");
  assert.match(zh.headline, /^還需要 2 天/);
  assert.match(zh.turns[0].text, /YouTube，2 種資料$/);
  assert.equal(turnsText("en", [{ id: 1, group: "maps.reviews", state: "verified" }], CATALOG, NOW), null);
});

test("a waiting export whose time moved says which way and why", () => {
  assert.equal(moved(waiting(1, "maps.reviews", DAY2)), null);
  assert.equal(moved(waiting(1, "maps.reviews", DAY2, "window_later")), "later");
  assert.equal(moved(waiting(1, "maps.reviews", DAY2, "window_sooner")), "sooner");
  const later = describeRow("en", waiting(1, "maps.reviews", DAY3, "window_later"), null, NOW, "UTC");
  assert.match(later.lines.join(" "), /Later than first planned: .*goes first/);
  const sooner = describeRow("zh-TW", waiting(1, "maps.reviews", DAY2, "window_sooner"), null, NOW, "UTC");
  assert.match(sooner.lines.join(" "), /比原先預定的早/);
  const kept = describeRow("en", waiting(1, "maps.reviews", DAY2), null, NOW, "UTC");
  assert.equal(kept.lines.length, 1);
});
