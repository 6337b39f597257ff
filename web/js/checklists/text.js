// Checklist text inside the app's own sentences: the text keeps its own lang attribute when it is shown in a
// language other than the page's (a local checklist without a translation), the sentence around it does not.
import { h } from '../dom.js';
import { t } from '../i18n.js';

const SLOT = '\u0000';

/** t(key, params) with params[name] = text, as nodes: the text in a span marked lang when lang is given. */
export function tWithText(key, params, name, text, lang) {
  if (!lang) return t(key, { ...params, [name]: text });
  const [before, after = ''] = t(key, { ...params, [name]: SLOT }).split(SLOT);
  return [before, h('span', { lang, text }), after];
}
