// Small helpers for building and updating the DOM. No inline styles, no innerHTML.

/**
 * Creates an element: `h("button", {class: "x", dataset: {id: 1}, onclick}, "text", child)`.
 * Attributes whose value is null, undefined or false are left out; true sets an empty one.
 */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "dataset") Object.assign(node.dataset, value);
    else if (name.startsWith("on") && typeof value === "function") {
      node.addEventListener(name.slice(2), value);
    } else if (name in node && typeof value !== "string") node[name] = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  append(node, children);
  return node;
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** Creates an SVG element; attributes are set as given (presentation attributes, not styles,
 * so the CSP's style-src allows them). */
export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces a node's children, keeping keyboard focus on the element with the same
 * `data-focus-key` when the focused one is replaced. */
export function replaceKeepingFocus(container, ...children) {
  const active = document.activeElement;
  const key = active && container.contains(active) ? active.dataset?.focusKey : undefined;
  container.replaceChildren();
  append(container, children);
  if (key) {
    const again = [...container.querySelectorAll("[data-focus-key]")].find(
      (el) => el.dataset.focusKey === key,
    );
    again?.focus();
  }
}

/** Sets text only when it changed, so screen readers are not told the same thing twice. */
export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/**
 * Marks the item under a mouse pointer with `cls` instead of relying on `:hover`, which
 * WebKit leaves set when the pointer leaves the window or the layout moves under a still
 * pointer. The mark goes as soon as the pointer moves off the item, leaves the container or
 * the window, the window loses focus, or `clear()` is called (e.g. after a view switch).
 */
export function trackHover(container, selector, cls = "hover") {
  const clear = () => {
    for (const node of container.querySelectorAll(`.${cls}`)) node.classList.remove(cls);
  };
  const mark = (event) => {
    if (event.pointerType && event.pointerType !== "mouse") return clear();
    const item = event.target instanceof Element ? event.target.closest(selector) : null;
    for (const node of container.querySelectorAll(`.${cls}`)) {
      if (node !== item) node.classList.remove(cls);
    }
    if (item && container.contains(item)) item.classList.add(cls);
  };
  container.addEventListener("pointerover", mark);
  container.addEventListener("pointermove", mark);
  container.addEventListener("pointerleave", clear);
  document.addEventListener("pointerover", (event) => {
    if (!container.contains(event.target)) clear();
  });
  document.documentElement.addEventListener("pointerleave", clear);
  window.addEventListener("blur", clear);
  return { clear };
}
