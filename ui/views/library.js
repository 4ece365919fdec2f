// Library: verified exports grouped by resource group, with Verify (progress and result) and
// Open folder for each, and the backup folder itself.
import { h, replaceKeepingFocus } from "../dom.js";
import { joinList } from "../i18n.js";
import { formatBytes, formatTime, toMillis } from "../format.js";
import { windowText } from "../rows.js";

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

export function renderLibrary(root, app) {
  const tr = app.tr;
  const entries = app.library ?? [];
  const byGroup = new Map();
  for (const entry of [...entries].sort((a, b) => toMillis(b.export_time) - toMillis(a.export_time))) {
    if (!byGroup.has(entry.group)) byGroup.set(entry.group, []);
    byGroup.get(entry.group).push(entry);
  }
  const sections = [...byGroup].map(([group, list]) =>
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
        h("span", { class: "muted" }, tr("libExportsOf", { count: list.length })),
      ),
      h(
        "ul",
        { class: "lib-entries" },
        list.map((entry) => {
          const state = app.verifying.get(entry.dir);
          const result = state?.report;
          const bad = result && (result.changed.length || result.missing.length);
          return h(
            "li",
            { class: "lib-entry", dataset: { dir: entry.dir } },
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
                  "data-focus-key": `verify:${entry.dir}`,
                  disabled: Boolean(state && !state.report),
                  onclick: () => app.verify(entry.dir),
                },
                tr("verify"),
              ),
              h(
                "button",
                {
                  type: "button",
                  class: "open-folder secondary",
                  "data-focus-key": `open:${entry.dir}`,
                  onclick: () => app.openFolder(entry.dir),
                },
                tr("openFolder"),
              ),
            ),
          );
        }),
      ),
    ),
  );
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
    app.library === null
      ? h("p", { class: "empty" }, tr("loading"))
      : sections.length
        ? sections
        : h("p", { class: "empty" }, tr("libraryEmpty")),
  );
}
