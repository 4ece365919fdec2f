// The Library view's logic: library entries gathered per group (an export of several groups
// belongs to each), each group's coverage, and what an export's archive listing sums up to.
// Pure: no DOM, no Tauri.
import { toMillis } from "./format.js";
import { filterGroups } from "./pick.js";

/** The groups an entry holds (its receipt's `groups`). */
export function groupsOf(entry) {
  return Array.isArray(entry.groups) ? entry.groups : [];
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

/** The exports on disk, newest first, each with the groups it holds. */
export function libraryExports(entries) {
  return [...(entries ?? [])]
    .sort((a, b) => timeOf(b) - timeOf(a))
    .map((entry) => ({ entry, groups: groupsOf(entry) }));
}

const timeOf = (entry) => {
  const ms = toMillis(entry.export_time);
  return Number.isNaN(ms) ? -Infinity : ms;
};

/**
 * The sections whose group the search finds (its name, description or service, in
 * `language`) and that belong to `service` ("" for any). `catalog`: the catalog's groups.
 */
export function filterSections(language, sections, catalog, { query = "", service = "" } = {}) {
  const found = new Set(filterGroups(language, catalog ?? [], query).map((g) => g.id));
  const serviceOf = new Map((catalog ?? []).map((g) => [g.id, g.service]));
  return sections.filter(({ group }) => {
    if (service && serviceOf.get(group) !== service) return false;
    return !query.trim() || found.has(group);
  });
}

/** The services the sections' groups belong to, in catalog order, each once. */
export function sectionServices(sections, catalog) {
  const present = new Set(sections.map((s) => s.group));
  const services = [];
  for (const group of catalog ?? []) {
    if (present.has(group.id) && !services.includes(group.service)) services.push(group.service);
  }
  return services;
}

const sameGroups = (a, b) => a.length === b.length && a.every((g) => b.includes(g));

/**
 * The older versions of a library entry that the history keeps and the backup folder no
 * longer holds: the same groups over a window starting at the same place (a full export's
 * versions are full exports), newest first.
 */
export function olderVersions(versions, entry) {
  const groups = groupsOf(entry);
  const start = entry.start_time ?? null;
  return (versions ?? [])
    .filter((v) => !v.on_disk && sameGroups(v.groups, groups))
    .filter((v) => (v.start_time ?? null) === start)
    .filter((v) => toMillis(v.export_time) < toMillis(entry.export_time))
    .sort((a, b) => toMillis(b.export_time) - toMillis(a.export_time));
}

/**
 * How far an entry is into the history (0–100), when it is the export being stored: the
 * core says `/<group>/<export folder>`, the entry its whole folder (with `\` on Windows).
 */
export function storingPercent(storing, entry) {
  if (!storing || !storing.total) return null;
  const dir = entry.dir.replaceAll("\\", "/");
  if (!dir.endsWith(storing.path)) return null;
  return Math.min(100, Math.floor((storing.done * 100) / storing.total));
}

/** The version the history keeps of the entry itself (its folder is on disk), if any. */
export function currentVersion(versions, entry) {
  return (versions ?? []).find((v) => v.on_disk && v.dir === entry.dir) ?? null;
}

/** The figures of a comparison (IPC.md `VersionChanges`) that its summary says. */
export function changeCounts(diff) {
  const [before, after] = diff.records;
  return {
    added: diff.added.length,
    removed: diff.removed.length,
    changed: diff.changed.length,
    unchanged: diff.unchanged,
    before,
    after,
  };
}
