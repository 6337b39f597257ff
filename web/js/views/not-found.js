// An address the app does not know, or a screen the user's roles do not open.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { pageHeading } from '../ui/components.js';

export function render({ forbidden, setTitle }) {
  const key = forbidden ? 'forbidden' : 'notFound';
  setTitle(t(`${key}.title`));
  return h('div', { class: 'narrow' },
    pageHeading(t(`${key}.title`)),
    h('p', { text: t(`${key}.text`) }),
    h('p', {}, h('a', { href: '#/', text: t('common.home') })));
}
