// The warnings the core keeps, above every view: alarms loud, the rest calm; each says what to
// do, offers the view where it is done, and can be dismissed. Items are updated in place, by
// warning id, so live updates neither move focus nor make screen readers repeat them.
import { h } from "../dom.js";
import { formatRelative } from "../format.js";
import { describeWarning, warningsFor } from "../warnings.js";

export function createWarnings(root, app) {
  const items = new Map();

  function describe(warning) {
    return describeWarning(app.language, warning, {
      rows: app.exports.rows,
      grants: app.grants,
      catalog: app.groups,
      groupName: app.groupName,
    });
  }

  function itemElement(view, ids) {
    const tr = app.tr;
    const textId = `warning-text-${view.id}`;
    const actions = [];
    if (view.target && view.target !== app.view) {
      const viewName = tr(`nav${view.target[0].toUpperCase()}${view.target.slice(1)}`);
      actions.push(
        h(
          "button",
          {
            type: "button",
            class: "warning-go secondary",
            "aria-describedby": textId,
            onclick: () => app.show(view.target),
          },
          tr("warningGo", { view: viewName }),
        ),
      );
    }
    actions.push(
      h(
        "button",
        {
          type: "button",
          class: "warning-dismiss quiet",
          "aria-describedby": textId,
          onclick: () => app.dismissWarnings(ids),
        },
        tr("dismiss"),
      ),
    );
    return h(
      "li",
      {
        class: `banner warning tone-${view.tone}`,
        dataset: { warning: view.code, warningId: String(view.id), tone: view.tone },
      },
      h(
        "div",
        { class: "warning-body" },
        h(
          "p",
          { id: textId, class: "warning-text" },
          h("strong", { class: "warning-level" }, tr(`warningLevel.${view.tone}`)),
          " ",
          view.text,
        ),
        view.detail
          ? h(
              "p",
              { class: "warning-detail" },
              tr("warningDetail"),
              " ",
              // The core's own words (file names): not translated.
              h("span", { class: "path", lang: "en", translate: "no" }, view.detail),
            )
          : null,
        view.time
          ? h("p", { class: "warning-time muted" }, tr("warningNoticed", { ago: formatRelative(app.language, view.time, app.now()) }))
          : null,
      ),
      h("div", { class: "warning-actions" }, actions),
    );
  }

  return {
    render() {
      const configured = app.status && app.status.mode !== "unconfigured";
      const warnings = configured ? warningsFor(app.exports.warnings, app.view) : [];
      const order = [];
      const seen = new Set();
      for (const { warning, ids } of warnings) {
        const view = describe(warning);
        const time = view.time ? formatRelative(app.language, view.time, app.now()) : "";
        const key = [app.language, app.view, view.tone, view.text, view.detail, time, ids].join("|");
        let entry = items.get(view.id);
        if (!entry || entry.key !== key) {
          const el = itemElement(view, ids);
          // Keep keyboard focus on the same button when an item is redrawn.
          const focused = entry?.el.contains(document.activeElement) ? document.activeElement.className : null;
          if (entry) entry.el.replaceWith(el);
          if (focused) el.querySelector(`button[class="${focused}"]`)?.focus();
          entry = { el, key };
          items.set(view.id, entry);
        }
        seen.add(view.id);
        order.push(entry.el);
      }
      for (const [id, entry] of items) {
        if (seen.has(id)) continue;
        // A dismissed warning takes focus with it: hand it to the next one, else to the view.
        if (entry.el.contains(document.activeElement)) {
          const next = entry.el.nextElementSibling ?? entry.el.previousElementSibling;
          const target = next?.querySelector(".warning-dismiss") ?? document.getElementById("main");
          entry.el.remove();
          target?.focus();
        } else {
          entry.el.remove();
        }
        items.delete(id);
      }
      const current = [...root.children];
      if (current.length !== order.length || current.some((el, i) => el !== order[i])) {
        root.replaceChildren(...order);
      }
      root.hidden = order.length === 0;
    },
  };
}
