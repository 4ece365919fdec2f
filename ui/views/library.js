// Library: the exports on disk with the groups each holds, or the groups (searchable, by
// service) each with the timeline of what its backups cover; per export Verify (progress and
// result), List contents (its archives and their entries), Open folder, and the data-loss
// alarm; and the backup folder itself.
import { h, replaceKeepingFocus, svg } from "../dom.js";
import { joinList, serviceName, shortList } from "../i18n.js";
import { grantName } from "../grants.js";
import { formatBytes, formatTime } from "../format.js";
import { windowText } from "../rows.js";
import { describeTimeline, layoutTimeline } from "../timeline.js";
import { alarmsByDir } from "../warnings.js";
import { heldGroups } from "./held-groups.js";
import {
  archiveTotals,
  filterSections,
  groupsOf,
  libraryExports,
  librarySections,
  changeCounts,
  currentVersion,
  olderVersions,
  sectionServices,
  storingPercent,
  shownEntries,
} from "../library.js";

/** Entries drawn per archive before "Show the other N". */
const ENTRY_LIMIT = 200;

function verifyLines(app, state) {
  const tr = app.tr;
  if (!state) return [];
  if (state.report) {
    const { ok, changed, missing } = state.report;
    const lines = [];
    if (changed.length === 0 && missing.length === 0) lines.push(tr("verifyOk", { count: ok }));
    if (changed.length) lines.push(tr("verifyChanged", { list: joinList(app.language, changed) }));
    if (missing.length) lines.push(tr("verifyMissing", { list: joinList(app.language, missing) }));
    return lines;
  }
  if (state.total) return [tr("verifying", { done: state.done, total: state.total })];
  return [tr("loading")];
}

const pct = (share) => `${(share * 100).toFixed(3)}%`;

function timelineNode(app, coverage, index) {
  const tr = app.tr;
  const layout = layoutTimeline(coverage, app.now());
  const words = describeTimeline(app.language, layout);
  const titleId = `tl-title-${index}`;
  const hatch = `tl-hatch-${index}`;
  // The bar is a picture of the list under it; the list is what assistive technology reads.
  const bar = svg(
    "svg",
    { class: "tl-bar", "aria-hidden": "true", focusable: "false" },
    svg(
      "defs",
      {},
      svg(
        "pattern",
        { id: hatch, width: "6", height: "6", patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" },
        svg("rect", { class: "tl-hatch-bg", width: "6", height: "6" }),
        svg("line", { class: "tl-hatch-line", x1: "0", y1: "0", x2: "0", y2: "6" }),
      ),
    ),
    layout.segments.map((s) =>
      svg("rect", {
        class: `tl-seg tl-${s.kind}${s.start === null ? " tl-open" : ""}`,
        x: pct(s.offset),
        y: "0",
        width: pct(s.width),
        height: "100%",
        fill: s.kind === "gap" ? `url(#${hatch})` : null,
      }),
    ),
  );
  return h(
    "figure",
    { class: "timeline", "aria-labelledby": titleId },
    h(
      "figcaption",
      { class: "tl-head" },
      h("span", { id: titleId, class: "tl-title" }, tr("tlTitle")),
      " ",
      h("span", { class: `tl-summary${layout.gaps ? " has-gaps" : ""}` }, words.summary),
    ),
    layout.segments.length
      ? [
          bar,
          h(
            "div",
            { class: "tl-axis", "aria-hidden": "true" },
            h("span", {}, words.from),
            h("span", {}, words.to),
          ),
          h(
            "ul",
            { class: "tl-list" },
            words.items.map((item) =>
              h(
                "li",
                { class: `tl-item tl-item-${item.kind}` },
                h("span", { class: `tl-swatch tl-${item.kind}`, "aria-hidden": "true" }),
                item.text,
              ),
            ),
          ),
        ]
      : null,
  );
}

function alarmNode(app, warning) {
  const tr = app.tr;
  const [title, text] =
    warning.code === "data_shrank"
      ? ["libAlarmTitle", "libAlarmText"]
      : ["libChangedTitle", "libChangedText"];
  return h(
    "div",
    { class: "alarm", dataset: { warning: warning.code, warningId: String(warning.id) } },
    h("p", { class: "alarm-title" }, h("strong", {}, tr(title))),
    h("p", {}, tr(text)),
    warning.message
      ? h(
          "p",
          { class: "warning-detail" },
          tr("warningDetail"),
          " ",
          h("span", { class: "path", lang: "en", translate: "no" }, warning.message),
        )
      : null,
  );
}

function contentsNode(app, dir, id) {
  const tr = app.tr;
  const state = app.contents.get(dir);
  if (!state || state.loading) {
    return h("div", { id, class: "contents", role: "status" }, h("p", { class: "muted" }, tr("loading")));
  }
  const archives = state.archives ?? [];
  const number = new Intl.NumberFormat(app.language);
  if (archives.length === 0) {
    return h("div", { id, class: "contents" }, h("p", { class: "muted" }, tr("contentsEmpty")));
  }
  const counting = state.counting
    ? h(
        "p",
        { class: "contents-actions", role: "status" },
        h("span", { class: "muted" }, tr("countingRecords")),
        " ",
        h(
          "button",
          {
            type: "button",
            class: "secondary stop-counting",
            "data-focus-key": `stop:${dir}`,
            disabled: state.stopping ? true : null,
            onclick: () => app.stopCounting(dir),
          },
          tr("stopCounting"),
        ),
      )
    : null;
  const count =
    state.counted || state.counting
      ? null
      : h(
          "p",
          { class: "contents-actions" },
          h(
            "button",
            {
              type: "button",
              class: "secondary count-records",
              "data-focus-key": `count:${dir}`,
              onclick: () => app.countRecords(dir),
            },
            tr("countRecords"),
          ),
        );
  const list = h(
    "ul",
    { class: "contents-archives" },
    archives.map((listing, i) => {
      const key = `${dir}|${listing.archive}`;
      const open = app.archivesOpen.has(key);
      const totals = archiveTotals(listing);
      const tableId = `${id}-a${i}`;
      const { shown, hidden } = shownEntries(listing.entries, ENTRY_LIMIT, app.archivesAll.has(key));
      return h(
        "li",
        { class: "archive" },
        h(
          "button",
          {
            type: "button",
            class: "archive-toggle quiet",
            "aria-expanded": String(open),
            "aria-controls": tableId,
            "data-focus-key": `archive:${key}`,
            onclick: () => app.toggleArchive(dir, listing.archive),
          },
          h("span", { class: "archive-name path" }, listing.archive),
          " ",
          h(
            "span",
            { class: "muted" },
            tr("contentsArchive", { count: totals.count, size: formatBytes(app.language, totals.size) }),
          ),
        ),
        open
          ? h(
              "div",
              { id: tableId, class: "archive-entries" },
              h(
                "table",
                {},
                h("caption", { class: "visually-hidden path" }, tr("contentsCaption", { name: listing.archive })),
                h(
                  "thead",
                  {},
                  h(
                    "tr",
                    {},
                    h("th", { scope: "col" }, tr("contentsName")),
                    h("th", { scope: "col", class: "num" }, tr("contentsSize")),
                    state.counted ? h("th", { scope: "col", class: "num" }, tr("contentsRecords")) : null,
                  ),
                ),
                h(
                  "tbody",
                  {},
                  shown.map((entry) =>
                    h(
                      "tr",
                      {},
                      h("td", { class: "path" }, entry.name),
                      h("td", { class: "num" }, formatBytes(app.language, entry.size)),
                      state.counted ? recordsCell(tr, number, entry) : null,
                    ),
                  ),
                ),
              ),
              hidden
                ? h(
                    "button",
                    {
                      type: "button",
                      class: "secondary show-all",
                      "data-focus-key": `all:${key}`,
                      onclick: () => app.showAllEntries(dir, listing.archive),
                    },
                    tr("contentsShowAll", { count: hidden }),
                  )
                : null,
            )
          : null,
      );
    }),
  );
  return h("div", { id, class: "contents" }, count, counting, list);
}

/** A JSON file's records, or a dash saying why they were not counted. */
function recordsCell(tr, number, entry) {
  if (entry.records !== null && entry.records !== undefined) {
    return h("td", { class: "num" }, number.format(entry.records));
  }
  const why = entry.not_counted ? tr(`notCounted.${entry.not_counted}`) : null;
  return h("td", { class: "num", title: why, "aria-label": why }, "–");
}

/** What else an export holds, in the per-group view: a few names and how many more. */
function alsoHolds(app, others) {
  if (!others.length) return null;
  return h("p", { class: "muted" }, app.tr("libAlsoHolds", { list: shortList(app.language, others.map((g) => app.groupName(g))) }));
}

/** An export as a list item; `group` is the group whose section it is in, null in the
 * per-export view. */
function entryNode(app, group, entry, alarms, ids) {
  const tr = app.tr;
  const state = app.verifying.get(entry.dir);
  const result = state?.report;
  const bad = result && (result.changed.length || result.missing.length);
  const others = groupsOf(entry).filter((g) => g !== group);
  const openKey = `${group ?? "export"}|${entry.dir}`;
  const open = app.contentsOpen.has(openKey);
  const label = `${tr("libExported", { time: formatTime(app.language, entry.export_time) })}, ${
    group ? app.groupName(group) : exportName(app, entry)
  }`;
  return h(
    "li",
    { class: `lib-entry${alarms.length ? " has-alarm" : ""}`, dataset: { dir: entry.dir } },
    alarms.map((warning) => alarmNode(app, warning)),
    h(
      "div",
      { class: "lib-row" },
      h(
        "div",
        { class: "lib-facts" },
        h("p", { class: "lib-time" }, tr("libExported", { time: formatTime(app.language, entry.export_time) })),
        h(
          "p",
          { class: "muted" },
          [
            windowText(app.language, entry.start_time, entry.export_time),
            `${formatBytes(app.language, entry.size)} · ${tr("libFiles", { count: entry.files })}`,
            entry.access ? tr(`access.${entry.access}`) : null,
          ]
            .filter(Boolean)
            .join(" · "),
        ),
        group ? alsoHolds(app, others) : heldGroups(app, entry.dir, app.tr("libHolds", { count: others.length }), others),
        h(
          "div",
          {
            class: `verify-status${bad ? " bad" : result ? " good" : ""}`,
            role: "status",
            hidden: !state,
          },
          verifyLines(app, state).map((line) => h("p", {}, line)),
        ),
      ),
      h(
        "div",
        { class: "lib-actions" },
        h(
          "button",
          {
            type: "button",
            class: "verify secondary",
            "data-focus-key": `verify:${openKey}`,
            "aria-label": `${tr("verify")}: ${label}`,
            disabled: Boolean(state && !state.report),
            onclick: () => app.verify(entry.dir),
          },
          tr("verify"),
        ),
        h(
          "button",
          {
            type: "button",
            class: "list-contents secondary",
            "data-focus-key": `contents:${openKey}`,
            "aria-label": `${tr("listContents")}: ${label}`,
            "aria-expanded": String(open),
            "aria-controls": open ? ids.contents : null,
            onclick: () => app.toggleContents(group ?? "export", entry.dir),
          },
          tr("listContents"),
        ),
        h(
          "button",
          {
            type: "button",
            class: "open-folder secondary",
            "data-focus-key": `open:${openKey}`,
            "aria-label": `${tr("openFolder")}: ${label}`,
            onclick: () => app.openFolder(entry.dir),
          },
          tr("openFolder"),
        ),
      ),
    ),
    open ? contentsNode(app, entry.dir, ids.contents) : null,
  );
}

/** An export's name by the services of the groups it holds ("YouTube and 2 more services"). */
function exportName(app, entry) {
  const resources = Object.fromEntries(groupsOf(entry).map((g) => [g, true]));
  return grantName(app.language, { resources }, app.groups) ?? groupsOf(entry).join(", ");
}

/** Names of changed entries drawn before "and N more". */
const CHANGE_LIMIT = 20;

/** What changed from an older version to the export on disk, once compared. */
function changesNode(app, id) {
  const tr = app.tr;
  const state = app.changes.get(id);
  if (!state) return null;
  if (state.loading) return h("p", { class: "muted", role: "status" }, tr("changesLoading"));
  const counts = changeCounts(state.diff);
  const number = (n) => n.toLocaleString(app.language);
  if (counts.added + counts.removed + counts.changed === 0)
    return h("p", { class: "lib-changes", role: "status" }, tr("changesNone", { records: number(counts.after) }));
  const lines = [
    ...state.diff.added.map((c) => ["+", c]),
    ...state.diff.removed.map((c) => ["−", c]),
    ...state.diff.changed.map((c) => ["~", c]),
  ];
  // Records of an entry: as it is now, or as it was, or from before to after when both count.
  const records = ({ before, after }) => {
    const [then, now] = [before?.records, after?.records];
    if (then != null && now != null && then !== now)
      return ` · ${tr("changeRecords", { count: `${number(then)} → ${number(now)}` })}`;
    const count = now ?? then;
    return count == null ? "" : ` · ${tr("changeRecords", { count: number(count) })}`;
  };
  return h(
    "div",
    { class: "lib-changes", role: "status" },
    h(
      "p",
      {},
      tr("changesSummary", {
        added: number(counts.added),
        removed: number(counts.removed),
        changed: number(counts.changed),
        unchanged: number(counts.unchanged),
        before: number(counts.before),
        after: number(counts.after),
      }),
    ),
    h(
      "ul",
      {},
      lines.slice(0, CHANGE_LIMIT).map(([mark, c]) =>
        h("li", { class: "lib-change" }, h("span", { class: "change-mark", "aria-hidden": "true" }, mark), ` ${c.name}${records(c)}`),
      ),
      lines.length > CHANGE_LIMIT ? h("li", { class: "muted" }, tr("changesMore", { count: number(lines.length - CHANGE_LIMIT) })) : null,
    ),
  );
}

/** The older versions the history keeps of an export, each with Restore and What changed. */
function versionsNode(app, entry) {
  const tr = app.tr;
  const older = olderVersions(app.versions, entry);
  const current = currentVersion(app.versions, entry);
  if (older.length === 0) return null;
  // A fold the person opened stays open across redraws, as the groups an export holds do.
  const key = `versions|${entry.dir}`;
  return h(
    "details",
    {
      class: "lib-versions",
      open: app.holdsOpen.has(key),
      ontoggle: (e) => (e.target.open ? app.holdsOpen.add(key) : app.holdsOpen.delete(key)),
    },
    h("summary", {}, tr("libVersions", { count: older.length })),
    h(
      "ul",
      {},
      older.map((version) => {
        const time = formatTime(app.language, version.export_time);
        const busy = app.restoring.has(version.id);
        return h(
          "li",
          { class: "lib-version", dataset: { version: version.id } },
          h(
            "span",
            {},
            [tr("libExported", { time }), version.size == null ? null : formatBytes(app.language, version.size)]
              .filter(Boolean)
              .join(" · "),
          ),
          h(
            "button",
            {
              type: "button",
              class: "restore-version secondary",
              "data-focus-key": `restore:${version.id}`,
              "aria-label": `${tr("restoreVersion")}: ${tr("libExported", { time })}`,
              disabled: busy,
              onclick: () => app.restoreVersion(version.id),
            },
            tr(busy ? "restoringVersion" : "restoreVersion"),
          ),
          current
            ? h(
                "button",
                {
                  type: "button",
                  class: "compare-version quiet",
                  "data-focus-key": `compare:${version.id}`,
                  "aria-expanded": String(app.changes.has(version.id)),
                  onclick: () => app.compareVersion(version.id, current.id),
                },
                tr(app.changes.has(version.id) && !app.changes.get(version.id).loading ? "changesHide" : "changesButton"),
              )
            : null,
          changesNode(app, version.id),
        );
      }),
    ),
  );
}

/**
 * Moves the bar of the export being stored in place; false when the view shows no bar to
 * move (it is drawn afresh then).
 */
export function drawStoring(app) {
  const node = document.querySelector(".lib-storing");
  if (!node || !app.storing?.total) return false;
  const percent = Math.min(100, Math.floor((app.storing.done * 100) / app.storing.total));
  const text = app.tr("libStoring", { percent });
  node.querySelector("span").textContent = text;
  const bar = node.querySelector("progress");
  bar.value = percent;
  bar.setAttribute("aria-label", text);
  return true;
}

/** How far the export is into the history, while it is being stored. */
function storingNode(app, entry) {
  const percent = storingPercent(app.storing, entry);
  if (percent === null) return null;
  const text = app.tr("libStoring", { percent });
  return h(
    "p",
    { class: "lib-storing", role: "status" },
    h("span", {}, text),
    h("progress", { max: "100", value: String(percent), "aria-label": text }),
  );
}

function exportCards(app, alarms) {
  return libraryExports(app.library ?? []).map(({ entry, groups }, e) =>
    h(
      "section",
      { class: "card lib-export", dataset: { dir: entry.dir, groups: String(groups.length) } },
      h("h3", {}, exportName(app, entry)),
      h("ul", { class: "lib-entries" }, entryNode(app, null, entry, alarms.get(entry.dir) ?? [], { contents: `contents-x-${e}` })),
      storingNode(app, entry),
      versionsNode(app, entry),
    ),
  );
}

// One search field for every render: typing redraws the view, and the same field keeps its
// caret and focus where a new one would not.
let search = null;

function searchInput(app) {
  search ??= h("input", {
    type: "search",
    id: "library-search",
    autocomplete: "off",
    spellcheck: "false",
    dataset: { focusKey: "library-search" },
    oninput: (e) => app.setLibraryFilter({ query: e.target.value }),
  });
  search.placeholder = app.tr("searchPlaceholder");
  if (search.value !== app.libraryFilter.query) search.value = app.libraryFilter.query;
  return search;
}

function groupSections(app, alarms) {
  const tr = app.tr;
  const all = librarySections(app.library ?? [], app.coverage ?? []);
  const filter = app.libraryFilter;
  const sections = filterSections(app.language, all, app.groups, filter);
  const services = sectionServices(all, app.groups);
  const controls = h(
    "div",
    { class: "lib-filter" },
    h("label", { for: "library-search" }, tr("searchLabel")),
    searchInput(app),
    h("label", { for: "library-service" }, tr("libraryService")),
    h(
      "select",
      {
        id: "library-service",
        dataset: { focusKey: "library-service" },
        onchange: (e) => app.setLibraryFilter({ service: e.target.value }),
      },
      h("option", { value: "", selected: !filter.service }, tr("libraryAllServices")),
      services.map((service) =>
        h("option", { value: service, selected: filter.service === service }, serviceName(app.language, service)),
      ),
    ),
  );
  const cards = sections.map(({ group, entries, coverage }, s) =>
    h(
      "section",
      { class: "card lib-group", dataset: { group } },
      h(
        "h3",
        {},
        app.groupLabel(group),
        " ",
        h("span", { class: "muted" }, app.serviceOf(group)),
        " · ",
        h("span", { class: "muted" }, tr("libExportsOf", { count: entries.length })),
      ),
      coverage ? timelineNode(app, coverage, s) : null,
      entries.length
        ? h(
            "ul",
            { class: "lib-entries" },
            entries.map((entry, e) =>
              entryNode(app, group, entry, alarms.get(entry.dir) ?? [], { contents: `contents-${s}-${e}` }),
            ),
          )
        : null,
    ),
  );
  return [
    controls,
    cards.length ? cards : h("p", { class: "empty", id: "library-no-match" }, tr("noMatches", { query: filter.query })),
  ];
}

function modeSwitch(app) {
  const tr = app.tr;
  const button = (mode, label) =>
    h(
      "button",
      {
        type: "button",
        id: `library-by-${mode}`,
        class: "segment",
        "aria-pressed": String(app.libraryMode === mode),
        dataset: { focusKey: `library-by-${mode}` },
        onclick: () => app.setLibraryMode(mode),
      },
      tr(label),
    );
  return h(
    "div",
    { class: "segmented", role: "group", "aria-label": tr("libraryShow") },
    button("exports", "libraryByExports"),
    button("groups", "libraryByGroups"),
  );
}

export function renderLibrary(root, app) {
  const tr = app.tr;
  const alarms = alarmsByDir(app.exports.warnings, app.exports.rows);
  const empty = !(app.library ?? []).length && !(app.coverage ?? []).length;
  replaceKeepingFocus(
    root,
    h(
      "div",
      { class: "view-head" },
      h("h2", { class: "view-title", tabindex: "-1" }, tr("libraryTitle")),
      h(
        "button",
        {
          type: "button",
          id: "open-backup-folder",
          class: "secondary",
          "data-focus-key": "open-backup-folder",
          disabled: !app.status?.backup_dir,
          onclick: () => app.openFolder(app.status.backup_dir),
        },
        tr("openBackupFolder"),
      ),
    ),
    app.status?.backup_dir ? h("p", { class: "muted path" }, app.status.backup_dir) : null,
    app.status?.mode === "demo" ? h("p", { class: "muted" }, tr("libraryDemoFolder")) : null,
    app.historyAway ? h("p", { id: "history-away", class: "muted" }, tr("libraryHistoryAway", { place: app.status?.history ?? "" })) : null,
    app.library === null
      ? h("p", { class: "empty" }, tr("loading"))
      : empty
        ? h("p", { class: "empty" }, tr("libraryEmpty"))
        : [modeSwitch(app), app.libraryMode === "groups" ? groupSections(app, alarms) : exportCards(app, alarms)],
  );
}
