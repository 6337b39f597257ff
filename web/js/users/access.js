// Disable or enable an account, after an inline confirmation (no modal dialog to trap focus in).
import { api } from '../api.js';
import { h } from '../dom.js';
import { errorMessage } from '../errors.js';
import { t } from '../i18n.js';
import { announce } from '../live.js';
import { button, fill, notice } from '../ui/components.js';
import { isBusy, whileBusy } from '../ui/submit.js';

export function accessSection(user, { isSelf, onChanged }) {
  const body = h('div', {});
  const section = h('section', { class: 'section', 'aria-labelledby': 'access-heading' },
    h('h2', { id: 'access-heading', text: t('userDetail.access.title') }), body);
  const action = user.disabled ? 'enable' : 'disable';

  const showIdle = (focus = false) => {
    const start = button(t(`userDetail.access.${action}`), { variant: action === 'disable' ? 'danger' : 'secondary' });
    start.addEventListener('click', showConfirm);
    fill(body,
      h('p', { text: t(user.disabled ? 'userDetail.access.isDisabled' : 'userDetail.access.isActive', { name: user.name }) }),
      isSelf && !user.disabled
        ? h('p', { class: 'muted', text: t('userDetail.access.notSelf') })
        : h('div', { class: 'actions' }, start));
    if (focus) start.focus();
  };

  function showConfirm() {
    const heading = h('h3', { id: 'confirm-heading', tabindex: '-1', text: t(`userDetail.access.${action}Confirm.title`, { name: user.name }) });
    const error = notice('', 'error', { hidden: true, tabindex: '-1' });
    const confirm = button(t(`userDetail.access.${action}Confirm.yes`, { name: user.name }), { variant: action === 'disable' ? 'danger' : 'primary' });
    confirm.addEventListener('click', async () => {
      if (isBusy(confirm)) return;
      try {
        const updated = await whileBusy(confirm, t('common.saving'),
          () => api.patch(`/api/users/${encodeURIComponent(user.id)}`, { disabled: action === 'disable' }));
        announce(t(`userDetail.access.${action}d`, { name: updated.name }));
        onChanged(updated, t(`userDetail.access.${action}d`, { name: updated.name }));
      } catch (err) {
        error.textContent = errorMessage(err);
        error.hidden = false;
        error.focus();
        announce(error.textContent, { assertive: true });
      }
    });
    const confirmPanel = h('div', { class: 'confirm', role: 'group', 'aria-labelledby': 'confirm-heading' },
      heading,
      h('p', { text: t(`userDetail.access.${action}Confirm.text`, { name: user.name }) }),
      error,
      h('div', { class: 'actions' }, confirm, button(t('common.cancel'), { variant: 'secondary', onclick: () => showIdle(true) })));
    fill(body, confirmPanel);
    heading.focus();
  }

  showIdle();
  return section;
}
