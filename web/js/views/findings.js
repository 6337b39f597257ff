// The committee's findings: queues to triage, to assign and to verify, and every finding, each filtered by
// building, category, severity and audit. Filters live in the address, so a filtered list can be shared.
import { api, getAll } from '../api.js';
import { h, uid } from '../dom.js';
import { bulkAssign } from '../findings/bulk.js';
import { findingCard, SEVERITIES } from '../findings/common.js';
import { label, t } from '../i18n.js';
import { announce } from '../live.js';
import { SOURCES } from '../reports/filters.js';
import { updateQuery } from '../router.js';
import { session } from '../session.js';
import { buildingLabel } from '../spaces/places.js';
import { button, emptyState, fill, loading, pageHeading } from '../ui/components.js';
import { selectField } from '../ui/form.js';
import { pagedList } from '../ui/paged-list.js';
import { LISTS } from '../vocabulary.js';

const PAGE = 50;
// Each tab: its query to the API. "To assign" holds accepted findings and reopened ones (assigned again).
const TABS = {
  triage: { queue: 'triage' },
  assign: { status: 'accepted,reopened' },
  verification: { queue: 'verification' },
  all: {},
};
// Withdrawn findings are the auditor's own business: the committee's lists never show them.
const STATUSES = LISTS.finding_states.filter((state) => state !== 'withdrawn');

function tabs(current) {
  return h('nav', { class: 'tabs', 'aria-label': t('work.tabs.label') },
    h('ul', { class: 'tabs__list' }, Object.keys(TABS).map((name) => h('li', {},
      h('a', { class: 'tabs__link', href: `#/findings?queue=${name}`, 'aria-current': name === current ? 'page' : null, text: t(`work.tabs.${name}`) })))));
}

function filterForm(query, tab) {
  const any = (label) => [{ value: '', label }];
  const fields = {
    building: selectField({ name: 'building', label: t('work.filters.building'), options: any(t('work.filters.anyBuilding')) }),
    category: selectField({ name: 'category', label: t('work.filters.category'), options: any(t('work.filters.anyCategory')) }),
    severity: selectField({ name: 'severity', label: t('work.filters.severity'), value: query.get('severity') || '',
      options: [...any(t('work.filters.anySeverity')), ...SEVERITIES.map((s) => ({ value: s, label: label('severities', s) }))] }),
    audit: selectField({ name: 'audit', label: t('work.filters.audit'), options: any(t('work.filters.anyAudit')) }),
    source: selectField({ name: 'source', label: t('community.source.label'), value: query.get('source') || '',
      options: [...any(t('community.source.any')), ...SOURCES.map((s) => ({ value: s, label: t(`community.source.${s}`) }))] }),
  };
  if (tab === 'all') {
    fields.status = selectField({ name: 'status', label: t('work.filters.status'), value: query.get('status') || '',
      options: [...any(t('work.filters.anyStatus')), ...STATUSES.map((s) => ({ value: s, label: label('finding_states', s) }))] });
  }
  const loading = new Set(['building', 'category', 'audit']); // until their options arrive, the address's value holds
  const fillOptions = (field, items, label) => {
    loading.delete(field);
    const value = query.get(field);
    fields[field].control.replaceChildren(...[...any(fields[field].control.options[0].text), ...items.map((item) => ({ value: item.id, label: label(item) }))]
      .map((o) => h('option', { value: o.value, text: o.label, selected: o.value === value })));
  };
  getAll('/api/buildings').then((items) => fillOptions('building', items, (b) => buildingLabel(b))).catch(() => {});
  api.get('/api/findings/categories').then((page) => fillOptions('category',
    [...page.items, { id: '_none', title: t('work.filters.noCategory') }], (c) => c.title)).catch(() => {});
  getAll('/api/audits').then((items) => fillOptions('audit', items, (a) => a.title)).catch(() => {});
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('work.filters.label') },
    Object.values(fields).map((field) => field.wrapper));
  form.addEventListener('submit', (event) => event.preventDefault());
  return { form, fields, values: () => Object.fromEntries(Object.entries(fields).map(([name, field]) =>
    [name, loading.has(name) ? query.get(name) || '' : field.control.value])) };
}

// On a phone the filters fold away under one line (saying how many are in use); on a laptop they stay open.
function filterBox(filters) {
  const used = Object.values(filters.values()).filter(Boolean).length;
  const summaryText = () => t('work.filters.summary', { count: Object.values(filters.values()).filter(Boolean).length });
  const summary = h('summary', { class: 'filter-box__summary', text: summaryText() });
  const box = h('details', { class: 'filter-box', open: used > 0 || window.matchMedia('(min-width: 48rem)').matches }, summary, filters.form);
  filters.form.addEventListener('change', () => { summary.textContent = summaryText(); });
  return box;
}

// Filters the form does not show (overdue, age, period, campus, checklist...) arrive from links on the home
// screen and the dashboard: they are kept, sent, and shown as one line with a way to drop them.
function extraFilters(query, filters) {
  const extra = {};
  for (const [key, value] of query.entries()) {
    if (key === 'queue' || !value) continue;
    // A list of states or audits is not one of the form's choices: it stays as an extra filter.
    const single = key === 'status' ? STATUSES.includes(value) : !(key === 'audit' && value.includes(','));
    if (key in filters.fields && single) continue;
    extra[key] = value;
  }
  return extra;
}

function extraNotice(extra, tab) {
  if (!Object.keys(extra).length) return null;
  return h('p', { class: 'notice' }, t('work.filters.extra'), ' ',
    h('a', { href: `#/findings?queue=${tab}`, text: t('work.filters.clearExtra') }));
}

export function render({ query, setTitle }) {
  const tab = TABS[query.get('queue')] ? query.get('queue') : 'triage';
  setTitle(t(`work.tabs.${tab}`));
  const filters = filterForm(query, tab);
  const extra = extraFilters(query, filters);
  const canAssign = tab === 'assign' && session.can('finding.assign');
  const chosen = new Set();
  const summary = h('p', { class: 'result-count', role: 'status' });
  const results = h('div', {}, loading());
  const more = h('div', { class: 'actions' });
  const bulk = canAssign ? bulkAssign({ selected: () => [...chosen], onDone: () => load({ announceCount: true }) }) : null;

  const checkbox = (finding) => {
    const id = uid('pick');
    const box = h('input', { type: 'checkbox', id, checked: chosen.has(finding.id), class: 'finding-row__check' });
    box.addEventListener('change', () => {
      if (box.checked) chosen.add(finding.id);
      else chosen.delete(finding.id);
      bulk.update(chosen.size);
    });
    return h('div', { class: 'checkbox finding-row__pick' }, box,
      h('label', { for: id }, h('span', { class: 'visually-hidden', text: t('work.bulk.pick', { title: finding.title }) })));
  };

  const list = (items) => h('ul', { class: 'finding-list' }, items.map((finding) => findingCard(finding, {
    after: tab === 'verification', select: canAssign ? checkbox(finding) : null,
  })));
  // Choose every finding shown (or none again), for assigning a building's findings in one go.
  const chooseAll = (items) => button(t('work.bulk.all'), {
    variant: 'secondary',
    onclick: () => {
      const all = items.every((finding) => chosen.has(finding.id));
      items.forEach((finding) => (all ? chosen.delete(finding.id) : chosen.add(finding.id)));
      results.querySelectorAll('.finding-row__check').forEach((box) => { box.checked = !all; });
      bulk.update(chosen.size);
      announce(t('work.bulk.selected', { count: chosen.size }));
    },
  });

  const { load } = pagedList({
    results, more,
    before: ({ append }) => {
      updateQuery('/findings', { queue: tab, ...extra, ...filters.values() });
      if (!append) chosen.clear();
    },
    fetchPage: (offset, cursor) => api.get('/api/findings', {
      ...TABS[tab], ...extra, ...Object.fromEntries(Object.entries(filters.values()).filter(([, v]) => v)), limit: PAGE,
      ...(cursor ? { cursor } : { offset }),
    }),
    show: (items, page, { announceCount }) => {
      summary.textContent = t(`work.count.${tab}`, { count: page.total });
      if (announceCount) announce(summary.textContent);
      if (bulk) bulk.update(chosen.size);
      fill(results, items.length && canAssign ? h('div', { class: 'actions' }, chooseAll(items)) : null,
        items.length ? list(items) : emptyState(t(`work.empty.${tab}.title`), t(`work.empty.${tab}.text`), 2));
    },
  });
  Object.values(filters.fields).forEach((field) => field.control.addEventListener('change', () => load({ announceCount: true })));
  load();

  return h('div', { class: 'findings-page' },
    pageHeading(t('work.findingsTitle')),
    h('p', { class: 'lead', text: t(`work.leads.${tab}`) }),
    tabs(tab), filterBox(filters), extraNotice(extra, tab), summary, bulk ? bulk.form : null, results, more);
}
