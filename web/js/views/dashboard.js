// The committee's dashboard, laptop first and readable on a phone: where findings stand (by state,
// severity, category, building, age), what is overdue, how long fixes take, and the trend by month and by
// audit cycle. Every number links to the findings behind it; every chart has its table and a sentence.
import { communityDashboardLine } from '../community/summary.js';
import { h } from '../dom.js';
import { formatNumber, label, t } from '../i18n.js';
import { barTable, countLink, findingsHref, largest, trendChart } from '../reports/charts.js';
import { filteredReport } from '../reports/filters.js';
import { dueSection } from '../schedules/due-list.js';
import { session } from '../session.js';
import { buildingLabel } from '../spaces/places.js';
import { fill, linkButton, loading, pageHeading } from '../ui/components.js';

function monthLabel(month) {
  const [year, number] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(year, number - 1, 1));
}

function headline(data) {
  const days = data.median_days_to_verify.days;
  const figures = [
    ['total', data.total], ['open', data.open], ['overdue', data.overdue],
  ];
  return h('section', { class: 'section', 'aria-labelledby': 'headline-heading' },
    h('h2', { id: 'headline-heading', text: t('reports.dashboard.headline') }),
    h('p', { class: 'chart__summary', text: summaryText(data) }),
    h('dl', { class: 'figures' },
      figures.map(([key, number]) => h('div', { class: 'figure' },
        h('dt', { class: 'figure__label', text: t(`reports.dashboard.${key}`) }),
        h('dd', { class: 'figure__value' }, countLink(number, t(`reports.dashboard.${key}Link`, { count: number.count }))))),
      h('div', { class: 'figure' },
        h('dt', { class: 'figure__label', text: t('reports.dashboard.median') }),
        h('dd', { class: 'figure__value' }, days == null ? h('span', { class: 'figure__none', text: t('reports.dashboard.noneVerified') })
          : h('a', { href: findingsHref(data.median_days_to_verify.query), text: t('reports.dashboard.days', { count: days }),
            'aria-label': t('reports.dashboard.medianLink', { days: formatNumber(days), count: data.median_days_to_verify.count }) }))),
      // Where the findings came from: audit walks, or community reports.
      (data.by_source || []).map((row) => h('div', { class: 'figure' },
        h('dt', { class: 'figure__label', text: t(`community.dashboard.from.${row.source}`) }),
        h('dd', { class: 'figure__value' }, countLink(row, t(`community.dashboard.fromLink.${row.source}`, { count: row.count })))))));
}

function summaryText(data) {
  const days = data.median_days_to_verify.days;
  return t('reports.dashboard.summary', { total: data.total.count, open: data.open.count, overdue: data.overdue.count })
    + (days == null ? '' : ` ${t('reports.dashboard.summaryMedian', { days: formatNumber(days) })}`);
}

// Findings from community reports have no checklist: their category is what the reporter saw.
function categoryLabel(row) {
  if (!row.checklist) return t('community.dashboard.categoryLabel', { category: row.section ? row.section.title : '' });
  return row.section ? t('reports.dashboard.categoryLabel', { section: row.section.title, checklist: row.checklist.title })
    : t('reports.dashboard.noSection', { checklist: row.checklist.title });
}

function charts(data) {
  const total = data.total.count;
  const status = data.by_status.map((row) => ({ ...row, label: label('finding_states', row.status) }));
  const severity = data.by_severity.map((row) => ({ ...row, label: label('severities', row.severity) }));
  const category = data.by_category.map((row) => ({ ...row, label: categoryLabel(row) }));
  const building = data.by_building.map((row) => ({ ...row, label: buildingLabel(row.building) }));
  const age = data.open_by_age.map((row) => ({ ...row, label: t(`reports.dashboard.ages.${row.age}`) }));
  const bars = (id, rows, heading) => barTable({ id, title: t(`reports.dashboard.${id}`), labelHeading: heading, rows,
    summary: largest(rows, id === 'age' ? data.open.count : total) });
  const trendTotal = data.trend_by_month.reduce((sum, m) => sum + m.raised.count, 0);
  return [
    h('div', { class: 'chart-grid' },
      bars('status', status, t('reports.dashboard.stateHeading')),
      bars('severity', severity, t('reports.dashboard.severityHeading')),
      bars('age', age, t('reports.dashboard.ageHeading'))),
    trendChart({
      id: 'trend', title: t('reports.dashboard.trend'), months: data.trend_by_month, monthLabel,
      summary: data.trend_by_month.length
        ? t('reports.dashboard.trendSummary', { raised: trendTotal, verified: data.trend_by_month.reduce((sum, m) => sum + m.verified.count, 0),
          first: monthLabel(data.trend_by_month[0].month), last: monthLabel(data.trend_by_month[data.trend_by_month.length - 1].month) })
        : t('reports.nothing'),
    }),
    h('div', { class: 'chart-grid chart-grid--wide' },
      bars('building', building, t('reports.dashboard.buildingHeading')),
      bars('category', category, t('reports.dashboard.categoryHeading'))),
    cycles(data.trend_by_cycle),
  ];
}

function cycles(rows) {
  return h('section', { class: 'section', 'aria-labelledby': 'cycles-heading' },
    h('h2', { id: 'cycles-heading', text: t('reports.dashboard.cycles') }),
    h('p', { class: 'chart__summary', text: t('reports.dashboard.cyclesLead') }),
    rows.length ? h('table', { class: 'data-table' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', text: t('reports.dashboard.cycle') }),
        h('th', { scope: 'col', text: t('reports.dashboard.cycleAudits') }),
        h('th', { scope: 'col', text: t('reports.count') }))),
      h('tbody', {}, rows.map((row) => h('tr', {},
        h('th', { scope: 'row', text: t('reports.dashboard.cycleN', { n: row.cycle }) }),
        h('td', {}, h('ul', { class: 'plain-list' }, row.audits.map((audit) => h('li', {},
          h('a', { href: `#/audits/${encodeURIComponent(audit.id)}`, text: audit.title }), ' ',
          t('reports.dashboard.auditFindings', { count: audit.count }))))),
        h('td', {}, countLink(row, t('reports.dashboard.cycleLink', { n: row.cycle, count: row.count })))))))
      : h('p', { class: 'muted', text: t('reports.none') }));
}

export function render({ query, setTitle }) {
  setTitle(t('reports.dashboard.title'));
  const body = h('div', {}, loading());
  const links = h('div', {});
  const filters = filteredReport({
    query, path: '/dashboard', endpoint: '/api/dashboard', body, links, options: { withSource: true },
    draw: (data) => fill(body, headline(data), charts(data)),
  });
  return h('div', { class: 'dashboard' },
    h('div', { class: 'page-head' }, pageHeading(t('reports.dashboard.title')),
      linkButton(t('reports.inventory.open'), '#/inventory')),
    h('p', { class: 'lead', text: t('reports.dashboard.lead') }),
    session.can('community.read') ? communityDashboardLine() : null,
    session.can('schedule.read') ? dueSection() : null,
    filters.panel, body, links);
}
