// Back up: the 73 groups in the shared picker (by service, searchable, select all) with each
// group's marks; the access explanation; "Back up N selected" and the consent progress.
import { h, setText } from "../dom.js";
import { formatTime } from "../format.js";
import { marksFor } from "../pick.js";
import { consentLines } from "./consent.js";
import { createGroupPicker } from "./group-picker.js";

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

  const picker = createGroupPicker(app, {
    name: "pick",
    groups: () => app.groups,
    selected: () => app.selected,
    select: (next) => app.setSelection(next),
    query: () => app.query,
    search: (text) => app.setQuery(text),
    disabled: () => Boolean(app.flow),
    marks: (group) => marksFor(group, app.planAll).map(markNode),
    marksKey: (group) => JSON.stringify(marksFor(group, app.planAll)),
  });

  function build() {
    const tr = app.tr;
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
      picker.element,
      h(
        "div",
        { class: "action-bar" },
        h("div", { class: "action-bar-text" }, parts.count, parts.flow),
        parts.clear,
        parts.start,
      ),
    );
    builtFor = app.language;
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
    picker.update();
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
      if (builtFor !== app.language) build();
      update();
    },
  };
}
