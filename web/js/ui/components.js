// Small building blocks shared by the views.
import { append, h, uid } from '../dom.js';
import { errorMessage } from '../errors.js';
import { formatDateTime, t } from '../i18n.js';
import { announce } from '../live.js';

/** The page's one <h1>; focus moves to it when the route changes. */
export function pageHeading(text) {
  return h('h1', { class: 'page-title', tabindex: '-1', text });
}

export function button(label, { variant = 'primary', type = 'button', class: extra, ...props } = {}) {
  return h('button', { type, class: ['btn', `btn--${variant}`, extra], ...props, text: label });
}

export function linkButton(label, href, { variant = 'secondary', ...props } = {}) {
  return h('a', { href, class: ['btn', `btn--${variant}`], ...props, text: label });
}

export function backLink(label, href) {
  return h('p', { class: 'back' }, h('a', { href, class: 'back-link', text: label }));
}

export function notice(text, kind = 'info', props = {}) {
  return h('div', { class: `notice notice--${kind}`, ...props }, text);
}

export function loading() {
  return h('p', { class: 'loading', text: t('common.loading') });
}

/** A failed load, said in words, with a way to try again. */
export function loadError(error, retry) {
  const message = errorMessage(error);
  announce(message, { assertive: true });
  return h('div', { class: 'notice notice--error' },
    h('p', { text: message }),
    retry ? button(t('common.retry'), { variant: 'secondary', onclick: retry }) : null);
}

/** An honest empty state: what is missing and what will appear here. */
export function emptyState(title, text, level = 3) {
  return h('div', { class: 'empty' }, h(`h${level}`, { class: 'empty__title', text: title }), h('p', { text }));
}

/** <dl> of [label, value] pairs. */
export function details(pairs) {
  return h('dl', { class: 'details' }, pairs.filter(Boolean).map(([label, value]) =>
    h('div', { class: 'details__row' }, h('dt', { text: label }), h('dd', {}, value))));
}

export function badge(text, kind = 'neutral') {
  return h('span', { class: `badge badge--${kind}`, text });
}

/** The set-password link an administrator copies and sends, with its expiry and a Copy button. */
export function invitationLink(invitation, name) {
  const id = uid('link');
  const input = h('input', { id, type: 'text', readonly: true, value: invitation.url, class: 'link-box__url', spellcheck: 'false' });
  const copied = h('p', { class: 'link-box__copied', hidden: true, text: t('invitation.link.copied') });
  const copy = button(t('invitation.link.copy'), {
    variant: 'secondary',
    onclick: async () => {
      try {
        await navigator.clipboard.writeText(invitation.url);
      } catch {
        input.select();
        document.execCommand('copy');
      }
      copied.hidden = false;
      announce(t('invitation.link.copied'));
    },
  });
  const purpose = invitation.purpose === 'reset' ? 'reset' : 'invite';
  return h('div', { class: 'link-box' },
    h('p', { text: t(`invitation.link.${purpose}Intro`, { name }) }),
    h('label', { for: id, class: 'field-label', text: t('invitation.link.label') }),
    h('div', { class: 'link-box__row' }, input, copy),
    copied,
    h('p', { class: 'field-hint', text: t('invitation.link.expires', { date: formatDateTime(invitation.expires_at) }) }));
}

/** Replace a view's content after loading; if focus was inside (on the old heading), keep it on the new one. */
export function fill(root, ...children) {
  const hadFocus = root.contains(document.activeElement);
  root.replaceChildren();
  append(root, children);
  if (hadFocus) (root.querySelector('h1') || root).focus();
}
