// Set a password from an invitation or reset link: shows whose account, then logs the person in.
import { api } from '../api.js';
import { h } from '../dom.js';
import { formatDateTime, t } from '../i18n.js';
import { announce } from '../live.js';
import { go } from '../router.js';
import { session } from '../session.js';
import { button, fill, loadError, loading, pageHeading } from '../ui/components.js';
import { errorSummary, formErrors, textField } from '../ui/form.js';
import { onSubmit } from '../ui/submit.js';

const MIN_LENGTH = 12;

function unusable(root, message, setTitle) {
  setTitle(t('invitation.invalidTitle'));
  fill(root,
    pageHeading(t('invitation.invalidTitle')),
    h('div', { class: 'notice notice--error' }, h('p', { text: message })),
    h('p', { text: t('invitation.invalidHelp') }),
    h('p', {}, h('a', { href: '#/login', text: t('invitation.toLogin') })));
  announce(message, { assertive: true });
}

function passwordForm(root, token, invitation, setTitle) {
  const purpose = invitation.purpose === 'reset' ? 'reset' : 'invite';
  const title = t(`invitation.${purpose}.title`);
  setTitle(title);
  const password = textField({
    name: 'password', label: t('invitation.password'), type: 'password', autocomplete: 'new-password',
    hint: t('invitation.passwordHint', { min: MIN_LENGTH }), required: true, minlength: String(MIN_LENGTH),
    maxlength: '256',
  });
  const show = h('input', { type: 'checkbox', id: 'show-password' });
  show.addEventListener('change', () => {
    password.control.type = show.checked ? 'text' : 'password';
  });
  const summary = errorSummary();
  const errors = formErrors({ password }, summary);
  const submit = button(t(`invitation.${purpose}.submit`), { type: 'submit', class: 'btn--wide' });
  // A hidden username lets password managers save the new password under the right account.
  const username = h('input', { type: 'email', name: 'username', autocomplete: 'username', value: invitation.email, hidden: true, readonly: true });
  const form = h('form', { class: 'form', novalidate: true },
    summary, username, password.wrapper,
    h('div', { class: 'checkbox' }, show, h('label', { for: 'show-password', text: t('invitation.showPassword') })),
    h('div', { class: 'actions' }, submit));

  onSubmit(form, {
    button: submit, errors,
    read: () => password.control.value,
    check: (value) => (value.length < MIN_LENGTH
      ? ['password', t('invitation.tooShort', { min: MIN_LENGTH, count: value.length })] : null),
    send: async (value) => {
      await api.post(`/api/invitations/${encodeURIComponent(token)}`, { password: value }, { auth: false });
      await session.refresh();
    },
    done: () => {
      announce(t('invitation.done'));
      go('/');
    },
    failed: (error) => {
      if (error.code === 'invitation_invalid') return unusable(root, error.message || t('invitation.invalidTitle'), setTitle);
      return errors.show(error);
    },
  });

  fill(root,
    pageHeading(title),
    h('p', { class: 'lead', text: t(`invitation.${purpose}.intro`, { name: invitation.name, email: invitation.email }) }),
    h('p', { class: 'muted', text: t('invitation.expires', { date: formatDateTime(invitation.expires_at) }) }),
    form);
}

export function render({ params, setTitle }) {
  setTitle(t('invitation.loadingTitle'));
  const root = h('section', { class: 'narrow' }, pageHeading(t('invitation.loadingTitle')), loading());
  const load = async () => {
    try {
      const invitation = await api.get(`/api/invitations/${encodeURIComponent(params.token)}`, null, { auth: false });
      passwordForm(root, params.token, invitation, setTitle);
    } catch (error) {
      if (error.code === 'invitation_invalid' || error.status === 404) {
        return unusable(root, error.message || t('invitation.invalidTitle'), setTitle);
      }
      fill(root, pageHeading(t('invitation.loadingTitle')), loadError(error, load));
    }
  };
  load();
  return root;
}
