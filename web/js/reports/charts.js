// Charts drawn by the app as SVG (no library, nothing from a CDN, nothing inline: the CSP holds), each with
// its numbers as a real table and a sentence that says what it shows. Colour never carries meaning alone:
// every bar sits beside its label and number, and the two series of a trend differ by fill and outline.
import { h } from '../dom.js';
import { formatList, formatNumber, t } from '../i18n.js';

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attributes = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) if (value != null) el.setAttribute(key, String(value));
  children.flat().filter(Boolean).forEach((child) => el.append(child));
  return el;
}

/** The list of findings behind a number (the API gives each number its list query). */
export function findingsHref(query) {
  return `#/findings?queue=all${query ? `&${query}` : ''}`;
}

export function countLink(number, label) {
  return h('a', { href: findingsHref(number.query), text: formatNumber(number.count), 'aria-label': label });
}

function bar(count, max) {
  const width = max ? Math.max(count ? 2 : 0, Math.round((count / max) * 100)) : 0;
  return svg('svg', { class: 'bar', viewBox: '0 0 100 10', preserveAspectRatio: 'none', 'aria-hidden': 'true', focusable: 'false' },
    svg('rect', { class: 'bar__track', x: 0, y: 0, width: 100, height: 10 }),
    svg('rect', { class: 'bar__fill', x: 0, y: 0, width, height: 10 }));
}

/**
 * A bar chart as a table: a row per category with its name, its count (a link to the findings behind it)
 * and a bar. rows: [{label, count, query}]. summary: the sentence above it.
 */
export function barTable({ id, title, summary, rows, labelHeading }) {
  const max = Math.max(0, ...rows.map((row) => row.count));
  return h('section', { class: 'section chart', 'aria-labelledby': id },
    h('h2', { id, text: title }),
    h('p', { class: 'chart__summary', text: summary }),
    rows.length ? h('table', { class: 'bars' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', text: labelHeading }),
        h('th', { scope: 'col', class: 'bars__count', text: t('reports.count') }),
        h('th', { scope: 'col', class: 'bars__bar' }, h('span', { class: 'visually-hidden', text: t('reports.barHeading') })))),
      h('tbody', {}, rows.map((row) => h('tr', {},
        h('th', { scope: 'row', text: row.label }),
        h('td', { class: 'bars__count' }, countLink(row, t('reports.countOf', { count: row.count, label: row.label }))),
        h('td', { class: 'bars__bar' }, bar(row.count, max))))))
      : h('p', { class: 'muted', text: t('reports.none') }));
}

/**
 * The largest row, in words ("The largest group is “In progress”: 12 of 40."), or, when several share the
 * largest count, all of them ("“Declined” and “Verified” are tied as the largest: 1 each, of 2."): naming
 * one of a tie as the largest would say something the numbers do not. Or that there is nothing.
 */
export function largest(rows, total) {
  const most = Math.max(0, ...rows.map((row) => row.count));
  if (!most) return t('reports.nothing');
  const tops = rows.filter((row) => row.count === most);
  if (tops.length === 1) return t('reports.largest', { label: tops[0].label, count: most, total });
  return t('reports.largestTie', { labels: formatList(tops.map((row) => t('reports.quoted', { label: row.label }))), count: most, total });
}

/**
 * Raised and verified findings by month as columns (raised filled, verified outlined and hatched), with the
 * same numbers in a table. months: [{month: 'YYYY-MM', raised: Number, verified: Number}].
 */
export function trendChart({ id, title, summary, months, monthLabel }) {
  const max = Math.max(1, ...months.flatMap((m) => [m.raised.count, m.verified.count]));
  const width = Math.max(months.length * 28, 120);
  const columns = months.flatMap((m, index) => {
    const x = index * 28 + 4;
    const heightOf = (n) => Math.round((n / max) * 90);
    return [
      svg('rect', { class: 'trend__raised', x, y: 100 - heightOf(m.raised.count), width: 10, height: heightOf(m.raised.count) }),
      svg('rect', { class: 'trend__verified', x: x + 11, y: 100 - heightOf(m.verified.count), width: 10, height: heightOf(m.verified.count) }),
    ];
  });
  const titleId = `${id}-svg-title`;
  const chart = svg('svg', { class: 'trend', viewBox: `0 0 ${width} 102`, role: 'img', 'aria-labelledby': titleId, preserveAspectRatio: 'none' },
    svg('title', { id: titleId }, document.createTextNode(summary)),
    svg('line', { class: 'trend__axis', x1: 0, y1: 101, x2: width, y2: 101 }), columns);
  const legend = h('ul', { class: 'legend' },
    h('li', {}, h('span', { class: 'legend__key legend__key--raised', 'aria-hidden': 'true' }), t('reports.trend.raised')),
    h('li', {}, h('span', { class: 'legend__key legend__key--verified', 'aria-hidden': 'true' }), t('reports.trend.verified')));
  return h('section', { class: 'section chart', 'aria-labelledby': id },
    h('h2', { id, text: title }),
    h('p', { class: 'chart__summary', text: summary }),
    months.length ? [h('div', { class: 'trend-wrap' }, chart), legend,
      h('table', { class: 'data-table trend-table' },
        h('caption', { class: 'visually-hidden', text: title }),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col', text: t('reports.trend.month') }),
          h('th', { scope: 'col', text: t('reports.trend.raised') }),
          h('th', { scope: 'col', text: t('reports.trend.verified') }))),
        h('tbody', {}, months.map((m) => h('tr', {},
          h('th', { scope: 'row', text: monthLabel(m.month) }),
          h('td', {}, countLink(m.raised, t('reports.trend.raisedIn', { count: m.raised.count, month: monthLabel(m.month) }))),
          h('td', {}, countLink(m.verified, t('reports.trend.verifiedIn', { count: m.verified.count, month: monthLabel(m.month) })))))))]
      : h('p', { class: 'muted', text: t('reports.none') }));
}
