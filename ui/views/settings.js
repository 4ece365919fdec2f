// Settings: backup folder, parallel downloads, the backup history (on or off, its folder or
// server, the password of one made elsewhere, what it keeps, saving its password), keep running
// in the tray, start at login, language and theme. Each change is kept at once; what applies from the next start says so.
import { h, replaceKeepingFocus } from "../dom.js";
import { PARALLEL_MAX, PARALLEL_MIN, REPOSITORY_TEXT, RETENTION_KEYS, THEMES } from "../settings.js";
import { RETENTION_LAST_MIN, RETENTION_MAX } from "../generated/vocabulary.js";

function field(id, label, note, control) {
  const noteId = note ? `${id}-note` : null;
  control.setAttribute("id", id);
  if (noteId) control.setAttribute("aria-describedby", noteId);
  return h(
    "div",
    { class: "setting" },
    h("label", { for: id }, label),
    control,
    note ? h("p", { id: noteId, class: "muted" }, note) : null,
  );
}

function checkbox(id, label, note, checked, onchange) {
  const noteId = `${id}-note`;
  return h(
    "div",
    { class: "setting setting-check" },
    h(
      "label",
      { class: "check" },
      h("input", { type: "checkbox", id, checked, "aria-describedby": noteId, dataset: { focusKey: id }, onchange }),
      label,
    ),
    h("p", { id: noteId, class: "muted" }, note),
  );
}

/**
 * The history: kept or not, where, how much of each group (from the next start), and its
 * password saved to a file (while a history is in use).
 */
function historyCard(app) {
  const tr = app.tr;
  const s = app.settings;
  const inUse = app.status?.history ?? null;
  const needsPassword = app.historyRepository === "needs_password";
  const place = s.history_server ?? s.history_dir ?? (app.status?.mode === "google" ? inUse : null);
  const retention = (key) =>
    field(
      `keep-${key}`,
      tr(`settingsKeep.${key}`),
      null,
      h("input", {
        type: "number",
        min: key === "last" ? RETENTION_LAST_MIN : 0,
        max: RETENTION_MAX,
        step: 1,
        value: s.retention[key],
        disabled: !s.history,
        dataset: { focusKey: `keep-${key}` },
        onchange: (event) => app.changeSetting("retention", { ...s.retention, [key]: event.target.value }),
      }),
    );
  return h(
    "section",
    { class: "card", "aria-labelledby": "settings-history" },
    h("h3", { id: "settings-history" }, tr("settingsHistoryTitle")),
    checkbox("history-keep", tr("settingsHistoryKeep"), tr("settingsHistoryKeepNote"), s.history, (event) =>
      app.changeSetting("history", event.target.checked),
    ),
    h(
      "div",
      { class: "setting" },
      h("p", { id: "history-place", class: "path" }, place ?? tr("settingsHistoryDefault")),
      h(
        "div",
        { class: "lib-actions" },
        h(
          "button",
          { type: "button", class: "secondary", id: "choose-history-folder", "aria-describedby": "history-place-note", disabled: !s.history, onclick: app.chooseHistoryFolder },
          tr("settingsFolderChoose"),
        ),
        s.history_dir || s.history_server
          ? h("button", { type: "button", class: "quiet", id: "default-history-folder", onclick: app.defaultHistoryPlace }, tr("settingsHistoryReset"))
          : null,
      ),
      h("p", { id: "history-place-note", class: "muted" }, tr("settingsHistoryPlaceNote")),
      app.historyRepository
        ? h("p", { id: "history-repository", role: "status", class: needsPassword ? "hint" : null }, tr(REPOSITORY_TEXT[app.historyRepository]))
        : null,
    ),
    // Asked for where it is needed, else offered after the server.
    needsPassword ? givenPasswordForm(app) : null,
    serverForm(app),
    needsPassword ? null : givenPasswordForm(app),
    h(
      "fieldset",
      { class: "setting retention", "aria-describedby": "retention-note" },
      h("legend", {}, tr("settingsKeepTitle")),
      RETENTION_KEYS.map(retention),
      h("p", { id: "retention-note", class: "muted" }, tr("settingsKeepNote")),
    ),
    inUse
      ? h(
          "div",
          { class: "setting" },
          h("p", { class: "muted" }, tr("settingsHistoryNote")),
          h(
            "div",
            { class: "lib-actions" },
            h("button", { type: "button", class: "secondary", id: "save-history-password", onclick: app.saveHistoryPassword }, tr("settingsHistorySave")),
          ),
          app.historyPasswordFile
            ? h("p", { id: "history-password-saved", role: "status" }, tr("settingsHistorySaved", { file: app.historyPasswordFile }))
            : null,
        )
      : null,
  );
}

/**
 * A restic REST server for the history instead of a folder: its address and password, what
 * is typed kept across redraws (`app.serverDraft`), checked by the core before it is kept.
 */
function serverForm(app) {
  const tr = app.tr;
  const s = app.settings;
  const draft = app.serverDraft;
  const typed = (key) => (event) => {
    app.serverDraft = { ...app.serverDraft, [key]: event.target.value };
  };
  const disabled = !s.history || app.checkingServer;
  return h(
    "form",
    {
      class: "server-form",
      onsubmit: (event) => {
        event.preventDefault();
        app.chooseHistoryServer();
      },
    },
    h(
      "fieldset",
      { class: "setting server" },
      h("legend", {}, tr("settingsServerTitle")),
      field(
        "history-server",
        tr("settingsServerAddress"),
        tr("settingsServerNote"),
        h("input", {
          type: "text",
          value: draft.address,
          placeholder: "rest:https://user@nas:8000/carryout/",
          required: true,
          autocomplete: "off",
          spellcheck: false,
          disabled,
          dataset: { focusKey: "history-server" },
          oninput: typed("address"),
        }),
      ),
      field(
        "history-server-password",
        tr("settingsServerPassword"),
        null,
        h("input", {
          type: "password",
          value: draft.password,
          autocomplete: "off",
          disabled,
          dataset: { focusKey: "history-server-password" },
          oninput: typed("password"),
        }),
      ),
      h(
        "div",
        { class: "lib-actions" },
        h("button", { type: "submit", class: "secondary", id: "use-history-server", disabled }, tr(app.checkingServer ? "settingsServerChecking" : "settingsServerUse")),
      ),
    ),
  );
}

/**
 * The password of a history made elsewhere (another computer, restic itself), checked by the
 * core against the history at the place above; what is typed is kept across redraws only
 * (`app.givenPassword`) and leaves the page once used.
 */
function givenPasswordForm(app) {
  const tr = app.tr;
  const disabled = !app.settings.history || app.checkingPassword;
  return h(
    "form",
    {
      class: "server-form",
      onsubmit: (event) => {
        event.preventDefault();
        app.giveHistoryPassword();
      },
    },
    h(
      "fieldset",
      { class: "setting server" },
      h("legend", {}, tr("settingsGivenTitle")),
      field(
        "history-given-password",
        tr("settingsGivenPassword"),
        tr("settingsGivenNote"),
        h("input", {
          type: "password",
          value: app.givenPassword,
          required: true,
          autocomplete: "off",
          disabled,
          dataset: { focusKey: "history-given-password" },
          oninput: (event) => {
            app.givenPassword = event.target.value;
          },
        }),
      ),
      h(
        "div",
        { class: "lib-actions" },
        h("button", { type: "submit", class: "secondary", id: "use-history-password", disabled }, tr(app.checkingPassword ? "settingsGivenChecking" : "settingsGivenUse")),
      ),
    ),
  );
}

export function renderSettings(root, app) {
  const tr = app.tr;
  const s = app.settings;
  if (!s) return replaceKeepingFocus(root, h("h2", { class: "view-title", tabindex: "-1" }, tr("settingsTitle")), h("p", { class: "empty" }, tr("loading")));
  const configured = app.status && app.status.mode !== "unconfigured";
  const folder = s.backup_dir ?? (app.status?.mode === "google" ? app.status.backup_dir : null);
  const option = (value, text, selected, lang) => h("option", { value, selected, lang }, text);
  replaceKeepingFocus(
    root,
    h("h2", { class: "view-title", tabindex: "-1" }, tr("settingsTitle")),
    configured ? null : h("button", { type: "button", class: "secondary", id: "settings-back", onclick: app.closeSettings }, tr("settingsBack")),
    h(
      "section",
      { class: "card", "aria-labelledby": "settings-backup" },
      h("h3", { id: "settings-backup" }, tr("settingsBackupTitle")),
      h(
        "div",
        { class: "setting" },
        h("p", { id: "backup-folder", class: "path" }, folder ?? tr("settingsFolderDefault")),
        h(
          "div",
          { class: "lib-actions" },
          h("button", { type: "button", class: "secondary", id: "choose-folder", "aria-describedby": "backup-folder-note", onclick: app.chooseBackupFolder }, tr("settingsFolderChoose")),
          s.backup_dir
            ? h("button", { type: "button", class: "quiet", id: "default-folder", onclick: () => app.changeSetting("backup_dir", null) }, tr("settingsFolderReset"))
            : null,
        ),
        h("p", { id: "backup-folder-note", class: "muted" }, tr("settingsFolderNote")),
      ),
      field(
        "parallel-downloads",
        tr("settingsParallel", { max: PARALLEL_MAX }),
        tr("settingsParallelNote"),
        h("input", {
          type: "number",
          min: PARALLEL_MIN,
          max: PARALLEL_MAX,
          step: 1,
          value: s.parallel_downloads,
          dataset: { focusKey: "parallel-downloads" },
          onchange: (event) => app.changeSetting("parallel_downloads", event.target.value),
        }),
      ),
    ),
    historyCard(app),
    h(
      "section",
      { class: "card", "aria-labelledby": "settings-background" },
      h("h3", { id: "settings-background" }, tr("settingsBackgroundTitle")),
      checkbox("keep-in-tray", tr("settingsKeepInTray"), tr("settingsKeepInTrayNote"), s.keep_in_tray === true, (event) =>
        app.changeSetting("keep_in_tray", event.target.checked),
      ),
      checkbox("start-at-login", tr("settingsStartAtLogin"), tr("settingsStartAtLoginNote"), s.start_at_login, (event) =>
        app.changeSetting("start_at_login", event.target.checked),
      ),
    ),
    h(
      "section",
      { class: "card", "aria-labelledby": "settings-look" },
      h("h3", { id: "settings-look" }, tr("settingsLookTitle")),
      field(
        "language",
        tr("language"),
        null,
        h(
          "select",
          { dataset: { focusKey: "language" }, onchange: (event) => app.changeSetting("language", event.target.value) },
          option("", tr("settingsSystem"), !s.language),
          option("en", "English", s.language === "en", "en"),
          option("zh-TW", "繁體中文", s.language === "zh-TW", "zh-TW"),
        ),
      ),
      field(
        "theme",
        tr("settingsTheme"),
        null,
        h(
          "select",
          { dataset: { focusKey: "theme" }, onchange: (event) => app.changeSetting("theme", event.target.value) },
          THEMES.map((theme) => option(theme, tr(`theme.${theme}`), s.theme === theme)),
        ),
      ),
    ),
  );
}
