// First run: who can use the API, then the simulator or the person's own Google Cloud client.
import { h, replaceKeepingFocus } from "../dom.js";

export const TAKEOUT_URL = "https://takeout.google.com";
export const CONSOLE_URL = "https://console.cloud.google.com";

export function renderFirst(root, app) {
  const tr = app.tr;
  const link = (url, text) =>
    h("a", { href: url, class: "external", onclick: app.openExternal }, text);
  replaceKeepingFocus(
    root,
    h("h2", { tabindex: "-1", class: "view-title" }, tr("firstTitle")),
    h("p", { class: "lead" }, tr("firstIntro")),
    h(
      "section",
      { class: "card who", "aria-labelledby": "who-title" },
      h("h3", { id: "who-title" }, tr("whoTitle")),
      h("p", {}, tr("whoText")),
      h("p", {}, tr("whoNot")),
      h("p", {}, tr("takeoutText"), " ", link(TAKEOUT_URL, tr("takeoutLink")), tr("sentenceEnd")),
    ),
    h(
      "div",
      { class: "choices" },
      h(
        "section",
        { class: "card choice", "aria-labelledby": "demo-title" },
        h("h3", { id: "demo-title" }, tr("demoTitle")),
        h("p", {}, tr("demoText")),
        h(
          "button",
          {
            type: "button",
            id: "start-demo",
            class: "primary",
            "data-focus-key": "start-demo",
            disabled: app.busy.has("setup"),
            onclick: app.startDemo,
          },
          tr("demoButton"),
        ),
      ),
      h(
        "section",
        { class: "card choice", "aria-labelledby": "client-title" },
        h("h3", { id: "client-title" }, tr("clientTitle")),
        h("p", {}, tr("clientText")),
        h(
          "ol",
          { class: "steps" },
          h("li", {}, tr("step1"), " ", link(CONSOLE_URL, tr("consoleLink"))),
          h("li", {}, tr("step2")),
          h("li", {}, tr("step3")),
          h("li", {}, tr("step4")),
          h("li", {}, tr("step5")),
        ),
        h("p", { class: "hint" }, tr("testingHint")),
        h(
          "button",
          {
            type: "button",
            id: "import-client",
            class: "secondary",
            "data-focus-key": "import-client",
            disabled: app.busy.has("setup"),
            onclick: app.importClient,
          },
          tr("importButton"),
        ),
      ),
    ),
  );
}
