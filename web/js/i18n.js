// The one way user-facing text reaches the screen: t('login.title', {name}) looks the key up in the
// active message catalogue, picks the plural form for {count} and fills in {placeholders}.
//
// English is always loaded (it is the fallback for a key a local build lacks); another language's catalogue
// is fetched when chosen, so a first visit downloads one language. Which language: ?lang= in the address,
// else the person's profile (applied once they are known), else this device's last choice, else the
// browser's preferred languages, else English. An unknown language anywhere means English, never an error.
//
// A catalogue comes in two parts (messages/en/index.js): the frame of every screen with the screens of people
// not logged in, then the rest, loaded once by loadEveryScreen() before the first screen of someone logged in
// is drawn (app.js). The login screen of a first visit downloads only the words it shows.
//
// `qps` is a pseudo-language for testing layouts: every English text lengthened by 40% and accented, so a
// screen that only fits English words shows it. It is never offered, only chosen through ?lang=qps.
import * as english from './messages/en/index.js';
import { LANGUAGE_NAMES, LANGUAGES } from './vocabulary.js';

const PSEUDO = 'qps';
const DEVICE_KEY = 'spaces-audit.lang';
const modules = { en: english }; // language -> its catalogue module
const catalogues = { en: english.default }; // language -> the words loaded so far
const rests = {}; // language -> the download of its rest (one at a time)
const whole = new Set(); // languages whose rest is in their catalogue
let everyScreen = false; // someone is logged in: every language loads its rest with its frame
let everyScreenLoad = null;
const listeners = new Set();
let locale = 'en';
let messages = catalogues.en;
let plurals = new Intl.PluralRules('en');

export { LANGUAGES, LANGUAGE_NAMES };

/** The language shown now: 'en', 'es'... */
export function currentLocale() {
  return locale === PSEUDO ? 'en' : locale;
}

/** A language the app speaks from a tag such as "es-MX" (null for anything else). */
export function known(tag) {
  const base = String(tag || '').toLowerCase().split(/[-_]/)[0];
  return LANGUAGES.includes(base) || base === PSEUDO ? base : null;
}

function deviceChoice() {
  try {
    return window.localStorage.getItem(DEVICE_KEY);
  } catch {
    return null; // storage blocked: the browser's languages decide
  }
}

/** The language to start in, before anyone is known (see the top of this file). */
export function chooseLocale(preferred = navigator.languages || [navigator.language]) {
  const asked = known(new URLSearchParams(window.location.search).get('lang'));
  const tag = asked || known(deviceChoice()) || preferred.map(known).find(Boolean) || 'en';
  return useLanguage(tag);
}

/** True when the address asks for a language: it then wins over the profile (a link shared in one language). */
export function askedInAddress() {
  return Boolean(known(new URLSearchParams(window.location.search).get('lang')));
}

async function rest(tag) {
  rests[tag] ??= modules[tag].rest().catch((error) => {
    delete rests[tag]; // a later screen tries again (offline before the file was kept)
    throw error;
  });
  const more = await rests[tag];
  if (!whole.has(tag)) catalogues[tag] = { ...catalogues[tag], ...more };
  whole.add(tag);
}

async function load(tag) {
  if (tag === PSEUDO) {
    await load('en');
    const { pseudo } = await import('./pseudo.js');
    return pseudo(catalogues.en);
  }
  if (!modules[tag]) {
    modules[tag] = await import(`./messages/${tag}/index.js`);
    catalogues[tag] = modules[tag].default;
  }
  if (everyScreen && !whole.has(tag)) {
    // English as the fallback follows in the background: this language has every key (tests/unit/test_catalogues.py).
    if (tag !== 'en') rest('en').catch(() => {});
    await rest(tag);
  }
  return catalogues[tag];
}

/**
 * The words of every screen, not only the login screen's: loaded once someone is logged in, before their first
 * screen is drawn. Never fails: offline before the files were kept, the screen shows what there is and a
 * later call tries again.
 */
export function loadEveryScreen() {
  everyScreen = true;
  everyScreenLoad ??= (async () => {
    const tag = locale;
    try {
      const catalogue = await load(tag);
      if (tag === locale) messages = catalogue;
    } catch (error) {
      console.warn('Could not load the words of every screen', error);
      everyScreenLoad = null;
    }
  })();
  return everyScreenLoad;
}

/** Show the app in a language (loading its catalogue first); listeners re-render what is on screen. */
export async function useLanguage(tag) {
  const next = known(tag) || 'en';
  let catalogue;
  try {
    catalogue = await load(next);
  } catch {
    return locale; // its file could not be fetched (offline before it was kept): stay in the current one
  }
  const changed = next !== locale;
  locale = next;
  messages = catalogue;
  plurals = new Intl.PluralRules(currentLocale());
  document.documentElement.lang = currentLocale();
  document.documentElement.dir = direction(currentLocale());
  if (changed) listeners.forEach((listener) => listener(locale));
  return locale;
}

// Right-to-left languages need no code here, only their files: the browser knows each language's direction.
function direction(tag) {
  try {
    const info = new Intl.Locale(tag);
    return (info.getTextInfo ? info.getTextInfo() : info.textInfo)?.direction || 'ltr';
  } catch {
    return 'ltr';
  }
}

/** Remember a language on this device (the login screen's choice, and the profile's once logged in). */
export function rememberOnDevice(tag) {
  try {
    window.localStorage.setItem(DEVICE_KEY, tag);
  } catch {
    // storage blocked: the choice lasts for this visit
  }
}

export function onLanguageChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function lookup(catalogue, key) {
  let node = catalogue;
  for (const part of key.split('.')) {
    if (node == null || typeof node !== 'object') return undefined;
    node = node[part];
  }
  return node;
}

/** True when the key exists (used to prefer our own wording for a known error code). */
export function has(key) {
  return lookup(messages, key) !== undefined || lookup(catalogues.en, key) !== undefined;
}

export function t(key, params = {}) {
  let entry = lookup(messages, key) ?? lookup(catalogues.en, key);
  if (entry === undefined) {
    console.warn(`Missing message: ${key}`);
    return key;
  }
  if (typeof entry === 'object') {
    // Plural forms: {one: '...', other: '...'} (and 'zero' for an explicit 0 when a language wants it).
    const count = Number(params.count ?? 0);
    entry = (count === 0 && entry.zero) || entry[plurals.select(count)] || entry.other;
  }
  return entry.replace(/\{(\w+)\}/g, (match, name) => {
    if (!(name in params)) {
      console.warn(`Message ${key} needs {${name}}`);
      return match;
    }
    const value = params[name];
    return typeof value === 'number' ? formatNumber(value) : String(value);
  });
}

/**
 * The label of a member of one of the server's closed lists (web/js/vocabulary.js: roles, finding_states,
 * remedies...). A member the app does not know (a value stored by a newer server) reads as itself, or as
 * `fallback` when one is given (e.g. the server's own English label).
 */
export function label(list, member, fallback) {
  const key = `vocab.${list}.${member}`;
  if (lookup(messages, key) !== undefined || lookup(catalogues.en, key) !== undefined) return t(key);
  return fallback ?? String(member ?? '').replace(/_/g, ' ');
}

// Making an Intl formatter loads the language's rules: the first ListFormat took 20 to 30 ms of a phone's main
// thread while the first screen was being drawn. Each is made once per language and options, then reused.
const formatters = new Map();

function formatter(Kind, options = {}) {
  const key = `${Kind.name} ${currentLocale()} ${JSON.stringify(options)}`;
  if (!formatters.has(key)) formatters.set(key, new Kind(currentLocale(), options));
  return formatters.get(key);
}

export function formatNumber(value) {
  // The app's languages write a whole number below 1,000 in plain digits, and most numbers on screen are such
  // counts: the first NumberFormat alone cost about 30 ms of the first screen's render.
  if (Number.isInteger(value) && Math.abs(value) < 1000) return String(value);
  return formatter(Intl.NumberFormat).format(value);
}

export function formatDateTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return formatter(Intl.DateTimeFormat, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** A calendar day ("2026-03-01", UTC as everywhere) written the app's language's way: "Mar 1, 2026", "1 mar 2026". */
export function formatDay(iso) {
  if (!iso) return '';
  const [year, month, day] = iso.slice(0, 10).split('-').map(Number);
  return formatter(Intl.DateTimeFormat, { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(year, month - 1, day));
}

/** "Ana, Ben and Chloe": lists joined the way the language joins them. */
export function formatList(items) {
  // One name is itself in every language: most people have one role, and the header shows it on every page.
  if (items.length < 2) return items.length ? String(items[0]) : '';
  return formatter(Intl.ListFormat, { style: 'long', type: 'conjunction' }).format(items);
}
