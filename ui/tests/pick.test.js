import { test } from "node:test";
import assert from "node:assert/strict";
import {
  byService,
  matches,
  filterGroups,
  selectionState,
  setAll,
  toggle,
  marksFor,
} from "../pick.js";

const groups = [
  { id: "myactivity.search", service: "myactivity", label: "Search activity", description: "The searches you made on Google", time_filter: true },
  { id: "myactivity.youtube", service: "myactivity", label: "YouTube activity", description: "Your YouTube watch history", time_filter: true },
  { id: "youtube.comments", service: "youtube", label: "Comments", description: "The comments you wrote on videos", time_filter: false },
  { id: "youtube.channel", service: "youtube", label: "Channel", description: "Your channel's details", time_filter: false },
  { id: "chrome.bookmarks", service: "chrome", label: "Bookmarks", description: "Your Chrome bookmarks", time_filter: false },
];

test("groups are gathered under their service in catalog order", () => {
  const sections = byService(groups);
  assert.deepEqual(sections.map((s) => s.service), ["myactivity", "youtube", "chrome"]);
  assert.deepEqual(sections[1].groups.map((g) => g.id), ["youtube.comments", "youtube.channel"]);
});

test("search looks at labels in both languages, services, ids and descriptions", () => {
  const ids = (lang, q) => filterGroups(lang, groups, q).map((g) => g.id);
  assert.deepEqual(ids("en", ""), groups.map((g) => g.id));
  assert.deepEqual(ids("en", "  "), groups.map((g) => g.id));
  assert.deepEqual(ids("en", "comm"), ["youtube.comments"]);
  assert.deepEqual(ids("en", "BOOKMARK"), ["chrome.bookmarks"]);
  assert.deepEqual(ids("en", "youtube"), ["myactivity.youtube", "youtube.comments", "youtube.channel"]);
  assert.deepEqual(ids("en", "youtube channel"), ["youtube.channel"]);
  assert.deepEqual(ids("en", "留言"), ["youtube.comments"], "Chinese label while English is shown");
  assert.deepEqual(ids("zh-TW", "書籤"), ["chrome.bookmarks"]);
  assert.deepEqual(ids("zh-TW", "我的活動"), ["myactivity.search", "myactivity.youtube"]);
  assert.deepEqual(ids("en", "watch history"), ["myactivity.youtube"]);
  assert.deepEqual(ids("en", "nothing like this"), []);
  assert.equal(matches("en", groups[0], "myactivity.search"), true);
});

test("select all per service ticks and unticks only that service's groups", () => {
  const youtube = byService(groups)[1].groups;
  let selected = new Set(["chrome.bookmarks"]);
  assert.equal(selectionState(selected, youtube), "none");
  selected = toggle(selected, "youtube.comments");
  assert.equal(selectionState(selected, youtube), "some");
  selected = setAll(selected, youtube, true);
  assert.equal(selectionState(selected, youtube), "all");
  assert.deepEqual([...selected].sort(), ["chrome.bookmarks", "youtube.channel", "youtube.comments"]);
  selected = setAll(selected, youtube, false);
  assert.deepEqual([...selected], ["chrome.bookmarks"]);
  assert.equal(selectionState(selected, []), "none");
});

test("selection changes return new sets", () => {
  const before = new Set(["a"]);
  const after = toggle(before, "a");
  assert.equal(before.has("a"), true);
  assert.equal(after.has("a"), false);
});

const plan = {
  ready: ["myactivity.search"],
  consent: ["youtube.comments", "youtube.channel"],
  blocked: [
    { group: "chrome.bookmarks", code: "one_time_used", until: null },
    { group: "myactivity.youtube", code: "window", until: "2025-03-13T10:00:00Z" },
  ],
};

test("marks show incremental support and what the plan says", () => {
  const kinds = (g, p) => marksFor(g, p).map((m) => m.kind);
  assert.deepEqual(kinds(groups[0], null), ["incremental"]);
  assert.deepEqual(kinds(groups[0], plan), ["incremental", "covered"]);
  assert.deepEqual(marksFor(groups[1], plan), [
    { kind: "incremental" },
    { kind: "window", until: "2025-03-13T10:00:00Z" },
  ]);
  assert.deepEqual(kinds(groups[2], plan), ["consent"]);
  assert.deepEqual(kinds(groups[4], plan), ["one_time_used"]);
  assert.deepEqual(kinds(groups[4], { ready: [], consent: [], blocked: [] }), []);
});
