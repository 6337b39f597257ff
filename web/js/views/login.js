// Log in with email and password; server errors are shown above the form and announced.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { announce } from '../live.js';
import { go } from '../router.js';
import { session } from '../session.js';
import { button, notice, pageHeading } from '../ui/components.js';
import { followProfile, languageSwitch } from '../ui/language.js';
import { errorSummary, formErrors, textField } from '../ui/form.js';
import { onSubmit } from '../ui/submit.js';

const REASONS = new Set(['expired', 'logged-out']);

function nextRoute(query) {
  const next = query.get('next') || '/';
  // Only a route of this app: never somewhere else.
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return { path: '/', query: {} };
  const [path, search = ''] = next.split('?');
  return { path, query: Object.fromEntries(new URLSearchParams(search)) };
}

export function render({ query, setTitle }) {
  setTitle(t('login.title'));
  const reason = query.get('reason');
  const email = textField({
    name: 'email', label: t('login.email'), type: 'email', autocomplete: 'username', inputmode: 'email',
    spellcheck: 'false', autocapitalize: 'none', required: true,
  });
  const password = textField({
    name: 'password', label: t('login.password'), type: 'password', autocomplete: 'current-password', required: true,
  });
  const summary = errorSummary();
  const errors = formErrors({ email, password }, summary);
  const submit = button(t('login.submit'), { type: 'submit', class: 'btn--wide' });

  const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'login-heading' },
    summary, email.wrapper, password.wrapper, h('div', { class: 'actions' }, submit));

  onSubmit(form, {
    button: submit, errors, busyLabel: t('login.submitting'),
    read: () => ({ email: email.control.value.trim(), password: password.control.value }),
    check: (values) => {
      if (!values.email) return ['email', t('login.emailRequired')];
      if (!values.password) return ['password', t('login.passwordRequired')];
      return null;
    },
    send: async (values) => {
      await session.login(values.email, values.password);
      await followProfile();
    },
    done: () => {
      announce(t('login.welcome', { name: session.user.name || session.user.email }));
      const next = nextRoute(query);
      go(next.path, next.query);
    },
  });

  const heading = pageHeading(t('login.title'));
  heading.id = 'login-heading';
  return h('section', { class: 'narrow' },
    languageSwitch({ className: 'language-switch--page' }),
    heading,
    REASONS.has(reason) ? notice(t(`login.reasons.${reason === 'logged-out' ? 'loggedOut' : reason}`), 'info') : null,
    h('p', { class: 'lead', text: t('login.intro') }),
    form,
    h('p', { class: 'muted', text: t('login.forgot') }));
}
