// Pick: the 73 groups by service, searchable, with select all per service and each group's
// marks; the access explanation; "Back up N selected" and the consent progress.
import { h, setText } from "../dom.js";
import { groupText, serviceName } from "../i18n.js";
import { formatTime } from "../format.js";
import { byService, filterGroups, marksFor, selectionState } from "../pick.js";
import { consentLines } from "./consent.js";

export function createPick(root, app) {
  let builtFor = null;
  const parts = {};

  function markNode(mark) {
    const tr = app.tr;
    const kinds = {
      incremental: ["markIncremental", "markIncrementalTitle", "mark-info"],
      covered: ["markCovered", "markCoveredTitle", "mark-ok"],
      consent: ["markConsent", "markConsentTitle", "mark-neutral"],
      one_time_used: ["markOneTimeUsed", "markOneTimeUsedTitle", "mark-warn"],
      window: ["markWindow", "markWindowTitle", "mark-wait"],
    };
    const [text, title, cls] = kinds[mark.kind];
    const time = mark.until ? formatTime(app.language, mark.until) : "";
    return h("span", { class: `mark ${cls}`, title: tr(title), dataset: { mark: mark.kind } }, tr(text, { time }));
  }

  function build() {
    const tr = app.tr;
    parts.search = h("input", {
      type: "search",
      id: "group-search",
      placeholder: tr("searchPlaceholder"),
      autocomplete: "off",
      spellcheck: "false",
      value: app.query,
      oninput: (e) => app.setQuery(e.target.value),
    });
    parts.noMatches = h("p", { class: "empty", hidden: true });
    parts.services = new Map();
    parts.groups = new Map();
    const sections = byService(app.groups).map(({ service, groups }) => {
      const all = h("input", {
        type: "checkbox",
        class: "select-service",
        dataset: { service },
        "aria-label": tr("selectAllIn", { service: serviceName(app.language, service) }),
        onchange: (e) => app.selectService(service, e.target.checked),
      });
      const items = groups.map((group) => {
        const text = groupText(app.language, group);
        const box = h("input", {
          type: "checkbox",
          id: `group-${group.id}`,
          dataset: { group: group.id },
          "aria-describedby": `desc-${group.id}`,
          onchange: () => app.toggleGroup(group.id),
        });
        const marks = h("span", { class: "marks" });
        const item = h(
          "li",
          { class: "group" },
          box,
          h(
            "label",
            { for: `group-${group.id}` },
            h("span", { class: "group-label" }, text.label),
            h("span", { class: "group-desc", id: `desc-${group.id}` }, text.description),
          ),
          marks,
        );
        parts.groups.set(group.id, { group, box, marks, item });
        return item;
      });
      const section = h(
        "fieldset",
        { class: "service" },
        h(
          "legend",
          {},
          h(
            "label",
            { class: "service-all" },
            all,
            h("span", { class: "service-name" }, serviceName(app.language, service)),
            h("span", { class: "service-hint" }, tr("selectAll")),
          ),
        ),
        h("ul", { class: "groups" }, items),
      );
      parts.services.set(service, { all, section, groups });
      return section;
    });

    parts.count = h("p", { class: "selected-count", id: "selected-count", "aria-live": "polite" });
    parts.clear = h(
      "button",
      { type: "button", class: "quiet", id: "clear-selection", onclick: app.clearSelection },
      tr("clearSelection"),
    );
    parts.start = h("button", {
      type: "button",
      id: "start-backup",
      class: "primary",
      onclick: app.backup,
    });
    parts.flow = h("div", { id: "consent-status", class: "flow", role: "status", "aria-live": "polite" });

    root.replaceChildren(
      h("h2", { class: "view-title", tabindex: "-1" }, tr("pickTitle")),
      h(
        "details",
        { class: "card explain", open: true },
        h("summary", {}, tr("accessTitle")),
        h("p", {}, tr("accessChoose")),
        h("ul", {}, h("li", {}, tr("accessOneTime")), h("li", {}, tr("accessTimeBased"))),
      ),
      h(
        "div",
        { class: "search" },
        h("label", { for: "group-search" }, tr("searchLabel")),
        parts.search,
      ),
      parts.noMatches,
      h("div", { class: "service-list" }, sections),
      h(
        "div",
        { class: "action-bar" },
        h("div", { class: "action-bar-text" }, parts.count, parts.flow),
        parts.clear,
        parts.start,
      ),
    );
    builtFor = `${app.language}|${app.groups.length}`;
  }

  function flowLines() {
    const tr = app.tr;
    const flow = app.flow;
    if (!flow) return [];
    if (flow.phase === "planning") return [tr("planning")];
    if (flow.phase === "consent") return consentLines(app, flow);
    return [];
  }

  function update() {
    const tr = app.tr;
    const visible = new Set(filterGroups(app.language, app.groups, app.query).map((g) => g.id));
    for (const { group, box, marks, item } of parts.groups.values()) {
      box.checked = app.selected.has(group.id);
      box.disabled = Boolean(app.flow);
      item.hidden = !visible.has(group.id);
      const key = JSON.stringify(marksFor(group, app.planAll)) + app.language;
      if (marks.dataset.key !== key) {
        marks.replaceChildren(...marksFor(group, app.planAll).map(markNode));
        marks.dataset.key = key;
      }
    }
    for (const { all, section, groups } of parts.services.values()) {
      const shown = groups.filter((g) => visible.has(g.id));
      section.hidden = shown.length === 0;
      const state = selectionState(app.selected, shown);
      all.checked = state === "all";
      all.indeterminate = state === "some";
      all.disabled = Boolean(app.flow);
    }
    parts.noMatches.hidden = visible.size > 0;
    setText(parts.noMatches, tr("noMatches", { query: app.query }));
    const count = app.selected.size;
    setText(parts.count, tr("selectedCount", { count, total: app.groups.length }));
    parts.clear.hidden = count === 0;
    setText(parts.start, tr("startBackup", { count }));
    parts.start.disabled = count === 0 || Boolean(app.flow) || Boolean(app.consenting);
    const lines = flowLines();
    parts.flow.replaceChildren(...lines.map((line) => h("p", {}, line)));
    parts.flow.hidden = lines.length === 0;
  }

  return {
    render() {
      if (builtFor !== `${app.language}|${app.groups.length}`) build();
      update();
    },
  };
}
