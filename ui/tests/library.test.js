import { test } from "node:test";
import assert from "node:assert/strict";
import { archiveTotals, groupsOf, librarySections, shownEntries } from "../library.js";

function entry(dir, group, exportTime) {
  return { dir, group, export_time: exportTime, files: 1, size: 1 };
}

test("an export of several groups belongs to each of them", () => {
  assert.deepEqual(groupsOf({ group: "chrome.history,myactivity.search" }), ["chrome.history", "myactivity.search"]);
  assert.deepEqual(groupsOf({ group: "maps.reviews" }), ["maps.reviews"]);
  assert.deepEqual(groupsOf({ group: "" }), []);
});

test("sections put the group with the newest export first, and its exports newest first", () => {
  const entries = [
    entry("/a/2024", "myactivity.maps", "2024-06-01T00:00:00Z"),
    entry("/both", "chrome.history,myactivity.maps", "2025-02-01T00:00:00Z"),
    entry("/a/2025", "myactivity.maps", "2025-03-01T00:00:00Z"),
    entry("/c", "chrome.history", "2025-01-01T00:00:00Z"),
  ];
  const coverage = [
    { group: "myactivity.maps", windows: [], gaps: [] },
    { group: "youtube.channel", windows: [], gaps: [] },
  ];
  const sections = librarySections(entries, coverage);
  assert.deepEqual(
    sections.map((s) => [s.group, s.entries.map((e) => e.dir), Boolean(s.coverage)]),
    [
      ["myactivity.maps", ["/a/2025", "/both", "/a/2024"], true],
      ["chrome.history", ["/both", "/c"], false],
      ["youtube.channel", [], true],
    ],
  );
  assert.deepEqual(librarySections(null, null), []);
});

test("an archive sums its entries, and long lists are cut until all are asked for", () => {
  const listing = { archive: "a.zip", entries: [{ name: "x", size: 10, records: 2 }, { name: "y", size: 5, records: null }] };
  assert.deepEqual(archiveTotals(listing), { count: 2, size: 15 });
  assert.deepEqual(archiveTotals({ archive: "empty.zip", entries: [] }), { count: 0, size: 0 });
  const many = Array.from({ length: 5 }, (_, i) => ({ name: String(i), size: 1, records: null }));
  assert.deepEqual(shownEntries(many, 3, false).hidden, 2);
  assert.equal(shownEntries(many, 3, false).shown.length, 3);
  assert.deepEqual(shownEntries(many, 3, true), { shown: many, hidden: 0 });
  assert.deepEqual(shownEntries(many, 5, false), { shown: many, hidden: 0 });
});
