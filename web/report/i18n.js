// The language of the public pages: ?lang= in the address if given, else the browser's preferred languages
// (any Spanish -> Spanish), else English. The choice lives only in the address, never in storage.
import { catalogues } from './messages.js';

let locale = 'en';

export function currentLocale() {
  return locale;
}

function setLocale(tag) {
  locale = catalogues[tag] ? tag : 'en';
  document.documentElement.lang = locale;
  return locale;
}

export function chooseLocale() {
  const asked = new URLSearchParams(window.location.search).get('lang');
  if (asked && catalogues[asked]) return setLocale(asked);
  for (const tag of navigator.languages || [navigator.language]) {
    const base = String(tag).toLowerCase().split('-')[0];
    if (catalogues[base]) return setLocale(base);
  }
  return setLocale('en');
}

function lookup(catalogue, key) {
  return key.split('.').reduce((node, part) => (node == null ? undefined : node[part]), catalogue);
}

/** The message for a key in the current language (English if missing), with {placeholders} filled in. */
export function t(key, params = {}) {
  const entry = lookup(catalogues[locale], key) ?? lookup(catalogues.en, key);
  if (typeof entry !== 'string') return entry ?? key;
  return entry.replace(/\{(\w+)\}/g, (match, name) => (name in params ? String(params[name]) : match));
}

/** "12 March 2025" from "2025-03-12": a day, never a time (the server keeps no more). */
export function formatDay(day) {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return String(day || '');
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

/**
 * Fill the header's language switch: a link to the other language that changes the page in place (so a form
 * being filled in, or a tracking link shown once, is never lost) and records the choice in the address.
 */
export function languageSwitch(onChange) {
  const nav = document.getElementById('lang');
  const other = locale === 'en' ? 'es' : 'en';
  const url = new URL(window.location.href);
  url.searchParams.set('lang', other);
  const link = document.createElement('a');
  link.href = url.href;
  link.lang = other;
  link.hreflang = other;
  link.className = 'top__switch';
  link.textContent = catalogues[other].self;
  link.addEventListener('click', (event) => {
    event.preventDefault();
    setLocale(other);
    window.history.replaceState(null, '', url.href);
    onChange();
    document.querySelector('#lang a').focus();
  });
  nav.setAttribute('aria-label', t('language'));
  nav.replaceChildren(link);
}
