// One user (administrators): edit name and roles, new set-password link, disable or enable.
import { api } from '../api.js';
import { h } from '../dom.js';
import { errorMessage } from '../errors.js';
import { formatDateTime, t } from '../i18n.js';
import { announce } from '../live.js';
import { session } from '../session.js';
import { backLink, badge, button, details, fill, invitationLink, loadError, loading, notice, pageHeading } from '../ui/components.js';
import { checkboxGroup, errorSummary, formErrors, textField } from '../ui/form.js';
import { isBusy, onSubmit, savedNotice, whileBusy } from '../ui/submit.js';
import { accessSection } from '../users/access.js';
import { roleOptions } from '../users/roles.js';

function statusBadge(user) {
  if (user.disabled) return badge(t('users.status.disabled'), 'muted');
  if (!user.has_password) return badge(t('users.status.invited'), 'warning');
  return badge(t('users.status.active'), 'ok');
}

function editForm(user, onSaved) {
  const name = textField({ name: 'name', label: t('userDetail.edit.name'), value: user.name, autocomplete: 'off', required: true });
  const roles = checkboxGroup({ name: 'roles', legend: t('userDetail.edit.roles'), options: roleOptions(), values: user.roles });
  const summary = errorSummary();
  const errors = formErrors({ name, roles }, summary);
  const saved = savedNotice(t('userDetail.edit.saved'));
  const submit = button(t('userDetail.edit.submit'), { type: 'submit' });
  const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'edit-heading' },
    summary, name.wrapper, roles.wrapper, h('div', { class: 'actions' }, submit), saved.element);
  onSubmit(form, {
    button: submit, errors, saved,
    read: () => ({ name: name.control.value.trim(), roles: roles.values() }),
    check: (values) => {
      if (!values.name) return ['name', t('users.create.nameRequired')];
      if (!values.roles.length) return ['roles', t('users.create.rolesRequired')];
      return null;
    },
    send: (values) => api.patch(`/api/users/${encodeURIComponent(user.id)}`, values),
    done: onSaved,
  });
  return h('section', { class: 'section', 'aria-labelledby': 'edit-heading' },
    h('h2', { id: 'edit-heading', text: t('userDetail.edit.title') }), form);
}

function linkSection(user) {
  const result = h('div', {});
  const error = notice('', 'error', { hidden: true, tabindex: '-1' });
  const create = button(t('userDetail.link.create'), { variant: 'secondary' });
  create.addEventListener('click', async () => {
    if (isBusy(create)) return;
    error.hidden = true;
    try {
      const invitation = await whileBusy(create, t('common.saving'),
        () => api.post(`/api/users/${encodeURIComponent(user.id)}/invitations`, {}));
      fill(result, invitationLink(invitation, user.name));
      announce(t('userDetail.link.created'));
      result.querySelector('input').focus();
    } catch (err) {
      error.textContent = errorMessage(err);
      announce(error.textContent, { assertive: true });
      error.hidden = false;
      error.focus();
    }
  });
  return h('section', { class: 'section', 'aria-labelledby': 'link-heading' },
    h('h2', { id: 'link-heading', text: t('userDetail.link.title') }),
    h('p', { text: t(user.has_password ? 'userDetail.link.textReset' : 'userDetail.link.textInvite', { name: user.name }) }),
    h('div', { class: 'actions' }, create), error, result);
}

export function render({ params, setTitle }) {
  setTitle(t('userDetail.loading'));
  const root = h('div', {}, backLink(t('userDetail.back'), '#/users'), pageHeading(t('userDetail.loading')), loading());

  const show = (user, message) => {
    setTitle(user.name || user.email);
    const isSelf = session.user && session.user.id === user.id;
    fill(root,
      backLink(t('userDetail.back'), '#/users'),
      h('div', { class: 'page-head' }, pageHeading(user.name || user.email), statusBadge(user)),
      message ? notice(message, 'success') : null,
      details([
        [t('userDetail.fields.email'), user.email],
        [t('userDetail.fields.password'), user.has_password ? t('userDetail.fields.passwordSet') : t('userDetail.fields.passwordNotSet')],
        [t('userDetail.fields.created'), formatDateTime(user.created_at)],
        [t('userDetail.fields.lastLogin'), user.last_login_at ? formatDateTime(user.last_login_at) : t('userDetail.fields.never')],
      ]),
      editForm(user, (updated) => {
        // The heading and badge show the saved name; keep the form as it is.
        root.querySelector('h1').textContent = updated.name || updated.email;
        setTitle(updated.name || updated.email);
        if (isSelf) session.refresh().catch(() => {});
      }),
      user.disabled ? null : linkSection(user),
      accessSection(user, {
        isSelf,
        onChanged: (updated, text) => {
          show(updated, text);
          root.querySelector('h1').focus();
        },
      }));
  };

  const load = async () => {
    try {
      show(await api.get(`/api/users/${encodeURIComponent(params.id)}`));
    } catch (error) {
      fill(root, backLink(t('userDetail.back'), '#/users'), pageHeading(t('userDetail.notLoaded')), loadError(error, load));
    }
  };
  load();
  return root;
}
