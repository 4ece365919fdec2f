import { test } from "node:test";
import assert from "node:assert/strict";
import { describeTimeline, fitShares, layoutTimeline, stretches, GAP_MIN_SHARE, MIN_SHARE, OPEN_MS } from "../timeline.js";

const DAY = 86_400_000;
const T = (day) => new Date(Date.UTC(2025, 0, 1) + day * DAY).toISOString();
const ms = (day) => Date.UTC(2025, 0, 1) + day * DAY;

const close = (a, b, message) => assert.ok(Math.abs(a - b) < 1e-9, `${message ?? ""} ${a} ≠ ${b}`);
const sum = (list) => list.reduce((a, b) => a + b, 0);

test("windows and gaps come out in time order, with the time since the last backup", () => {
  const coverage = {
    group: "myactivity.maps",
    windows: [{ start: T(40), end: T(60) }, { start: null, end: T(10) }],
    gaps: [{ start: T(10), end: T(40) }],
  };
  assert.deepEqual(stretches(coverage, ms(70)), [
    { kind: "window", start: null, end: ms(10) },
    { kind: "gap", start: ms(10), end: ms(40) },
    { kind: "window", start: ms(40), end: ms(60) },
    { kind: "after", start: ms(60), end: ms(70) },
  ]);
});

test("overlapping windows join, windows win over gaps, and unlisted holes are gaps", () => {
  const coverage = {
    group: "g",
    windows: [{ start: T(0), end: T(10) }, { start: T(5), end: T(20) }, { start: T(30), end: T(40) }],
    // This gap overlaps a window on both sides; 25–30 is nowhere in the list.
    gaps: [{ start: T(15), end: T(25) }],
  };
  assert.deepEqual(stretches(coverage, ms(40)), [
    { kind: "window", start: ms(0), end: ms(20) },
    { kind: "gap", start: ms(20), end: ms(25) },
    { kind: "gap", start: ms(25), end: ms(30), inferred: true },
    { kind: "window", start: ms(30), end: ms(40) },
  ]);
});

test("a gap from the beginning of history starts with null; an empty or broken coverage is empty", () => {
  const list = stretches({ group: "g", windows: [{ start: T(10), end: T(12) }], gaps: [{ start: null, end: T(10) }] }, ms(12));
  assert.deepEqual(list.map((s) => [s.kind, s.start]), [["gap", null], ["window", ms(10)]]);
  assert.deepEqual(stretches({ group: "g", windows: [], gaps: [] }, ms(1)), []);
  assert.deepEqual(stretches(null, ms(1)), []);
  assert.deepEqual(stretches({ windows: [{ start: T(5), end: T(2) }, { start: "soon", end: "never" }] }, ms(9)), []);
});

test("less than an hour after the last backup is not drawn", () => {
  const coverage = { group: "g", windows: [{ start: T(0), end: T(1) }], gaps: [] };
  assert.equal(stretches(coverage, ms(1) + 30 * 60_000).length, 1);
  assert.equal(stretches(coverage, ms(1) + 2 * 3_600_000).at(-1).kind, "after");
});

test("the bar is proportional to time; the beginning of history counts as 180 days", () => {
  assert.equal(OPEN_MS, 180 * DAY);
  const layout = layoutTimeline(
    { group: "g", windows: [{ start: null, end: T(10) }, { start: T(40), end: T(100) }], gaps: [{ start: T(10), end: T(40) }] },
    ms(100),
  );
  assert.equal(layout.from, null);
  assert.equal(layout.to, ms(100));
  assert.equal(layout.gaps, 1);
  const [first, gap, last] = layout.segments;
  // 180 notional days, then 90 dated ones: 270 in all.
  close(first.offset, 0);
  close(first.width, 180 / 270);
  close(gap.width, 30 / 270);
  close(last.width, 60 / 270);
  close(gap.offset, first.width);
  close(last.offset + last.width, 1);
});

test("a full-history export dwarfs the hours since it", () => {
  const layout = layoutTimeline({ group: "g", windows: [{ start: null, end: T(10) }], gaps: [] }, ms(11));
  const [window, after] = layout.segments;
  assert.equal(after.kind, "after");
  close(after.width, MIN_SHARE);
  close(window.width, 1 - MIN_SHARE);
});

test("a dated coverage uses the whole bar and starts at its first date", () => {
  const layout = layoutTimeline({ group: "g", windows: [{ start: T(0), end: T(30) }, { start: T(60), end: T(90) }], gaps: [] }, ms(90));
  assert.equal(layout.from, ms(0));
  assert.deepEqual(layout.segments.map((s) => s.kind), ["window", "gap", "window"]);
  for (const s of layout.segments) close(s.width, 1 / 3);
});

test("a short gap in a long history still gets a visible share", () => {
  const layout = layoutTimeline(
    { group: "g", windows: [{ start: T(0), end: T(3650) }, { start: T(3650.1), end: T(3700) }], gaps: [] },
    ms(3700),
  );
  const gap = layout.segments.find((s) => s.kind === "gap");
  close(gap.width, GAP_MIN_SHARE);
  close(sum(layout.segments.map((s) => s.width)), 1);
});

test("shares sum to one, keep their proportions above the minimum, and survive odd input", () => {
  const shares = fitShares([0.001, 0.5, 0.499], 0.05);
  close(sum(shares), 1);
  close(shares[0], 0.05);
  close(shares[1] / shares[2], 0.5 / 0.499);
  // Raising one may push another under the minimum: both end at the minimum.
  const cascade = fitShares([0.01, 0.052, 0.938], 0.05);
  close(cascade[0], 0.05);
  close(cascade[1], 0.05);
  close(cascade[2], 0.9);
  assert.deepEqual(fitShares([], 0.1), []);
  assert.deepEqual(fitShares([0, 0], 0.1), [0.5, 0.5]);
  assert.deepEqual(fitShares([1, 2, 3], 0.5), [1 / 3, 1 / 3, 1 / 3], "no room for the minimum: equal shares");
  const each = fitShares([0.001, 0.001, 0.998], [0.04, 0.02, 0.02]);
  close(each[0], 0.04);
  close(each[1], 0.02);
  close(each[2], 0.94);
});

test("a coverage at one instant does not divide by zero", () => {
  const layout = layoutTimeline({ group: "g", windows: [{ start: null, end: T(5) }], gaps: [] }, ms(5));
  assert.equal(layout.segments.length, 1);
  close(layout.segments[0].width, 1);
  assert.ok(layout.segments.every((s) => Number.isFinite(s.offset) && Number.isFinite(s.width)));
});

test("the bar in words lists every window and gap with its dates", () => {
  const layout = layoutTimeline(
    { group: "g", windows: [{ start: null, end: T(10) }, { start: T(40), end: T(60) }], gaps: [{ start: T(10), end: T(40) }] },
    ms(70),
  );
  const en = describeTimeline("en", layout, "UTC");
  assert.deepEqual(en.items, [
    { kind: "window", text: "Backed up: everything until 11 Jan 2025" },
    { kind: "gap", text: "Gap, in no backup: 11 Jan 2025 – 10 Feb 2025" },
    { kind: "window", text: "Backed up: 10 Feb 2025 – 2 Mar 2025" },
    { kind: "after", text: "Newer than the last backup: since 2 Mar 2025" },
  ]);
  assert.equal(en.summary, "1 gap: the striped part is in no backup.");
  assert.equal(en.from, "From the beginning");
  assert.equal(en.to, "Today");
  const zh = describeTimeline("zh-TW", layout, "UTC");
  assert.equal(zh.items[1].text, "缺口，沒有任何備份：2025年1月11日 至 2025年2月10日");
  assert.equal(zh.summary, "1 個缺口：斜線部分沒有任何備份。");
});

test("without gaps the summary says so; a gap from the beginning says everything before", () => {
  const none = describeTimeline("en", layoutTimeline({ group: "g", windows: [{ start: T(0), end: T(5) }], gaps: [] }, ms(5)), "UTC");
  assert.equal(none.summary, "No gaps between your backups.");
  assert.equal(none.from, "1 Jan 2025");
  assert.equal(none.to, "6 Jan 2025");
  const open = describeTimeline(
    "en",
    layoutTimeline({ group: "g", windows: [{ start: T(5), end: T(6) }], gaps: [{ start: null, end: T(5) }] }, ms(6)),
    "UTC",
  );
  assert.equal(open.items[0].text, "Gap, in no backup: everything before 6 Jan 2025");
  assert.equal(describeTimeline("en", layoutTimeline({ group: "g", windows: [], gaps: [] }, ms(0))).summary, "No verified backup covers this yet.");
});
