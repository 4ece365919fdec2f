import { test } from "node:test";
import assert from "node:assert/strict";
import {
  archiveTotals,
  filterSections,
  groupsOf,
  libraryExports,
  librarySections,
  changeCounts,
  currentVersion,
  olderVersions,
  storingPercent,
  sectionServices,
  shownEntries,
} from "../library.js";

/** A library entry; `groups` written comma-separated for short. */
function entry(dir, groups, exportTime) {
  return { dir, groups: groups.split(","), export_time: exportTime, files: 1, size: 1 };
}

test("an export of several groups belongs to each of them", () => {
  assert.deepEqual(groupsOf({ groups: ["chrome.history", "myactivity.search"] }), ["chrome.history", "myactivity.search"]);
  assert.deepEqual(groupsOf({ groups: ["maps.reviews"] }), ["maps.reviews"]);
  assert.deepEqual(groupsOf({}), []);
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

const CATALOG = [
  { id: "myactivity.search", service: "myactivity", label: "Search activity", description: "Searches on Google" },
  { id: "youtube.comments", service: "youtube", label: "Comments", description: "Your YouTube comments" },
  { id: "youtube.history", service: "youtube", label: "Watch history", description: "Videos you watched" },
  { id: "maps.reviews", service: "maps", label: "Reviews", description: "Places you reviewed" },
];

test("by export: each export on disk once, newest first, with every group it holds", () => {
  const combined = entry("/b/combined", "youtube.comments,youtube.history,maps.reviews", "2026-12-05T10:00:00Z");
  const single = entry("/b/search", "myactivity.search", "2026-12-04T10:00:00Z");
  const exports = libraryExports([single, combined]);
  assert.deepEqual(
    exports.map((e) => [e.entry.dir, e.groups]),
    [
      ["/b/combined", ["youtube.comments", "youtube.history", "maps.reviews"]],
      ["/b/search", ["myactivity.search"]],
    ],
  );
  // The per-group view lists the combined export under each of its three groups.
  assert.equal(librarySections([single, combined], []).length, 4);
});

test("by kind of data: search and a service filter narrow the groups", () => {
  const sections = librarySections(
    [entry("/b/1", "youtube.comments,youtube.history", "2026-12-05T10:00:00Z"), entry("/b/2", "myactivity.search,maps.reviews", "2026-12-04T10:00:00Z")],
    [],
  );
  const groups = (list) => list.map((s) => s.group).sort();
  assert.deepEqual(groups(filterSections("en", sections, CATALOG, { query: "watch" })), ["youtube.history"]);
  assert.deepEqual(groups(filterSections("en", sections, CATALOG, { service: "youtube" })), ["youtube.comments", "youtube.history"]);
  assert.deepEqual(groups(filterSections("en", sections, CATALOG, { query: "comments", service: "maps" })), []);
  assert.equal(filterSections("en", sections, CATALOG, {}).length, 4);
  assert.deepEqual(sectionServices(sections, CATALOG), ["myactivity", "youtube", "maps"]);
});

test("an export's older versions are the history's full exports of its groups not on disk, newest first", () => {
  const entry = { groups: ["youtube.comments"], start_time: null, export_time: "2026-03-03T06:00:00Z" };
  const version = (id, time, extra = {}) => ({
    id,
    groups: ["youtube.comments"],
    start_time: null,
    export_time: time,
    on_disk: false,
    ...extra,
  });
  const versions = [
    version("a", "2026-03-01T06:00:00Z"),
    version("b", "2026-03-02T06:00:00Z"),
    version("now", "2026-03-03T06:00:00Z", { on_disk: true }),
    version("kept", "2026-02-01T06:00:00Z", { on_disk: true }),
    version("other", "2026-03-01T07:00:00Z", { groups: ["youtube.comments", "maps.reviews"] }),
    version("window", "2026-03-01T08:00:00Z", { start_time: "2026-02-28T08:00:00Z" }),
  ];
  assert.deepEqual(
    olderVersions(versions, entry).map((v) => v.id),
    ["b", "a"],
  );
  assert.deepEqual(olderVersions(null, entry), []);
});

test("the export being stored in the history shows how far it has come, and no other", () => {
  const storing = { path: "/youtube.comments/2026-12-01T08-00-00Z_j1", done: 45, total: 100 };
  const entry = (dir) => ({ dir });
  assert.equal(storingPercent(storing, entry("/home/a/backups/youtube.comments/2026-12-01T08-00-00Z_j1")), 45);
  assert.equal(storingPercent(storing, entry("C:\\b\\youtube.comments\\2026-12-01T08-00-00Z_j1")), 45);
  assert.equal(storingPercent(storing, entry("/home/a/backups/youtube.comments/2026-11-30T08-00-00Z_j0")), null);
  assert.equal(storingPercent(null, entry("/x")), null);
  assert.equal(storingPercent({ ...storing, total: 0 }, entry("/x/youtube.comments/2026-12-01T08-00-00Z_j1")), null);
});

test("an entry's own version is the one on disk in its folder; a comparison's figures", () => {
  const versions = [
    { id: "old", on_disk: false, dir: "/b/g/e0" },
    { id: "mine", on_disk: true, dir: "/b/g/e1" },
    { id: "other", on_disk: true, dir: "/b/h/e1" },
  ];
  assert.equal(currentVersion(versions, { dir: "/b/g/e1" }).id, "mine");
  assert.equal(currentVersion(versions, { dir: "/b/g/e0" }), null, "not on disk");
  assert.equal(currentVersion(null, { dir: "/b/g/e1" }), null);
  const change = { name: "a.json", before: null, after: { size: 1, records: 2 } };
  const diff = { added: [change, change], removed: [], changed: [change], unchanged: 7, records: [10, 14] };
  assert.deepEqual(changeCounts(diff), { added: 2, removed: 0, changed: 1, unchanged: 7, before: 10, after: 14 });
});
