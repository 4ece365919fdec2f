import { test } from "node:test";
import assert from "node:assert/strict";
import {
  formatBytes,
  formatDuration,
  formatRelative,
  formatSpeed,
  formatTime,
  formatDate,
  toMillis,
} from "../format.js";

test("sizes use decimal units with one decimal below ten", () => {
  assert.equal(formatBytes("en", 0), "0 B");
  assert.equal(formatBytes("en", 999), "999 B");
  assert.equal(formatBytes("en", 1500), "1.5 KB");
  assert.equal(formatBytes("en", 12_345_678), "12 MB");
  assert.equal(formatBytes("en", 3_400_000_000), "3.4 GB");
  assert.equal(formatBytes("en", 999_960), "1 MB");
  assert.equal(formatBytes("en", 9_960_000), "10 MB");
  assert.equal(formatBytes("en", 2e15), "2 PB");
  assert.equal(formatBytes("en", -5), "0 B");
  assert.equal(formatBytes("zh-TW", 1_500_000), "1.5 MB");
});

test("speeds read naturally in each language", () => {
  assert.equal(formatSpeed("en", 12_000_000), "12 MB/s");
  assert.equal(formatSpeed("zh-TW", 12_000_000), "每秒 12 MB");
});

test("durations show at most two units", () => {
  assert.equal(formatDuration("en", 12), "12 s");
  assert.equal(formatDuration("en", 59.4), "59 s");
  assert.equal(formatDuration("en", 60), "1 min");
  assert.equal(formatDuration("en", 42 * 60 + 10), "42 min");
  assert.equal(formatDuration("en", 3 * 3600 + 5 * 60), "3 h 5 min");
  assert.equal(formatDuration("en", 3 * 3600), "3 h");
  assert.equal(formatDuration("en", 86399), "1 day");
  assert.equal(formatDuration("en", 86400), "1 day");
  assert.equal(formatDuration("en", 2 * 86400 + 4 * 3600), "2 days 4 h");
  assert.equal(formatDuration("zh-TW", 2 * 86400 + 4 * 3600), "2 天 4 小時");
  assert.equal(formatDuration("zh-TW", 42 * 60), "42 分鐘");
});

test("relative times say in or ago, and soften the last seconds", () => {
  const now = Date.parse("2025-03-12T10:00:00Z");
  assert.equal(formatRelative("en", "2025-03-12T10:12:00Z", now), "in 12 min");
  assert.equal(formatRelative("en", "2025-03-12T07:00:00Z", now), "3 h ago");
  assert.equal(formatRelative("en", "2025-03-12T10:00:20Z", now), "any moment now");
  assert.equal(formatRelative("en", "2025-03-12T09:59:50Z", now), "just now");
  assert.equal(formatRelative("zh-TW", "2025-03-12T10:42:00Z", now), "42 分鐘後");
  assert.equal(formatRelative("zh-TW", "2025-03-10T10:00:00Z", now), "2 天前");
  assert.equal(formatRelative("en", null, now), "");
});

test("absolute times follow the language and the time zone", () => {
  const time = "2025-03-12T14:05:00Z";
  const en = formatTime("en", time, "UTC");
  assert.match(en, /12 Mar 2025/);
  assert.match(en, /14:05/);
  assert.match(formatTime("zh-TW", time, "UTC"), /2025年3月12日/);
  assert.match(formatTime("en", time, "Asia/Taipei"), /22:05/);
  assert.equal(formatDate("en", time, "UTC"), "12 Mar 2025");
  assert.equal(formatTime("en", null), "");
});

test("times are read from RFC 3339 strings, dates and numbers", () => {
  assert.equal(toMillis("1970-01-01T00:00:01Z"), 1000);
  assert.equal(toMillis(new Date(5)), 5);
  assert.equal(toMillis(7), 7);
  assert.ok(Number.isNaN(toMillis(null)));
});
