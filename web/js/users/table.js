// The list of users: a table on wide screens, cards on phones (the same markup, restyled).
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { roleNames } from '../shell.js';
import { badge } from '../ui/components.js';

function status(user) {
  if (user.disabled) return badge(t('users.status.disabled'), 'muted');
  if (!user.has_password) return badge(t('users.status.invited'), 'warning');
  return badge(t('users.status.active'), 'ok');
}

export function usersTable(users) {
  const head = ['name', 'email', 'roles', 'status'].map((key) => h('th', { scope: 'col', text: t(`users.columns.${key}`) }));
  return h('table', { class: 'data-table data-table--cards' },
    h('caption', { class: 'visually-hidden', text: t('users.caption') }),
    h('thead', {}, h('tr', {}, head)),
    h('tbody', {}, users.map((user) => h('tr', { class: user.disabled ? 'is-disabled' : null },
      h('th', { scope: 'row', class: 'data-table__primary' },
        h('a', { href: `#/users/${encodeURIComponent(user.id)}`, text: user.name || user.email })),
      h('td', { 'data-label': t('users.columns.email'), class: 'data-table__wrap', text: user.email }),
      h('td', { 'data-label': t('users.columns.roles'), text: user.roles.length ? roleNames(user.roles) : t('roles.none') }),
      h('td', { 'data-label': t('users.columns.status') }, status(user))))));
}
