// Build DOM from elements and text nodes only: no innerHTML, no style attributes (the CSP forbids them).

const PROPERTIES = new Set(['value', 'checked', 'selected', 'disabled', 'hidden', 'multiple', 'indeterminate']);

/**
 * h('button', {class: 'btn', type: 'button', onclick: fn}, 'Save')
 * Props: class, text, dataset, on<event> listeners, DOM properties (value, checked, hidden...), and any
 * other attribute (aria-*, for, href...). null, undefined and false are left out.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value == null || value === false) continue;
    if (key === 'style') throw new Error('Inline styles break the Content-Security-Policy: use a class.');
    if (key === 'class') el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (PROPERTIES.has(key)) el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

let counter = 0;
/** A unique id for label/aria wiring. */
export function uid(prefix = 'id') {
  counter += 1;
  return `${prefix}-${counter}`;
}

// Settled once the first screen has been drawn (app.js calls firstScreenDrawn after showing it), or after
// DRAWN_MS whatever happens. What that screen does not show (the device's store: the outbox, the sync line)
// waits for it: on a phone's connection its thirty modules would otherwise be fetched before the screen's own
// and hold the first paint back by seconds. A frame, then a task, so the screen is painted before they start.
const DRAWN_MS = 3000;
let drawn;
export const screenDrawn = new Promise((resolve) => {
  drawn = resolve;
  setTimeout(resolve, DRAWN_MS);
});

/** fn once what is on screen now has been painted and shown: two frames (the first one's paint reaches the
 * screen only after its callbacks), then a task. */
export function afterPaint(fn) {
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(fn, 0)));
}

export function firstScreenDrawn() {
  afterPaint(drawn);
}
