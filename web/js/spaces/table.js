// The list of spaces: a table on wide screens, cards on phones (the same markup, restyled).
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { buildingLabel, kindLabel } from './places.js';

export function spacesTable(spaces, { kinds, showBuilding }) {
  const columns = ['name', ...(showBuilding ? ['building'] : []), 'floor', 'room', 'kind'];
  const cell = (key, space) => {
    const label = t(`spaces.columns.${key}`);
    if (key === 'building') return h('td', { 'data-label': label, text: buildingLabel(space.building) });
    if (key === 'floor') return h('td', { 'data-label': label, text: space.floor || '—' });
    if (key === 'room') return h('td', { 'data-label': label, text: space.room_number || '—' });
    return h('td', { 'data-label': label, text: kindLabel(kinds, space.kind) });
  };
  return h('table', { class: 'data-table data-table--cards' },
    h('caption', { class: 'visually-hidden', text: t('spaces.caption') }),
    h('thead', {}, h('tr', {}, columns.map((key) => h('th', { scope: 'col', text: t(`spaces.columns.${key}`) })))),
    h('tbody', {}, spaces.map((space) => h('tr', {},
      h('th', { scope: 'row', class: 'data-table__primary' },
        h('a', { href: `#/spaces/${encodeURIComponent(space.id)}`, text: space.name })),
      columns.slice(1).map((key) => cell(key, space))))));
}
