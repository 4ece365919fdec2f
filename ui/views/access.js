// Access: every sign-in with its access type, the groups it covers, when it ends, and Sign out.
import { h, replaceKeepingFocus } from "../dom.js";
import { joinList } from "../i18n.js";
import { formatRelative, formatTime, toMillis } from "../format.js";

function accessTypes(grant) {
  return [...new Set(Object.values(grant.resources))];
}

function endLine(app, grant) {
  const tr = app.tr;
  if (!grant.refresh_expires_at) return tr("grantNoEnd");
  const now = app.now();
  const time = formatTime(app.language, grant.refresh_expires_at);
  return toMillis(grant.refresh_expires_at) > now
    ? tr("grantEnds", { in: formatRelative(app.language, grant.refresh_expires_at, now), time })
    : tr("grantEnded", { ago: formatRelative(app.language, grant.refresh_expires_at, now) });
}

export function renderAccess(root, app) {
  const tr = app.tr;
  const grants = app.grants;
  // Periodic re-renders must not close the explanation the reader opened.
  const explainOpen = root.querySelector("details.explain")?.open ?? false;
  const cards = (grants ?? []).map((grant) => {
    const groups = Object.keys(grant.resources);
    return h(
      "section",
      { class: `card grant state-${grant.state}`, dataset: { grantId: grant.id, state: grant.state } },
      h(
        "div",
        { class: "export-head" },
        h("h3", {}, tr("grantTitle", { time: formatTime(app.language, grant.created_at) })),
        h("span", { class: `badge grant-${grant.state}` }, tr(`grant.${grant.state}`)),
      ),
      h("p", {}, accessTypes(grant).map((type) => tr(`access.${type}`)).join(" · ")),
      grant.state === "active" ? h("p", { class: "grant-end" }, endLine(app, grant)) : null,
      h(
        "p",
        { class: "muted" },
        tr("grantGroups", { count: groups.length }),
        tr("sentenceJoin"),
        joinList(app.language, groups.map((id) => app.groupName(id))),
      ),
      grant.state === "active"
        ? h(
            "div",
            { class: "lib-actions" },
            h(
              "button",
              {
                type: "button",
                class: "sign-out danger",
                "data-focus-key": `sign-out:${grant.id}`,
                disabled: app.busy.has(`grant:${grant.id}`),
                onclick: () => app.signOut(grant.id),
              },
              tr("signOut"),
            ),
          )
        : null,
    );
  });
  replaceKeepingFocus(
    root,
    h("h2", { class: "view-title", tabindex: "-1" }, tr("accessPageTitle")),
    h(
      "details",
      { class: "card explain", open: explainOpen },
      h("summary", {}, tr("accessTitle")),
      h("ul", {}, h("li", {}, tr("accessOneTime")), h("li", {}, tr("accessTimeBased"))),
    ),
    grants === null
      ? h("p", { class: "empty" }, tr("loading"))
      : cards.length
        ? cards
        : h("p", { class: "empty" }, tr("grantsEmpty")),
  );
}
