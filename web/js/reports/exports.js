// Downloads for the committee: the findings report as PDF, and CSV files to open in a spreadsheet, each for
// the filters chosen on the screen; for administrators, the JSON archive of everything.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { session } from '../session.js';

const FILES = [
  ['findingsPdf', '/api/reports/findings.pdf'],
  ['findingsCsv', '/api/reports/findings.csv'],
  ['responsesCsv', '/api/reports/responses.csv'],
  ['inventoryCsv', '/api/reports/inventory.csv'],
];

export function exportLinks(query) {
  const files = FILES.map(([key, path]) => [key, `${path}${query ? `?${query}` : ''}`]);
  if (session.can('data.export')) files.push(['archive', '/api/archive.json']);
  return h('section', { class: 'section', 'aria-labelledby': 'exports-heading' },
    h('h2', { id: 'exports-heading', text: t('reports.exports.title') }),
    h('p', { text: t('reports.exports.lead') }),
    h('ul', { class: 'downloads' }, files.map(([key, href]) => h('li', {},
      h('a', { href, download: '', class: 'btn btn--secondary', text: t(`reports.exports.${key}`) }),
      h('span', { class: 'downloads__what', text: t(`reports.exports.${key}What`) })))));
}
