import { resourceGroups } from "./ipc.js";
import { pickLanguage, serviceName, t } from "./i18n.js";

let language = pickLanguage(localStorage.getItem("language"), navigator.languages);
let groups = [];

function render() {
  document.documentElement.lang = language;
  document.getElementById("language").value = language;
  for (const node of document.querySelectorAll("[data-i18n]")) {
    node.textContent = t(language, node.dataset.i18n);
  }
  document.getElementById("group-count").textContent = t(language, "groupCount", groups.length);

  const byService = new Map();
  for (const group of groups) {
    if (!byService.has(group.service)) byService.set(group.service, []);
    byService.get(group.service).push(group);
  }
  const container = document.getElementById("services");
  container.replaceChildren();
  for (const [service, members] of byService) {
    const section = document.createElement("section");
    section.className = "service";
    const heading = document.createElement("h3");
    heading.textContent = serviceName(language, service);
    const list = document.createElement("ul");
    for (const group of members) {
      const item = document.createElement("li");
      item.textContent = group.label;
      item.title = group.description;
      item.dataset.group = group.id;
      list.append(item);
    }
    section.append(heading, list);
    container.append(section);
  }
}

document.getElementById("language").addEventListener("change", (event) => {
  language = event.target.value;
  localStorage.setItem("language", language);
  render();
});

try {
  groups = await resourceGroups();
} catch (error) {
  const box = document.getElementById("error");
  box.textContent = t(language, "loadFailed");
  box.hidden = false;
  console.error(error);
}
render();
