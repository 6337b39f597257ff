// A checklist's text in the person's language. The server sends each pinned version with its text in every
// language (`translations`, keyed by the English ids: checklists/README.md), so the app changes language
// without a new download, offline too. Where a language has no text (a local checklist not yet translated)
// the English is shown, and noted in `textLang` so the screen can mark it with a lang attribute.
import { currentLocale } from '../i18n.js';

export const SOURCE = 'en'; // the language checklist files are written in

/** A copy of `node` with `fields` taken from `text`; those left in English are noted in textLang. */
function pick(node, text, fields, lang) {
  const out = { ...node };
  const english = {};
  for (const field of fields) {
    if (!(field in node)) continue;
    if (text && typeof text[field] === 'string') out[field] = text[field];
    else if (lang !== SOURCE) english[field] = SOURCE;
  }
  if (Object.keys(english).length) out.textLang = { ...(node.textLang || {}), ...english };
  return out;
}

function localizeItem(item, text, lang) {
  const guidance = pick(item.guidance || {}, text, ['look_for', 'why'], lang);
  const out = pick(item, text, ['prompt'], lang);
  if (guidance.textLang) out.textLang = { ...(out.textLang || {}), ...guidance.textLang };
  delete guidance.textLang;
  out.guidance = guidance;
  if (item.choices) {
    const labels = (text && text.choices) || {};
    out.choices = item.choices.map((choice) => pick(choice, { label: labels[choice.id] }, ['label'], lang));
  }
  return out;
}

/** The content with its text in `lang` (English where that language has none), without `translations`. */
export function localize(content, lang) {
  const text = (content.translations || {})[lang] || {};
  const sections = text.sections || {};
  const items = text.items || {};
  const rest = { ...content };
  delete rest.translations;
  const out = pick(rest, text, ['title', 'description'], lang);
  out.sections = (content.sections || []).map((section) => ({
    ...pick(section, sections[section.id], ['title', 'description'], lang),
    items: section.items.map((item) => localizeItem(item, items[item.id], lang)),
  }));
  return out;
}

const memo = new WeakMap(); // content -> {lang, value}: localised once per content and language

/** The content in the current language; the same object each time until the language changes. */
export function localized(content) {
  if (!content) return content;
  const lang = currentLocale();
  const known = memo.get(content);
  if (known && known.lang === lang) return known.value;
  const value = localize(content, lang);
  memo.set(content, { lang, value });
  return value;
}

/** The language of a field's text when it is not the page's (for a lang attribute), else null. */
export function langOf(node, field) {
  return (node && node.textLang && node.textLang[field]) || null;
}

/** A field of a checklist summary (GET /api/checklists) as {text, lang}: lang set when it is shown in English. */
export function summaryText(summary, field) {
  const lang = currentLocale();
  const text = ((summary.translations || {})[lang] || {})[field];
  if (text) return { text, lang: null };
  return { text: summary[field], lang: lang === SOURCE ? null : SOURCE };
}
