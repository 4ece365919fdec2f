import { test } from "node:test";
import assert from "node:assert/strict";
import { canAdd, parseEveryDays, schedulableGroups, unscheduled } from "../schedules.js";

const grants = [
  { id: "a", state: "active", resources: { "maps.reviews": "one_time" } },
  { id: "b", state: "active", resources: { "chrome.history": "time_based", "youtube.comments": "time_based" } },
  { id: "c", state: "expired", resources: { "myactivity.search": "time_based" } },
  { id: "d", state: "active", resources: { "chrome.history": "time_based" } },
];

test("only groups an active time-based sign-in covers can be scheduled, each once", () => {
  assert.deepEqual(schedulableGroups(grants), ["chrome.history", "youtube.comments"]);
  assert.deepEqual(schedulableGroups(null), []);
});

test("groups a schedule holds are not offered again", () => {
  const schedules = [{ id: 1, groups: ["chrome.history"], every_days: 1 }];
  assert.deepEqual(unscheduled(["chrome.history", "youtube.comments"], schedules), ["youtube.comments"]);
});

test("the repeat is a whole number of days from 1 to the core's limit, a year", () => {
  assert.equal(parseEveryDays("7"), 7);
  assert.equal(parseEveryDays(" 1 "), 1);
  assert.equal(parseEveryDays("365"), 365);
  for (const bad of ["0", "366", "1.5", "-2", "", "week", null]) assert.equal(parseEveryDays(bad), null, bad);
});

test("a schedule needs ticked groups and a valid repeat", () => {
  assert.equal(canAdd(new Set(["chrome.history"]), "3"), true);
  assert.equal(canAdd(new Set(), "3"), false);
  assert.equal(canAdd(new Set(["chrome.history"]), "0"), false);
});
