import { test } from "node:test";
import assert from "node:assert/strict";
import { coreNow, withReadTime } from "../app-state.js";

const WALL = Date.parse("2025-03-12T10:00:00Z");

test("the core's clock runs on from its last reading at the core's speed", (t) => {
  t.mock.method(Date, "now", () => WALL + 1000);
  const status = { now: "2025-03-12T12:00:00Z", read_at: WALL, clock_speed: 60 };
  assert.equal(coreNow(status), Date.parse("2025-03-12T12:01:00Z"));
  // Without a speed, the core's clock runs as the wall clock does.
  assert.equal(coreNow({ ...status, clock_speed: undefined }), Date.parse("2025-03-12T12:00:01Z"));
});

test("without a reading of the core's clock, now is the wall clock's", (t) => {
  t.mock.method(Date, "now", () => WALL);
  assert.equal(coreNow(null), WALL);
  assert.equal(coreNow({ now: "not a time", read_at: WALL - 5000 }), WALL);
  assert.equal(coreNow({ now: "2025-03-12T12:00:00Z" }), WALL);
});

test("a status is stamped with when it was read; no status stays none", (t) => {
  t.mock.method(Date, "now", () => WALL);
  const status = { mode: "demo", now: "2025-03-12T12:00:00Z" };
  assert.deepEqual(withReadTime(status), { ...status, read_at: WALL });
  assert.equal(status.read_at, undefined);
  assert.equal(withReadTime(null), null);
});
