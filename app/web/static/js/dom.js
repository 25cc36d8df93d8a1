// A tiny DOM builder: every string becomes a text node, so API data is never parsed as HTML.

/**
 * h("a", {href: "/x", class: "c"}, "text", child, [more, children])
 * Attributes: `class`, `dataset` (object), `on<event>` (function), booleans, everything else
 * as an attribute; null/undefined/false attributes and children are skipped.
 */
export function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") {
      node.addEventListener(key.slice(2), value);
    } else if (key === "value") node.value = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Visually hidden text that screen readers still read. */
export const sr = (text) => h("span", { class: "sr-only" }, text);

export function fragment(...children) {
  return append(document.createDocumentFragment(), children);
}
