// The committee's findings at a glance: how many wait to be triaged, assigned and verified, each a link to
// its list.
import { api } from '../api.js';
import { h } from '../dom.js';
import { formatNumber, t } from '../i18n.js';
import { fill, linkButton, loadError, loading } from '../ui/components.js';

const FIGURES = [
  ['triage', { queue: 'triage' }],
  ['assign', { status: 'accepted,reopened' }],
  ['verification', { queue: 'verification' }],
  ['overdue', { overdue: '1' }],
];

export function findingsSection() {
  const body = h('div', {}, loading());
  const load = async () => {
    try {
      const counts = await Promise.all(FIGURES.map(([, query]) => api.get('/api/findings', { ...query, limit: 1 }).then((page) => page.total)));
      fill(body, h('dl', { class: 'figures' }, FIGURES.map(([key], index) => h('div', { class: 'figure' },
        h('dt', { class: 'figure__label' }, h('a', { href: key === 'overdue' ? '#/findings?queue=all&overdue=1' : `#/findings?queue=${key}`, text: t(`home.findings.${key}`) })),
        h('dd', { class: 'figure__value', text: formatNumber(counts[index]) })))));
    } catch (error) {
      fill(body, loadError(error, load));
    }
  };
  load();
  return h('section', { class: 'section', 'aria-labelledby': 'findings-heading' },
    h('h2', { id: 'findings-heading', text: t('home.findings.title') }), body,
    h('div', { class: 'actions' }, linkButton(t('home.findings.all'), '#/findings?queue=all')));
}
