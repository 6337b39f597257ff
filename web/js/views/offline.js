// Opened with no network and no remembered login: say so, and offer to try again.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { button, pageHeading } from '../ui/components.js';

export function render({ setTitle }) {
  setTitle(t('offline.title'));
  return h('div', { class: 'narrow' },
    pageHeading(t('offline.title')),
    h('p', { text: t('offline.text') }),
    h('div', { class: 'actions' }, button(t('common.retry'), { onclick: () => window.location.reload() })));
}
