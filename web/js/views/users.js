// Users (administrators): search, filter by role, include disabled accounts, and add a user.
import { api } from '../api.js';
import { h } from '../dom.js';
import { label, t } from '../i18n.js';
import { announce } from '../live.js';
import { updateQuery } from '../router.js';
import { button, emptyState, fill, loading, pageHeading } from '../ui/components.js';
import { selectField, textField } from '../ui/form.js';
import { pagedList } from '../ui/paged-list.js';
import { createUserPanel } from '../users/create.js';
import { ROLES } from '../users/roles.js';
import { usersTable } from '../users/table.js';

const PAGE = 50;

export function render({ query, setTitle }) {
  setTitle(t('users.title'));
  const search = textField({ name: 'q', label: t('users.filters.search'), type: 'search', value: query.get('q') || '', autocomplete: 'off' });
  const role = selectField({
    name: 'role', label: t('users.filters.role'), value: query.get('role') || '',
    options: [{ value: '', label: t('users.filters.anyRole') }, ...ROLES.map((r) => ({ value: r, label: label('roles', r) }))],
  });
  const disabled = h('input', { type: 'checkbox', id: 'include-disabled', checked: query.get('disabled') === '1' });
  const filters = h('form', { class: 'filters', role: 'search', 'aria-label': t('users.filters.label') },
    search.wrapper, role.wrapper,
    h('div', { class: 'checkbox filters__check' }, disabled, h('label', { for: 'include-disabled', text: t('users.filters.includeDisabled') })));

  const summary = h('p', { class: 'result-count' });
  const results = h('div', {}, loading());
  const more = h('div', { class: 'actions' });
  const filtersNow = () => ({ q: search.control.value.trim(), role: role.control.value });
  const { load } = pagedList({
    results, more,
    before: () => updateQuery('/users', { ...filtersNow(), disabled: disabled.checked ? '1' : '' }),
    fetchPage: (offset) => api.get('/api/users', {
      ...filtersNow(), include_disabled: disabled.checked ? 'true' : null, limit: PAGE, offset,
    }),
    show: (items, page, { announceCount }) => {
      const text = t('users.count', { count: page.total });
      summary.textContent = text;
      if (announceCount) announce(text);
      fill(results, items.length ? usersTable(items) : emptyState(t('users.emptyTitle'), t('users.emptyText')));
    },
  });

  let timer = null;
  search.control.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => load({ announceCount: true }), 300);
  });
  role.control.addEventListener('change', () => load({ announceCount: true }));
  disabled.addEventListener('change', () => load({ announceCount: true }));
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    load({ announceCount: true });
  });

  const addButton = button(t('users.add'), { 'aria-expanded': 'false', 'aria-controls': 'create-user' });
  const creator = createUserPanel({
    onCreated: () => load(),
    onClose: () => {
      creator.close();
      addButton.setAttribute('aria-expanded', 'false');
      addButton.focus();
    },
  });
  creator.panel.id = 'create-user';
  addButton.addEventListener('click', () => {
    addButton.setAttribute('aria-expanded', 'true');
    creator.open();
  });

  load();
  return h('div', {},
    h('div', { class: 'page-head' }, pageHeading(t('users.title')), addButton),
    creator.panel,
    filters,
    summary,
    results,
    more);
}
