/* The one DOM toolkit of the three pages. User text only ever goes in through textContent
 * (`text`, string children, setText): nothing here parses HTML. */

/** document.getElementById, short. */
export function byId(id) {
  return document.getElementById(id);
}

/** The first match of a selector under root (default: the document). */
export function q(selector, root) {
  return (root || document).querySelector(selector);
}

/** Every match of a selector under root, as an array. */
export function qa(selector, root) {
  return Array.from((root || document).querySelectorAll(selector));
}

const PROPERTIES = new Set(['hidden', 'checked', 'disabled', 'selected', 'value', 'open', 'required']);

/**
 * Build an element: el('p', {class: 'x', text: 'y', hidden: true, 'aria-label': 'z'}, [children]).
 * `class` sets className, `text` textContent, `dataset` an object of data-* values, `on` an object
 * of event listeners; hidden/checked/disabled/selected/value/open/required are properties; any other
 * key is an attribute (true gives an empty attribute). null, undefined and false are skipped, for
 * attributes and children alike; string children become text nodes.
 */
export function el(tag, attrs, children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'on') for (const [type, fn] of Object.entries(value)) node.addEventListener(type, fn);
    else if (PROPERTIES.has(key)) node[key] = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

/** Append nodes or strings (as text) to a parent, skipping null, undefined and false. */
export function append(parent, children) {
  for (const child of children || []) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number'
      ? document.createTextNode(String(child)) : child);
  }
  return parent;
}

/** Remove every child of a node. */
export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/** Replace a node's children. */
export function replaceChildren(node, children) {
  return append(clear(node), children);
}

/** Show or hide a node (no-op for a missing node; touches the DOM only on a change). */
export function show(node, visible) {
  if (node && node.hidden === !!visible) node.hidden = !visible;
}

/** Set a node's text, touching the DOM only when it changes. */
export function setText(node, text) {
  const value = text === null || text === undefined ? '' : String(text);
  if (node && node.textContent !== value) node.textContent = value;
}

/** Parse the JSON of a <script type="application/json"> element; fallback when missing or broken. */
export function readJSON(id, fallback = {}) {
  const node = document.getElementById(id);
  if (!node) return fallback;
  try {
    const value = JSON.parse(node.textContent);
    return value === null || value === undefined ? fallback : value;
  } catch (e) {
    return fallback;
  }
}
