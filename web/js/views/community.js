// Community reports: what people sent from the posters in each space, newest first, in four lists: open,
// all (what became of every report but spam: findings still being worked on are neither open nor closed),
// closed and spam. Read online: the committee works at a desk, and reports are never kept on a device.
import { api } from '../api.js';
import { communityLoadError, reportCard } from '../community/common.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { announce } from '../live.js';
import { session } from '../session.js';
import { fill, loading, pageHeading } from '../ui/components.js';
import { pagedList } from '../ui/paged-list.js';

const PAGE = 50;
const TABS = ['open', 'all', 'closed', 'spam'];

function tabs(current) {
  return h('nav', { class: 'tabs', 'aria-label': t('community.tabs.label') },
    h('ul', { class: 'tabs__list' }, TABS.map((name) => h('li', {},
      h('a', { class: 'tabs__link', href: `#/community?status=${name}`, 'aria-current': name === current ? 'page' : null, text: t(`community.tabs.${name}`) })))));
}

// An empty open list explains how reports arrive; administrators get the way to turn them on.
function emptyList(tab) {
  const admin = tab === 'open' && session.can('community.manage');
  return h('div', { class: 'empty' },
    h('h2', { class: 'empty__title', text: t(`community.empty.${tab}.title`) }),
    h('p', { text: t(`community.empty.${tab}.text`) }),
    admin ? h('p', {}, h('a', { href: '#/spaces?community=1', text: t('community.empty.turnOn') })) : null);
}

export function render({ query, setTitle }) {
  const tab = TABS.includes(query.get('status')) ? query.get('status') : 'open';
  setTitle(t(`community.tabs.${tab}`));
  const summary = h('p', { class: 'result-count', role: 'status' });
  const results = h('div', {}, loading());
  const more = h('div', { class: 'actions' });
  pagedList({
    results, more,
    fetchPage: (offset) => api.get('/api/community/reports', { status: tab, limit: PAGE, offset }),
    show: (items, page) => {
      summary.textContent = t(`community.count.${tab}`, { count: page.total });
      fill(results, items.length ? h('ul', { class: 'finding-list' }, items.map(reportCard)) : emptyList(tab));
    },
    failed: (error, retry) => {
      summary.textContent = '';
      fill(results, communityLoadError(error, retry));
    },
    onMore: (items) => announce(t('community.shown', { count: items.length })),
  }).load();

  return h('div', { class: 'community-page' },
    pageHeading(t('community.title')),
    h('p', { class: 'lead', text: t(`community.leads.${tab}`) }),
    tabs(tab), summary, results, more);
}
