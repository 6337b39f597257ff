// A tiny test harness for the browser: test(name, fn) registers a test while its module loads; run.js runs
// them in order. The assertions throw with a message that says what was expected and what came.

export const registered = [];

export function test(name, fn) {
  registered.push({ name, fn });
}

class AssertionError extends Error {}

const show = (value) => {
  if (value instanceof Map) return `Map ${show([...value])}`;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
};

function equalDeep(a, b) {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (a instanceof Map || b instanceof Map) return a instanceof Map && b instanceof Map && equalDeep([...a], [...b]);
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && equalDeep(a[key], b[key]));
}

function fail(message, what) {
  throw new AssertionError(what ? `${what}: ${message}` : message);
}

export const assert = {
  ok(value, what = '') {
    if (!value) fail(`expected a true value, got ${show(value)}`, what);
  },
  equal(actual, expected, what = '') {
    if (!Object.is(actual, expected)) fail(`expected ${show(expected)}, got ${show(actual)}`, what);
  },
  deepEqual(actual, expected, what = '') {
    if (!equalDeep(actual, expected)) fail(`expected ${show(expected)}, got ${show(actual)}`, what);
  },
  /** low <= actual < high */
  within(actual, low, high, what = '') {
    if (!(actual >= low && actual < high)) fail(`expected a value in [${low}, ${high}), got ${show(actual)}`, what);
  },
};

/** Wait until check() is true (polled), failing with `what` after `ms`: for effects that finish a little later. */
export async function until(check, what, ms = 3000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) fail(`still not true after ${ms} ms`, what);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
