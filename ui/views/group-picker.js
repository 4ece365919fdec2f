// The group picker of Back up and of Schedules: groups under their service, a search, select
// all (of what the search leaves) at the top and per service, and optional marks per group.
// Built once per language and group list, then updated in place, so focus and scrolling stay.
import { h, setText } from "../dom.js";
import { groupText, serviceName } from "../i18n.js";
import { byService, filterGroups, selectionState, setAll, toggle } from "../pick.js";

/**
 * `options`:
 * - `name`: what ids and data attributes start with ("pick", "schedule");
 * - `groups()`: the groups offered (catalog entries), in catalog order;
 * - `selected()` / `select(next)`: the ticked ids (a Set) and how to change them;
 * - `query()` / `search(text)`: the search text and how to change it;
 * - `disabled()`: whether ticking is closed (a backup under way);
 * - `marks(group)`: nodes shown beside a group, with `marksKey(group)` saying when they change.
 */
export function createGroupPicker(app, options) {
  const { name } = options;
  const dataKey = name === "pick" ? "group" : `${name}Group`;
  const idOf = (id) => (name === "pick" ? `group-${id}` : `${name}-group-${id}`);
  let builtFor = null;
  const parts = {};
  const element = h("div", { class: "group-picker", dataset: { picker: name } });

  const visibleGroups = () => filterGroups(app.language, options.groups(), options.query());

  function build(groups) {
    const tr = app.tr;
    parts.search = h("input", {
      type: "search",
      id: `${name}-search`,
      class: "group-search",
      placeholder: tr("searchPlaceholder"),
      autocomplete: "off",
      spellcheck: "false",
      value: options.query(),
      dataset: { focusKey: `${name}-search` },
      oninput: (e) => options.search(e.target.value),
    });
    parts.all = h("input", {
      type: "checkbox",
      id: `${name}-select-all`,
      class: "select-all",
      dataset: { focusKey: `${name}-all` },
      onchange: (e) => options.select(setAll(options.selected(), visibleGroups(), e.target.checked)),
    });
    parts.allText = h("span", {});
    parts.noMatches = h("p", { class: "empty", hidden: true });
    parts.services = new Map();
    parts.groups = new Map();
    const sections = byService(groups).map(({ service, groups: inService }) => {
      const all = h("input", {
        type: "checkbox",
        class: "select-service",
        dataset: { service, focusKey: `${name}-service-${service}` },
        "aria-label": tr("selectAllIn", { service: serviceName(app.language, service) }),
        onchange: (e) => {
          const shown = visibleGroups().filter((g) => g.service === service);
          options.select(setAll(options.selected(), shown, e.target.checked));
        },
      });
      const items = inService.map((group) => {
        const text = groupText(app.language, group);
        const box = h("input", {
          type: "checkbox",
          id: idOf(group.id),
          dataset: { [dataKey]: group.id, focusKey: `${name}-group-${group.id}` },
          "aria-describedby": `${idOf(group.id)}-desc`,
          onchange: () => options.select(toggle(options.selected(), group.id)),
        });
        const marks = h("span", { class: "marks" });
        const item = h(
          "li",
          { class: "group" },
          box,
          h(
            "label",
            { for: idOf(group.id) },
            h("span", { class: "group-label" }, text.label),
            h("span", { class: "group-desc", id: `${idOf(group.id)}-desc` }, text.description),
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
      parts.services.set(service, { all, section, groups: inService });
      return section;
    });
    element.replaceChildren(
      h(
        "div",
        { class: "search" },
        h("label", { for: `${name}-search` }, tr("searchLabel")),
        parts.search,
      ),
      h("label", { class: "select-all-row" }, parts.all, parts.allText),
      parts.noMatches,
      h("div", { class: "service-list" }, sections),
    );
  }

  function update() {
    const groups = options.groups();
    const key = `${app.language}|${groups.map((g) => g.id).join(",")}`;
    if (builtFor !== key) {
      build(groups);
      builtFor = key;
    }
    const tr = app.tr;
    const selected = options.selected();
    const disabled = Boolean(options.disabled?.());
    const shown = visibleGroups();
    const visible = new Set(shown.map((g) => g.id));
    for (const { group, box, marks, item } of parts.groups.values()) {
      box.checked = selected.has(group.id);
      box.disabled = disabled;
      item.hidden = !visible.has(group.id);
      if (options.marks) {
        const marksKey = options.marksKey(group) + app.language;
        if (marks.dataset.key !== marksKey) {
          marks.replaceChildren(...options.marks(group));
          marks.dataset.key = marksKey;
        }
      }
    }
    for (const { all, section, groups: inService } of parts.services.values()) {
      const inView = inService.filter((g) => visible.has(g.id));
      section.hidden = inView.length === 0;
      const state = selectionState(selected, inView);
      all.checked = state === "all";
      all.indeterminate = state === "some";
      all.disabled = disabled;
    }
    const state = selectionState(selected, shown);
    parts.all.checked = state === "all";
    parts.all.indeterminate = state === "some";
    parts.all.disabled = disabled || shown.length === 0;
    const query = options.query().trim();
    setText(parts.allText, query ? tr("selectAllFound", { count: shown.length }) : tr("selectAllGroups", { count: shown.length }));
    parts.noMatches.hidden = visible.size > 0;
    setText(parts.noMatches, tr("noMatches", { query: options.query() }));
  }

  return { element, update };
}
