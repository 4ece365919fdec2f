// The Library view's logic: library entries gathered per group (an export of several groups
// belongs to each), each group's coverage, and what an export's archive listing sums up to.
// Pure: no DOM, no Tauri.
import { toMillis } from "./format.js";

/** The groups an entry holds: `group` is one id, or several separated by commas. */
export function groupsOf(entry) {
  return String(entry.group ?? "")
    .split(",")
    .map((g) => g.trim())
    .filter(Boolean);
}

/**
 * Sections of the Library: [{group, entries, coverage}], newest export first within a group,
 * and the group with the newest export first. A group with coverage but no entry on disk
 * still gets its section (after the others).
 */
export function librarySections(entries, coverage) {
  const sorted = [...(entries ?? [])].sort((a, b) => {
    const ta = toMillis(a.export_time);
    const tb = toMillis(b.export_time);
    return (Number.isNaN(tb) ? -Infinity : tb) - (Number.isNaN(ta) ? -Infinity : ta);
  });
  const byGroup = new Map();
  for (const entry of sorted) {
    for (const group of groupsOf(entry)) {
      if (!byGroup.has(group)) byGroup.set(group, []);
      byGroup.get(group).push(entry);
    }
  }
  const covered = new Map((coverage ?? []).map((c) => [c.group, c]));
  for (const group of covered.keys()) if (!byGroup.has(group)) byGroup.set(group, []);
  return [...byGroup].map(([group, list]) => ({ group, entries: list, coverage: covered.get(group) ?? null }));
}

/** An archive's entry count and the sum of its entries' sizes. */
export function archiveTotals(listing) {
  const entries = listing?.entries ?? [];
  return { count: entries.length, size: entries.reduce((sum, e) => sum + (Number(e.size) || 0), 0) };
}

/** The entries to draw: the first `limit` unless all are asked for, and how many are left. */
export function shownEntries(entries, limit, all) {
  const list = entries ?? [];
  if (all || list.length <= limit) return { shown: list, hidden: 0 };
  return { shown: list.slice(0, limit), hidden: list.length - limit };
}
