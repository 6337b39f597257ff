// The one way user-facing text reaches the screen: t('login.title', {name}) looks the key up in the
// active message catalogue, picks the plural form for {count} and fills in {placeholders}.
import en from './messages/en.js';

const catalogues = { en };
let locale = 'en';
let messages = en;
let plurals = new Intl.PluralRules(locale);

/** Choose the first catalogue that matches the browser's preferred languages (English otherwise). */
export function chooseLocale(preferred = navigator.languages || [navigator.language]) {
  for (const tag of preferred) {
    const base = String(tag).toLowerCase().split('-')[0];
    if (catalogues[base]) return setLocale(base);
  }
  return setLocale('en');
}

export function currentLocale() { return locale; }

function setLocale(tag) {
  locale = catalogues[tag] ? tag : 'en';
  messages = catalogues[locale];
  plurals = new Intl.PluralRules(locale);
  document.documentElement.lang = locale;
  return locale;
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
  return lookup(messages, key) !== undefined || lookup(en, key) !== undefined;
}

export function t(key, params = {}) {
  let entry = lookup(messages, key) ?? lookup(en, key);
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

export function formatNumber(value) {
  return new Intl.NumberFormat(locale).format(value);
}

export function formatDateTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** "Ana, Ben and Chloe": lists joined the way the language joins them. */
export function formatList(items) {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items);
}
