// Cycle over cycle on an audit's report: this audit (cycle n) beside the previous submitted audit of the same
// building and checklist (cycle n-1), from the report's `comparison` (server/domain/reporting/comparison.py).
// A table of every figure with the change, and bars of the findings raised by severity: each bar has its cycle
// and number written beside it, the previous cycle's bar is outlined and this one's filled, so neither colour
// nor shape carries meaning alone, and the table says the same in words.
import { h } from '../dom.js';
import { currentLocale, formatDay, formatNumber, has, label, t } from '../i18n.js';

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attributes = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) el.setAttribute(key, String(value));
  children.forEach((child) => el.append(child));
  return el;
}

const signed = (n) => (n > 0 ? `+${formatNumber(n)}` : n < 0 ? `−${formatNumber(-n)}` : '0');
const change = (now, before) => (before === null || before === undefined ? '—' : signed(now - before));
const percent = (share) => new Intl.NumberFormat(currentLocale(), { style: 'percent' }).format(share);
const itemLabel = (item) => (has(`reports.inventory.items.${item.id}`) ? t(`reports.inventory.items.${item.id}`) : item.prompt);

/** "Cycle 2" over its submission day (a line of its own, so a phone's narrow column breaks nothing mid-word). */
function cycleHeading({ audit }) {
  return h('th', { scope: 'col' }, t('reports.cycles.cycle', { number: audit.cycle }), ' ',
    h('span', { class: 'cycles__date', text: audit.submitted_at ? formatDay(audit.submitted_at) : t('reports.cycles.notSubmitted') }));
}

function shareText(part, whole) {
  if (!part || part.share === null) return '—';
  return t('reports.cycles.share', { part: part.total, total: whole, percent: percent(part.share) });
}

function points(now, before) {
  if (!before || now.share === null || before.share === null) return '—';
  return t('reports.cycles.points', { change: signed(Math.round((now.share - before.share) * 100)) });
}

function rows(data) {
  const { current: now, previous: before } = data;
  const row = (name, get, indent = false) => ({ name, indent, before: before ? formatNumber(get(before)) : '—',
    now: formatNumber(get(now)), change: change(get(now), before ? get(before) : null) });
  const out = [row(t('reports.cycles.spaces'), (c) => c.spaces_walked), row(t('reports.cycles.findings'), (c) => c.findings),
    ...Object.keys(now.by_severity).map((s) => row(t('reports.cycles.severity', { severity: label('severities', s) }), (c) => c.by_severity[s], true)),
    ...data.categories.map((c) => ({ name: t('reports.cycles.category', { category: c.title || t('reports.cycles.noCategory') }), indent: true,
      before: before ? formatNumber(c.previous) : '—', now: formatNumber(c.current), change: change(c.current, c.previous) })),
    row(t('reports.cycles.remedied'), (c) => c.remedied), row(t('reports.cycles.verified'), (c) => c.verified)];
  if (!now.inventory) return out;
  const [whole, ...parts] = data.inventory_items;
  const then = before && before.inventory;
  out.push(row(itemLabel(whole), (c) => c.inventory.whole.total));
  parts.forEach((item, n) => out.push({ name: itemLabel(item), indent: true,
    before: then ? shareText(then.parts[n], then.whole.total) : '—', now: shareText(now.inventory.parts[n], now.inventory.whole.total),
    change: points(now.inventory.parts[n], then && then.parts[n]) }));
  return out;
}

// The first cycle has nothing beside it: only its own column (the sentence above says why).
function table(data) {
  const both = Boolean(data.previous);
  return h('div', { class: 'table-scroll', role: 'region', 'aria-labelledby': 'cycles-table-caption', tabindex: '0' },
    h('table', { class: 'data-table cycles__table' },
      h('caption', { id: 'cycles-table-caption', class: 'visually-hidden', text: t('reports.cycles.tableCaption') }),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: t('reports.cycles.measure') }),
        both ? cycleHeading(data.previous) : null, cycleHeading(data.current),
        both ? h('th', { scope: 'col', class: 'cycles__change', text: t('reports.cycles.change') }) : null)),
      h('tbody', {}, rows(data).map((r) => h('tr', {},
        h('th', { scope: 'row', class: r.indent ? 'cycles__indent' : null, text: r.name }),
        // On a narrow phone the change column gives way, and the change is written beside this cycle's figure.
        both ? h('td', { text: r.before }) : null,
        h('td', {}, r.now, r.change === '—' ? null : h('span', { class: 'cycles__delta', text: ` (${r.change})` })),
        both ? h('td', { class: 'cycles__change', text: r.change }) : null)))));
}

function bar(count, max, kind) {
  const width = max ? Math.max(count ? 2 : 0, Math.round((count / max) * 100)) : 0;
  return svg('svg', { class: 'cycles__bar', viewBox: '0 0 100 10', preserveAspectRatio: 'none', 'aria-hidden': 'true', focusable: 'false' },
    svg('rect', { class: 'cycles__track', x: 0, y: 0, width: 100, height: 10 }),
    svg('rect', { class: `cycles__${kind}`, x: 0.75, y: 0.75, width: Math.max(0, width - 1.5), height: 8.5 }));
}

function chart(data) {
  const cycles = [data.previous && ['before', data.previous], ['now', data.current]].filter(Boolean);
  const max = Math.max(1, ...cycles.flatMap(([, c]) => Object.values(c.by_severity)));
  return [h('h3', { text: t('reports.cycles.bars') }),
    h('ul', { class: 'legend' }, cycles.map(([kind, c]) => h('li', {},
      h('span', { class: `legend__key legend__key--${kind}`, 'aria-hidden': 'true' }), t('reports.cycles.cycle', { number: c.audit.cycle })))),
    h('ul', { class: 'cycles__bars' }, Object.keys(data.current.by_severity).map((severity) => h('li', {},
      h('strong', { text: label('severities', severity) }),
      cycles.map(([kind, c]) => h('div', { class: 'cycles__row' },
        h('span', { text: t('reports.cycles.cycle', { number: c.audit.cycle }) }),
        bar(c.by_severity[severity], max, kind),
        h('span', { class: 'cycles__count', text: formatNumber(c.by_severity[severity]) }))))))];
}

/** The report's "compared with the previous cycle" section. */
export function cyclesSection(data) {
  const { current: now, previous: before } = data;
  return h('section', { class: 'section cycles', 'aria-labelledby': 'cycles-heading' },
    h('h2', { id: 'cycles-heading', text: t('reports.cycles.title') }),
    h('p', { text: before
      ? t('reports.cycles.about', { number: now.audit.cycle, previous: before.audit.cycle, title: before.audit.title })
      : t('reports.cycles.first') }),
    table(data), chart(data),
    h('p', { class: 'muted', text: t('reports.cycles.note') }));
}
