// The inventory of honorific images: from the portrait checklist's counts, how many people are honored per
// campus, building and space, how many of them are documented as women and as people of color, how many
// are unknown, each beside the previous audit cycle's figure, so "2 of 55" becoming "14 of 60" shows.
import { h } from '../dom.js';
import { has, t } from '../i18n.js';
import { filteredReport } from '../reports/filters.js';
import { buildingLabel } from '../spaces/places.js';
import { backLink, fill, loading, pageHeading } from '../ui/components.js';

const short = (item) => (has(`reports.inventory.items.${item.id}`) ? t(`reports.inventory.items.${item.id}`) : item.prompt);

// The first count item is the whole (people honored); the others are parts of it ("of these, ...").
function cell(figures, item, whole) {
  if (!figures) return null;
  const count = figures.counts[item.id];
  if (!count || !count.answered && !count.unknown) return null;
  const total = figures.counts[whole.id].total;
  return item.id === whole.id ? t('reports.inventory.whole', { count: count.total })
    : t('reports.inventory.part', { count: count.total, total });
}

function figureCell(row, item, whole) {
  const now = cell(row.current, item, whole);
  const before = cell(row.previous, item, whole);
  const unknown = row.current && row.current.counts[item.id] ? row.current.counts[item.id].unknown : 0;
  // data-label: on a phone each row is a card and each figure says what it counts.
  return h('td', { 'data-label': short(item) },
    h('span', { class: 'inventory__now', text: now ?? t('reports.inventory.notCounted') }),
    before ? h('span', { class: 'inventory__before', text: t('reports.inventory.before', { figure: before }) }) : null,
    unknown ? h('span', { class: 'inventory__unknown', text: t('reports.inventory.unknown', { count: unknown }) }) : null);
}

function table({ id, title, rows, label, items }) {
  if (!rows.length) return null;
  const [whole] = items;
  // The scroll region carries the heading's name (it must have one to be focusable for scrolling); naming the
  // section too would make two landmarks of the same name.
  return h('section', { class: 'section' },
    h('h2', { id, text: title }),
    h('div', { class: 'table-scroll', role: 'region', 'aria-labelledby': id, tabindex: '0' },
      h('table', { class: 'data-table data-table--cards inventory' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: t('reports.inventory.where') }),
          items.map((item) => h('th', { scope: 'col', text: short(item) })))),
        h('tbody', {}, rows.map((row) => h('tr', {}, h('th', { scope: 'row', text: label(row) }),
          items.map((item) => figureCell(row, item, whole))))))));
}

// "JRN 2-100 · Lecture hall": the room number alone does not tell a reader which space it is.
const spaceLabel = (r) => (r.room_number ? t('reports.inventory.space', { building: r.building.code, room: r.room_number, name: r.name })
  : t('reports.inventory.spaceNoRoom', { building: r.building.code, name: r.name }));

function summary(data) {
  const [whole, ...parts] = data.items;
  if (!whole || !data.totals.current.spaces) return t('reports.inventory.empty');
  const now = data.totals.current;
  const before = data.totals.previous;
  const words = parts.slice(0, 2).map((item) => t('reports.inventory.summaryPart', {
    label: short(item), figure: cell(now, item, whole),
    before: before.spaces ? cell(before, item, whole) || '—' : t('reports.inventory.noPrevious'),
  }));
  return [t('reports.inventory.summary', { spaces: now.spaces, count: now.counts[whole.id].total }), ...words].join(' ');
}

export function render({ query, setTitle }) {
  setTitle(t('reports.inventory.title'));
  const body = h('div', {}, loading());
  const links = h('div', {});
  const filters = filteredReport({
    query, path: '/inventory', endpoint: '/api/inventory', body, links, options: { withChecklist: false },
    draw: (data) => {
      const { items } = data;
      fill(body,
        h('p', { class: 'chart__summary', text: summary(data) }),
        h('p', { class: 'muted', text: t('reports.inventory.how', { checklist: data.checklist.title, version: data.checklist.version }) }),
        table({ id: 'inv-campuses', title: t('reports.inventory.campuses'), rows: data.campuses, label: (r) => r.name, items }),
        table({ id: 'inv-buildings', title: t('reports.inventory.buildings'), rows: data.buildings, label: (r) => buildingLabel(r), items }),
        table({ id: 'inv-spaces', title: t('reports.inventory.spaces'), rows: data.spaces, items,
          label: spaceLabel }));
    },
  });
  return h('div', {}, backLink(t('reports.dashboard.back'), '#/dashboard'), pageHeading(t('reports.inventory.title')),
    h('p', { class: 'lead', text: t('reports.inventory.lead') }), filters.panel, body, links);
}
