// Exports: the summary, what the last backup started, and one row per export, updated in place
// so focus and WebDriver references survive live updates. (Warnings are above every view.)
import { h, setText } from "../dom.js";
import { describeRow, summaryText } from "../rows.js";
import { summarize } from "../state.js";
import { transferPatch } from "../frames.js";
import { turnsText } from "../turns.js";

const BUTTONS = {
  "check-now": ["check-now", "checkNow", "secondary"],
  cancel: ["cancel", "cancel", "quiet"],
  retry: ["retry", "retry", "secondary"],
  "open-folder": ["open-folder", "openFolder", "secondary"],
};

export function createExports(root, app) {
  let builtFor = null;
  const parts = {};
  // Row id → {el, title, service, badge, lines, bar, actions}: its element and the parts
  // that change, so that updates need no look-ups.
  const rows = new Map();
  // Progress of rows off screen is drawn when they scroll into view: with 73 downloads under
  // way, rewriting every row's text each frame is what made frames long.
  const stale = new Set();
  const onScreen = (id) => {
    // Read before this frame writes anything: the layout is still the painted one.
    const box = rows.get(id)?.el.getBoundingClientRect();
    return Boolean(box) && box.height > 0 && box.bottom > 0 && box.top < window.innerHeight;
  };
  // Any scrolling element: the page, or a container it is in.
  document.addEventListener(
    "scroll",
    () => {
      if (!stale.size || builtFor !== app.language) return;
      const shown = [...stale].filter(onScreen);
      for (const id of shown) stale.delete(id);
      if (shown.length) patchTransfers(shown);
    },
    { passive: true, capture: true },
  );
  // The summary's parts and the shape they were built for (chips and number of lines).
  let summaryParts = null;

  function build() {
    const tr = app.tr;
    parts.summary = h("section", { id: "export-summary", class: "card summary", "aria-live": "polite" });
    parts.notice = h("section", { id: "backup-notice", class: "card notice", role: "status" });
    parts.turns = h("section", { id: "turns", class: "card turns", "aria-labelledby": "turns-title" });
    parts.empty = h("p", { class: "empty" }, tr("exportsEmpty"));
    parts.list = h("ol", { id: "export-list", class: "export-list" });
    root.replaceChildren(
      h("h2", { class: "view-title", tabindex: "-1" }, tr("exportsTitle")),
      parts.summary,
      parts.notice,
      parts.turns,
      parts.empty,
      parts.list,
    );
    rows.clear();
    summaryParts = null;
    builtFor = app.language;
  }

  function groupLabel(id) {
    return app.groupLabel(id);
  }

  function renderSummary(text = summaryText(app.language, summarize(app.exports))) {
    const shape = [...text.chips.map((c) => `${c.state} ${c.label} ${c.count}`), text.lines.length].join("|");
    // Same chips and as many lines: only the words change (bytes, time left), in place.
    if (summaryParts?.shape === shape) {
      setText(summaryParts.headline, text.headline);
      text.lines.forEach((line, i) => setText(summaryParts.lines[i], line));
      return;
    }
    const headline = h("p", { class: "summary-headline" }, text.headline);
    const lines = text.lines.map((line) => h("p", { class: "summary-line" }, line));
    parts.summary.replaceChildren(
      headline,
      text.chips.length
        ? h(
            "ul",
            { class: "chips" },
            text.chips.map((c) =>
              h("li", { class: `chip state-${c.state}`, dataset: { state: c.state } }, `${c.label} ${c.count}`),
            ),
          )
        : "",
      ...lines,
    );
    summaryParts = { shape, headline, lines };
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

  // The days ahead when sign-ins take turns at Google's window; redrawn only when it changes.
  function renderTurns() {
    const plan = turnsText(app.language, app.exports.rows, app.groups, app.now());
    parts.turns.hidden = !plan;
    if (!plan) return;
    const key = JSON.stringify(plan);
    if (parts.turns.dataset.key === key) return;
    parts.turns.dataset.key = key;
    parts.turns.replaceChildren(
      h("h3", { id: "turns-title" }, app.tr("turnsTitle")),
      h("p", { class: "turns-headline" }, plan.headline),
      h(
        "ol",
        { class: "turn-list" },
        plan.turns.map((turn) => h("li", { class: "turn", dataset: { at: turn.at, groups: String(turn.groups.length) } }, turn.text)),
      ),
      h("p", { class: "muted" }, plan.reason),
    );
  }

  function rowElement(row) {
    const title = h("h3", { class: "export-title" });
    const service = h("span", { class: "export-service muted" });
    const badge = h("span", { class: "badge export-state" });
    const lines = h("div", { class: "export-lines" });
    const bar = h("progress", { class: "export-progress", max: "1", value: "0", hidden: true });
    const actions = h("div", { class: "export-actions" });
    const el = h(
      "li",
      { class: "export", dataset: { exportId: String(row.id) } },
      h("div", { class: "export-head" }, title, service, badge),
      lines,
      bar,
      actions,
    );
    return { el, title, service, badge, lines, bar, actions };
  }

  function patchTransfers(ids) {
    const patch = transferPatch(app.language, app.exports, ids, app.now());
    for (const { id, group, lines, progress } of patch.rows) {
      const drawn = rows.get(id);
      if (!drawn) continue;
      setLines(drawn.lines, lines);
      setProgress(drawn.bar, progress, group);
    }
    return patch.summary;
  }

  function setLines(node, lines) {
    const joined = lines.join("\n");
    if (node.dataset.text === joined) return;
    // As many sentences as before: change their words; else draw them anew.
    if (node.childElementCount === lines.length && node.childNodes.length === lines.length) {
      lines.forEach((line, i) => setText(node.children[i], line));
    } else {
      node.replaceChildren(...lines.map((line) => h("p", {}, line)));
    }
    node.dataset.text = joined;
  }

  function setProgress(bar, progress, group) {
    if (bar.hidden !== !progress) bar.hidden = !progress;
    // A hidden bar keeps nothing of an earlier attempt (a retry starts from what is on disk).
    if (!progress) {
      if (bar.value !== 0) bar.value = 0;
      return;
    }
    if (bar.max !== progress.max) bar.max = progress.max;
    if (bar.value !== progress.value) bar.value = progress.value;
    const label = app.groupName(group);
    if (bar.getAttribute("aria-label") !== label) bar.setAttribute("aria-label", label);
  }

  function updateRow(drawn, row) {
    const tr = app.tr;
    const { el, badge, actions } = drawn;
    const view = describeRow(app.language, row, app.exports, app.now());
    if (el.dataset.state !== row.state) el.dataset.state = row.state;
    if (el.dataset.group !== row.group) el.dataset.group = row.group;
    setText(drawn.title, groupLabel(row.group));
    setText(drawn.service, app.serviceOf(row.group));
    setText(badge, view.status);
    const badgeClass = `badge export-state state-${row.state}`;
    if (badge.className !== badgeClass) badge.className = badgeClass;
    setLines(drawn.lines, view.lines);
    setProgress(drawn.bar, view.progress, row.group);
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
    for (const button of actions.children) if (button.disabled !== busy) button.disabled = busy;
  }

  function renderRows() {
    const seen = new Set();
    const order = [];
    for (const row of app.exports.rows) {
      let drawn = rows.get(row.id);
      if (!drawn) {
        drawn = rowElement(row);
        rows.set(row.id, drawn);
      }
      updateRow(drawn, row);
      seen.add(row.id);
      order.push(drawn.el);
    }
    for (const [id, drawn] of rows) {
      if (!seen.has(id)) {
        drawn.el.remove();
        rows.delete(id);
        stale.delete(id);
      }
    }
    // Move nodes only when the order changed: moving a node drops its focus.
    const current = parts.list.children;
    if (current.length !== order.length || order.some((el, i) => current[i] !== el)) {
      parts.list.replaceChildren(...order);
    }
    parts.empty.hidden = order.length > 0;
  }

  return {
    render() {
      if (builtFor !== app.language) build();
      renderSummary();
      renderNotice();
      renderTurns();
      renderRows();
      stale.clear();
    },
    /**
     * Draws what transfer events moved since the last frame: the bytes, speed and ETA of the
     * rows `ids` and the summary, nothing else. False when that is not enough (the view was
     * never drawn in this language, or a row is not drawn yet): then render() is needed.
     */
    renderTransfers(ids) {
      if (builtFor !== app.language || ids.some((id) => !rows.has(id))) return false;
      const shown = ids.filter(onScreen);
      for (const id of ids) if (!shown.includes(id)) stale.add(id);
      const summary = shown.length ? patchTransfers(shown) : transferPatch(app.language, app.exports, [], app.now()).summary;
      renderSummary(summary);
      return true;
    },
  };
}
