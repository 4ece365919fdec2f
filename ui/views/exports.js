// Exports: the summary, what the last backup started, and one row per export, updated in place
// so focus and WebDriver references survive live updates. (Warnings are above every view.)
import { h, setText } from "../dom.js";
import { describeRow, summaryText } from "../rows.js";
import { summarize } from "../state.js";

const BUTTONS = {
  "check-now": ["check-now", "checkNow", "secondary"],
  cancel: ["cancel", "cancel", "quiet"],
  retry: ["retry", "retry", "secondary"],
  "open-folder": ["open-folder", "openFolder", "secondary"],
};

export function createExports(root, app) {
  let builtFor = null;
  const parts = {};
  const rows = new Map();

  function build() {
    const tr = app.tr;
    parts.summary = h("section", { id: "export-summary", class: "card summary", "aria-live": "polite" });
    parts.notice = h("section", { id: "backup-notice", class: "card notice", role: "status" });
    parts.empty = h("p", { class: "empty" }, tr("exportsEmpty"));
    parts.list = h("ol", { id: "export-list", class: "export-list" });
    root.replaceChildren(
      h("h2", { class: "view-title", tabindex: "-1" }, tr("exportsTitle")),
      parts.summary,
      parts.notice,
      parts.empty,
      parts.list,
    );
    rows.clear();
    builtFor = app.language;
  }

  function groupLabel(id) {
    return app.groupLabel(id);
  }

  function renderSummary() {
    const text = summaryText(app.language, summarize(app.exports));
    parts.summary.replaceChildren(
      h("p", { class: "summary-headline" }, text.headline),
      text.chips.length
        ? h(
            "ul",
            { class: "chips" },
            text.chips.map((c) =>
              h("li", { class: `chip state-${c.state}`, dataset: { state: c.state } }, `${c.label} ${c.count}`),
            ),
          )
        : "",
      ...text.lines.map((line) => h("p", { class: "summary-line" }, line)),
    );
  }

  function renderNotice() {
    const lines = (app.notice ?? []).map((line) => (typeof line === "function" ? line() : line));
    parts.notice.hidden = lines.length === 0;
    parts.notice.replaceChildren(
      ...lines.map((line) => h("p", {}, line)),
      lines.length
        ? h("button", { type: "button", class: "quiet", onclick: app.dismissNotice }, app.tr("dismiss"))
        : "",
    );
  }

  function rowElement(row) {
    const el = h(
      "li",
      { class: "export", dataset: { exportId: String(row.id) } },
      h(
        "div",
        { class: "export-head" },
        h("h3", { class: "export-title" }),
        h("span", { class: "export-service muted" }),
        h("span", { class: "badge export-state" }),
      ),
      h("div", { class: "export-lines" }),
      h("progress", { class: "export-progress", max: "1", value: "0", hidden: true }),
      h("div", { class: "export-actions" }),
    );
    return el;
  }

  function updateRow(el, row) {
    const tr = app.tr;
    const view = describeRow(app.language, row, app.exports, app.now());
    el.dataset.state = row.state;
    el.dataset.group = row.group;
    const title = el.querySelector(".export-title");
    setText(title, groupLabel(row.group));
    setText(el.querySelector(".export-service"), app.serviceOf(row.group));
    const badge = el.querySelector(".export-state");
    setText(badge, view.status);
    badge.className = `badge export-state state-${row.state}`;
    const lines = el.querySelector(".export-lines");
    const joined = view.lines.join("\n");
    if (lines.dataset.text !== joined) {
      lines.replaceChildren(...view.lines.map((line) => h("p", {}, line)));
      lines.dataset.text = joined;
    }
    const bar = el.querySelector(".export-progress");
    bar.hidden = !view.progress;
    // A hidden bar keeps nothing of an earlier attempt (a retry starts from what is on disk).
    if (!view.progress) bar.value = 0;
    if (view.progress) {
      bar.max = view.progress.max;
      bar.value = view.progress.value;
      bar.setAttribute("aria-label", app.groupName(row.group));
    }
    const actions = el.querySelector(".export-actions");
    const busy = app.busy.has(`row:${row.id}`);
    const key = `${app.language}|${view.actions.join(",")}`;
    if (actions.dataset.key !== key) {
      actions.replaceChildren(
        ...view.actions.map((action) => {
          const [cls, label, kind] = BUTTONS[action];
          return h(
            "button",
            {
              type: "button",
              class: `${cls} ${kind}`,
              "aria-label": `${tr(label)}: ${app.groupName(row.group)}`,
              onclick: () => app.rowAction(action, row.id),
            },
            tr(label),
          );
        }),
      );
      actions.dataset.key = key;
    }
    for (const button of actions.querySelectorAll("button")) button.disabled = busy;
  }

  function renderRows() {
    const seen = new Set();
    const order = [];
    for (const row of app.exports.rows) {
      let el = rows.get(row.id);
      if (!el) {
        el = rowElement(row);
        rows.set(row.id, el);
      }
      updateRow(el, row);
      seen.add(row.id);
      order.push(el);
    }
    for (const [id, el] of rows) {
      if (!seen.has(id)) {
        el.remove();
        rows.delete(id);
      }
    }
    // Move nodes only when the order changed: moving a node drops its focus.
    const current = [...parts.list.children];
    if (current.length !== order.length || current.some((el, i) => el !== order[i])) {
      parts.list.replaceChildren(...order);
    }
    parts.empty.hidden = order.length > 0;
  }

  return {
    render() {
      if (builtFor !== app.language) build();
      renderSummary();
      renderNotice();
      renderRows();
    },
  };
}
