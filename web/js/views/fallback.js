// The screens app.js shows itself, without fetching a screen's module (one file, since the page loads both
// with the shell): an address the app does not know or a screen the person's roles do not open, and a screen
// opened with no network and no remembered login.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { button, pageHeading } from '../ui/components.js';

/** An address the app does not know, or a screen the user's roles do not open. */
export const notFound = {
  render({ forbidden, setTitle }) {
    const key = forbidden ? 'forbidden' : 'notFound';
    setTitle(t(`${key}.title`));
    return h('div', { class: 'narrow' },
      pageHeading(t(`${key}.title`)),
      h('p', { text: t(`${key}.text`) }),
      h('p', {}, h('a', { href: '#/', text: t('common.home') })));
  },
};

/** Opened with no network and no remembered login: say so, and offer to try again. */
export const offline = {
  render({ setTitle }) {
    setTitle(t('offline.title'));
    return h('div', { class: 'narrow' },
      pageHeading(t('offline.title')),
      h('p', { text: t('offline.text') }),
      h('div', { class: 'actions' }, button(t('common.retry'), { onclick: () => window.location.reload() })));
  },
};
