// A building's coverage: floor by floor, each space with how long ago it was last audited (with one checklist,
// or any), shaded by age with the age written in the cell so colour never carries meaning alone; a legend;
// and the lists of spaces never audited and audited N or more months ago, each with a link to plan an audit
// of exactly those spaces. The figures are the server's (GET /api/buildings/{id}/coverage).
import { api } from '../api.js';
import { spaceLabel } from '../audits/common.js';
import { h, uid } from '../dom.js';
import { formatDay, formatNumber, t } from '../i18n.js';
import { session } from '../session.js';
import { fill, linkButton, loadError, loading } from '../ui/components.js';
import { selectField, textField } from '../ui/form.js';

export function ageText(months) {
  if (months === null) return t('coverage.never');
  if (months === 0) return t('coverage.underMonth');
  return t('coverage.months', { count: months });
}

/** The planning screen with the building, the checklist (if one is chosen) and these spaces filled in. */
export function planHref(buildingId, spaceIds, checklist) {
  const query = new URLSearchParams({ building: buildingId, spaces: spaceIds.join(',') });
  if (checklist) query.set('checklist', checklist);
  return `#/audits/new?${query}`;
}

function cell(space) {
  return h('li', { class: `coverage__cell coverage__cell--${space.band}`, 'data-space': space.id },
    h('span', { class: 'coverage__space', text: spaceLabel(space) }),
    h('span', { class: 'coverage__age', text: ageText(space.months) }),
    space.last_audited ? h('span', { class: 'coverage__date', text: t('coverage.on', { date: formatDay(space.last_audited) }) }) : null);
}

// The bands are the server's (data.bands, youngest first), then "never".
function legend(data) {
  return h('ul', { class: 'legend coverage__legend', 'aria-label': t('coverage.legend') },
    [...data.bands.map((band) => band.id), 'never'].map((band) => h('li', {},
      h('span', { class: `legend__key coverage__key coverage__key--${band}`, 'aria-hidden': 'true' }),
      t(`coverage.bands.${band}`))));
}

function grid(data) {
  return data.floors.map((floor) => {
    const id = uid('floor');
    return h('section', { class: 'coverage__floor', 'aria-labelledby': id },
      h('h3', { id, text: t('coverage.floor', { floor: floor.floor, count: floor.spaces.length }) }),
      h('ul', { class: 'coverage__grid', role: 'list' }, floor.spaces.map(cell)));
  });
}

function spaceList({ id, title, ids, cells, empty, planLabel, data }) {
  const chosen = ids.map((spaceId) => cells.get(spaceId));
  const plan = chosen.length && session.can('audit.create')
    ? linkButton(t(planLabel, { count: chosen.length }), planHref(data.building.id, ids, data.checklist))
    : null;
  return h('section', { class: 'coverage__list', 'aria-labelledby': id },
    h('h3', { id, text: title }),
    chosen.length
      ? h('ul', {}, chosen.map((space) => h('li', { text: t('coverage.listed', {
        space: spaceLabel(space), floor: space.floor, age: ageText(space.months) }) })))
      : h('p', { class: 'muted', text: empty }),
    plan);
}

/**
 * The coverage panel for one building: `{ node, load }`. Its checklist and N are the reader's choices on the
 * panel; the grid is drawn from one request each time they change.
 */
export function coveragePanel(buildingId) {
  const headingId = uid('coverage');
  const body = h('div', { class: 'coverage__body' }, loading());
  let checklist = '';
  let months = 12;
  const node = h('section', { class: 'section coverage', 'aria-labelledby': headingId },
    h('h2', { id: headingId, text: t('coverage.title') }),
    h('p', { class: 'muted', text: t('coverage.lead') }), body);

  const controls = (data) => {
    const monthsField = textField({ name: 'months', label: t('coverage.monthsLabel'), hint: t('coverage.monthsHint'),
      type: 'number', inputmode: 'numeric', min: '1', max: '600', value: String(months) });
    monthsField.control.addEventListener('change', () => {
      const value = Number(monthsField.control.value);
      if (!Number.isInteger(value) || value < 1 || value > 600) return monthsField.setError(t('coverage.monthsInvalid'));
      months = value;
      return load();
    });
    const parts = [monthsField.wrapper];
    if (data.checklists.length > 1) {
      const select = selectField({ name: 'checklist', label: t('coverage.checklist'), value: checklist,
        options: [{ value: '', label: t('coverage.anyChecklist') }, ...data.checklists.map((c) => ({ value: c.id, label: c.title }))] });
      select.control.addEventListener('change', () => {
        checklist = select.control.value;
        load();
      });
      parts.unshift(select.wrapper);
    }
    return h('div', { class: 'filters coverage__controls' }, parts);
  };

  const draw = (data) => {
    const cells = new Map(data.floors.flatMap((floor) => floor.spaces.map((space) => [space.id, space])));
    const total = cells.size;
    const summary = t('coverage.summary', { count: total, never: data.never.length, older: data.older.length, months: data.months });
    fill(body, controls(data),
      total ? [h('p', { class: 'chart__summary coverage__summary', text: summary }), legend(data), grid(data),
        h('div', { class: 'coverage__lists' },
          spaceList({ id: uid('never'), title: t('coverage.neverTitle', { count: data.never.length }), ids: data.never, cells,
            empty: t('coverage.neverEmpty'), planLabel: 'coverage.planNever', data }),
          spaceList({ id: uid('older'), title: t('coverage.olderTitle', { count: data.older.length, months: data.months }), ids: data.older,
            cells, empty: t('coverage.olderEmpty', { months: formatNumber(data.months) }), planLabel: 'coverage.planOlder', data }))]
        : h('p', { class: 'muted', text: t('coverage.noSpaces') }));
  };

  async function load() {
    try {
      draw(await api.get(`/api/buildings/${encodeURIComponent(buildingId)}/coverage`, { checklist, months }));
    } catch (error) {
      fill(body, loadError(error, load));
    }
  }
  return { node, load };
}
