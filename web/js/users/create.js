// The inline panel that adds a user and then shows their invitation link to copy.
import { api } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { announce } from '../live.js';
import { button, fill, invitationLink } from '../ui/components.js';
import { checkboxGroup, errorSummary, formErrors, textField } from '../ui/form.js';
import { onSubmit } from '../ui/submit.js';
import { roleOptions } from './roles.js';

/** onCreated(user) refreshes the list; onClose() hides the panel. */
export function createUserPanel({ onCreated, onClose }) {
  const panel = h('section', { class: 'panel', 'aria-labelledby': 'create-user-heading', hidden: true });

  const showForm = () => {
    const email = textField({ name: 'email', label: t('users.create.email'), type: 'email', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'none', required: true });
    const name = textField({ name: 'name', label: t('users.create.name'), autocomplete: 'off', required: true });
    const roles = checkboxGroup({ name: 'roles', legend: t('users.create.roles'), hint: t('users.create.rolesHint'), options: roleOptions() });
    const summary = errorSummary();
    const errors = formErrors({ email, name, roles }, summary);
    const submit = button(t('users.create.submit'), { type: 'submit' });
    const form = h('form', { class: 'form', novalidate: true },
      summary, email.wrapper, name.wrapper, roles.wrapper,
      h('div', { class: 'actions' }, submit, button(t('common.cancel'), { variant: 'secondary', onclick: onClose })));

    onSubmit(form, {
      button: submit, errors,
      read: () => ({ email: email.control.value.trim(), name: name.control.value.trim(), roles: roles.values() }),
      check: (values) => {
        if (!values.email) return ['email', t('users.create.emailRequired')];
        if (!values.name) return ['name', t('users.create.nameRequired')];
        if (!values.roles.length) return ['roles', t('users.create.rolesRequired')];
        return null;
      },
      send: (values) => api.post('/api/users', values),
      done: (result) => {
        showResult(result);
        onCreated(result.user);
      },
    });
    fill(panel, h('h2', { id: 'create-user-heading', text: t('users.create.title') }), form);
  };

  const showResult = ({ user, invitation }) => {
    const heading = h('h2', { id: 'create-user-heading', tabindex: '-1', text: t('users.create.done', { name: user.name }) });
    fill(panel, heading,
      invitationLink(invitation, user.name),
      // Adding several people in a row is the common case (a new team): the next one is the first action.
      h('div', { class: 'actions' },
        button(t('users.create.another'), { onclick: () => { showForm(); panel.querySelector('input').focus(); } }),
        h('a', { class: 'btn btn--secondary', href: `#/users/${encodeURIComponent(user.id)}`, text: t('users.create.open') }),
        button(t('common.close'), { variant: 'quiet', onclick: onClose })));
    heading.focus();
    announce(t('users.create.done', { name: user.name }));
  };

  return {
    panel,
    /** The form, with its first field focused: a new one when the panel is closed or shows who was just added
     * (the "Add a user" button then means the next person), the one being filled in otherwise. */
    open() {
      if (panel.hidden || !panel.querySelector('form')) showForm();
      panel.hidden = false;
      panel.querySelector('input').focus();
    },
    close() {
      panel.hidden = true;
      panel.replaceChildren();
    },
  };
}
