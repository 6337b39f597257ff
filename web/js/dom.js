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

// Settled once the first screen has been drawn with what it loads (app.js calls firstScreenDrawn once it shows
// no "Loading…" line), or after DRAWN_MS whatever happens. What that screen does not show (the device's store:
// the outbox, the sync line) waits for it: on a phone's connection its thirty modules would otherwise be fetched
// before the screen's own and hold the first paint back by seconds. A frame, then a task, so the screen is
// painted before they start.
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

/**
 * Resolves once the browser reports a largest paint of an element inside `within` (what was just put there has
 * reached the screen), or after `ms` when it reports none: it stops after the person's first input, and a
 * drawing smaller than an earlier one is not reported. At once where the browser reports none at all (Safari).
 */
export function nextLargestPaint(within, ms = 500) {
  return new Promise((resolve) => {
    const types = (window.PerformanceObserver && PerformanceObserver.supportedEntryTypes) || [];
    let observer = null;
    const timer = setTimeout(finish, ms);
    function finish() {
      clearTimeout(timer);
      observer?.disconnect();
      resolve();
    }
    if (!types.includes('largest-contentful-paint')) {
      finish();
      return;
    }
    observer = new PerformanceObserver((list) => {
      if (list.getEntries().some(({ element }) => element?.isConnected && within.contains(element))) finish();
    });
    observer.observe({ type: 'largest-contentful-paint' });
  });
}

// Work in the background (the device's store, the offline copy) waits for what a screen holds it back for: the
// walk's first drawing, until it has been painted (views/walk.js). Read when that work is about to start.
let held = Promise.resolve();

export function holdBackground(until) {
  held = Promise.all([held, until]).catch(() => {});
}

export const backgroundFree = () => held;

export function firstScreenDrawn() {
  afterPaint(() => backgroundFree().then(drawn));
}
