// The Pick view's logic: groups by service, search, selection per service, the marks a group
// shows, and which groups a backup starts. Pure: no DOM, no Tauri.
import { groupText, serviceName, LANGUAGES } from "./i18n.js";

/** Groups in catalog order, gathered under their service: [{service, groups}]. */
export function byService(groups) {
  const sections = [];
  const index = new Map();
  for (const group of groups) {
    if (!index.has(group.service)) {
      index.set(group.service, sections.length);
      sections.push({ service: group.service, groups: [] });
    }
    sections[index.get(group.service)].groups.push(group);
  }
  return sections;
}

function normalize(text) {
  return String(text).toLocaleLowerCase().normalize("NFKC");
}

/**
 * Whether a group matches a search: every word of the query must appear in its id, its
 * label or description (in the language shown), its label in any language, or its service.
 */
export function matches(language, group, query) {
  const words = normalize(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const shown = groupText(language, group);
  const haystack = normalize(
    [
      group.id,
      shown.label,
      shown.description,
      ...LANGUAGES.map((l) => groupText(l, group).label),
      ...LANGUAGES.map((l) => serviceName(l, group.service)),
    ].join("\n"),
  );
  return words.every((w) => haystack.includes(w));
}

/** The groups a search leaves, in their order. */
export function filterGroups(language, groups, query) {
  return groups.filter((g) => matches(language, g, query));
}

/** "all", "some" or "none" of these groups are selected (none for an empty list). */
export function selectionState(selected, groups) {
  const count = groups.filter((g) => selected.has(g.id)).length;
  if (count === 0) return "none";
  return count === groups.length ? "all" : "some";
}

/** A new selection with every one of `groups` ticked (`on`) or unticked. */
export function setAll(selected, groups, on) {
  const next = new Set(selected);
  for (const g of groups) {
    if (on) next.add(g.id);
    else next.delete(g.id);
  }
  return next;
}

/** A new selection with one group toggled. */
export function toggle(selected, id) {
  const next = new Set(selected);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

/**
 * The marks shown beside a group: "incremental" when it can be exported by date range, then
 * what the last plan said: "covered" (a sign-in covers it), "consent", "one_time_used" or
 * "window" (with `until`).
 */
export function marksFor(group, plan) {
  const marks = [];
  if (group.time_filter) marks.push({ kind: "incremental" });
  if (!plan) return marks;
  const blocked = plan.blocked.find((b) => b.group === group.id);
  if (blocked) {
    marks.push(
      blocked.code === "window"
        ? { kind: "window", until: blocked.until }
        : { kind: "one_time_used" },
    );
  } else if (plan.ready.includes(group.id)) {
    marks.push({ kind: "covered" });
  } else if (plan.consent.includes(group.id)) {
    marks.push({ kind: "consent" });
  }
  return marks;
}
