// The filters the dashboard, the inventory and the exports share: campus, building, checklist and a period.
// They live in the address (a filtered dashboard can be bookmarked and shared).
import { api, getAll } from '../api.js';
import { summaryText } from '../checklists/localize.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { latest } from '../latest.js';
import { updateQuery } from '../router.js';
import { buildingLabel } from '../spaces/places.js';
import { fill, loadError } from '../ui/components.js';
import { selectField, textField } from '../ui/form.js';
import { exportLinks } from './exports.js';

const REPORT_KEYS = ['campus', 'building', 'checklist', 'source', 'from', 'to'];
export const SOURCES = ['walk', 'community'];

// label(item) is the option's text, or {text, lang} for one that may be in another language than the page.
function options(select, items, label, value, anyLabel) {
  select.replaceChildren(h('option', { value: '', text: anyLabel }), ...items.map((item) => {
    const { text, lang = null } = typeof label(item) === 'string' ? { text: label(item) } : label(item);
    return h('option', { value: item.id, text, lang, selected: item.id === value });
  }));
}

/**
 * {form, values()}: onChange(values) after any change. withChecklist: false where the checklist is fixed;
 * withSource: a choice between findings from audit walks and from community reports.
 */
function reportFilters(query, onChange, { withChecklist = true, withSource = false } = {}) {
  const any = (key) => [{ value: '', label: t(`reports.filters.any.${key}`) }];
  const fields = {
    campus: selectField({ name: 'campus', label: t('reports.filters.campus'), options: any('campus') }),
    building: selectField({ name: 'building', label: t('reports.filters.building'), options: any('building') }),
    checklist: withChecklist ? selectField({ name: 'checklist', label: t('reports.filters.checklist'), options: any('checklist') }) : null,
    source: withSource ? selectField({ name: 'source', label: t('community.source.label'), value: query.get('source') || '',
      options: [{ value: '', label: t('community.source.any') }, ...SOURCES.map((value) => ({ value, label: t(`community.source.${value}`) }))] }) : null,
    from: textField({ name: 'from', label: t('reports.filters.from'), type: 'date', value: query.get('from') || '' }),
    to: textField({ name: 'to', label: t('reports.filters.to'), type: 'date', value: query.get('to') || '' }),
  };
  const waiting = new Set(['campus', 'building', 'checklist']);
  const load = (key, path, label) => getAll(path).then((items) => {
    waiting.delete(key);
    if (fields[key]) options(fields[key].control, items, label, query.get(key) || '', t(`reports.filters.any.${key}`));
  }).catch(() => waiting.delete(key));
  load('campus', '/api/campuses', (c) => c.name);
  load('building', '/api/buildings', (b) => buildingLabel(b));
  if (withChecklist) load('checklist', '/api/checklists', (c) => summaryText(c, 'title'));
  const values = () => Object.fromEntries(REPORT_KEYS.filter((key) => fields[key]).map((key) =>
    [key, waiting.has(key) ? query.get(key) || '' : fields[key].control.value]));
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('reports.filters.label') },
    Object.values(fields).filter(Boolean).map((field) => field.wrapper));
  // Folded on a phone, so the figures come first (as the findings list folds its filters); open where there is
  // room for the fields side by side. The summary says how many are in use: a filtered report never passes for
  // the whole picture.
  const summaryText = () => t('reports.filters.summary', { count: Object.values(values()).filter(Boolean).length });
  const summary = h('summary', { class: 'filter-box__summary', text: summaryText() });
  const panel = h('details', { class: 'filter-box', open: window.matchMedia('(min-width: 48rem)').matches }, summary, form);
  form.addEventListener('submit', (event) => event.preventDefault());
  form.addEventListener('change', () => {
    summary.textContent = summaryText();
    onChange(values());
  });
  return { form, panel, values };
}

/** The filters as a query string, without the empty ones. */
function queryString(values) {
  const params = new URLSearchParams();
  Object.entries(values).forEach(([key, value]) => value && params.set(key, value));
  return params.toString();
}

/**
 * A report screen (the dashboard, the inventory): its filters, kept in the address (path) and offered as
 * exports in `links`; the report for each choice is fetched from `endpoint` and draw(data) shows the answer
 * to the latest choice. options: as for reportFilters. Returns the filters: `panel` is what the screen shows
 * (the form, folded on a phone).
 */
export function filteredReport({ query, path, endpoint, body, links, draw, options: choices }) {
  const ask = latest();
  let filters = null;
  const load = async (values) => {
    const current = ask();
    updateQuery(path, values);
    fill(links, exportLinks(queryString(values)));
    try {
      const data = await api.get(endpoint, values);
      if (current()) draw(data);
    } catch (error) {
      if (current()) fill(body, loadError(error, () => load(filters.values())));
    }
  };
  filters = reportFilters(query, load, choices);
  load(filters.values());
  return filters;
}
