// How many community reports wait for the committee, where their work starts: a section on the home
// screen, one in the inbox when any are open, and a line on the dashboard. Spam is never counted.
import { h } from '../dom.js';
import { formatNumber, t } from '../i18n.js';
import { fill, linkButton, loading } from '../ui/components.js';
import { communityLoadError, loadSummary } from './common.js';

/** The home screen's figures: open reports and, of them, the new ones nobody has reviewed yet. */
export function communityHomeSection() {
  const body = h('div', {}, loading());
  const load = async () => {
    try {
      const summary = await loadSummary();
      fill(body, h('dl', { class: 'figures community-figures' },
        h('div', { class: 'figure' },
          h('dt', { class: 'figure__label' }, h('a', { href: '#/community?status=open', text: t('community.home.open') })),
          h('dd', { class: 'figure__value', dataset: { figure: 'community-open' }, text: formatNumber(summary.open) })),
        h('div', { class: 'figure' },
          h('dt', { class: 'figure__label', text: t('community.home.received') }),
          h('dd', { class: 'figure__value', dataset: { figure: 'community-received' }, text: formatNumber(summary.received) }))));
    } catch (error) {
      fill(body, communityLoadError(error, load));
    }
  };
  load();
  return h('section', { class: 'section', 'aria-labelledby': 'community-heading' },
    h('h2', { id: 'community-heading', text: t('community.title') }),
    h('p', { class: 'muted', text: t('community.home.lead') }),
    body,
    h('div', { class: 'actions' }, linkButton(t('community.home.all'), '#/community')));
}

/** The inbox's section, given the summary: only when reports are open (an empty inbox stays empty). */
export function communityInboxSection(summary) {
  if (!summary || !summary.open) return null;
  return h('section', { class: 'section', 'aria-labelledby': 'inbox-community' },
    h('h2', { id: 'inbox-community', text: t('community.inbox.title', { count: summary.open }) }),
    h('p', { class: 'muted', text: t('community.inbox.why', { count: summary.received }) }),
    h('div', { class: 'actions' }, linkButton(t('community.inbox.open'), '#/community', { variant: 'primary' })));
}

/** The dashboard's line: how many reports are open, with the way to them. */
export function communityDashboardLine() {
  const line = h('p', { class: 'community-line' });
  loadSummary().then((summary) => {
    fill(line, h('a', { href: '#/community', text: t('community.dashboard.open', { count: summary.open }) }));
  }).catch(() => line.remove());
  return line;
}
