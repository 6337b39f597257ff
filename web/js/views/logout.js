// Logging out with changes not yet sent: say so, and keep them (they go after the next login of the same
// person). Nothing is erased silently.
import { h } from '../dom.js';
import { errorMessage } from '../errors.js';
import { t } from '../i18n.js';
import { announce } from '../live.js';
import { go } from '../router.js';
import { logOutNow } from '../shell.js';
import { sendNow, syncStatus } from '../store/store.js';
import { button, linkButton, pageHeading } from '../ui/components.js';

export function render({ setTitle }) {
  setTitle(t('logout.title'));
  const { pending, held } = syncStatus();
  const out = button(t('logout.anyway'), { variant: 'secondary' });
  out.addEventListener('click', async () => {
    try {
      await logOutNow();
    } catch (error) {
      announce(t('shell.logoutFailed', { reason: errorMessage(error) }), { assertive: true });
    }
  });
  const stay = button(t('logout.send'), { variant: 'primary' });
  stay.addEventListener('click', () => {
    sendNow();
    go('/sync');
  });
  return h('div', { class: 'narrow' },
    pageHeading(t('logout.title')),
    h('p', { text: t('logout.waiting', { count: pending + held }) }),
    h('p', { text: t('logout.kept') }),
    h('div', { class: 'actions' }, stay, out, linkButton(t('logout.list'), '#/sync')));
}
