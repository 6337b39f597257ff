// Lists of a person's own work: the audits they plan and walk, and the findings assigned to them.
import { auditCards, STATUS_ORDER } from '../audits/cards.js';
import { h } from '../dom.js';
import { findingCards } from '../findings/common.js';
import { t } from '../i18n.js';
import { session } from '../session.js';
import { freshnessLine } from '../sync/freshness.js';
import { emptyState, fill, linkButton, loadError, loading } from '../ui/components.js';

// The lists come through the device's store (kept for offline use), imported when they load: the page's
// headings are drawn without waiting for the store's thirty modules.
const listAudits = () => import('../store/load.js').then((load) => load.listAudits());
const listMine = () => import('../findings/work.js').then((work) => work.listMine());

// The home page shows the work at hand; submitted audits are one tap away on the Audits screen.
function current(audits) {
  return audits.filter((audit) => audit.status !== 'submitted')
    .sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status));
}

// While a list loads its place is kept at about one card's height (the usual few cards then move nothing much
// below them; see .list-slot in app.css).
export function auditsSection() {
  const body = h('div', { class: 'list-slot' }, loading());
  const actions = h('div', { class: 'actions' },
    session.can('audit.create') ? linkButton(t('home.audits.plan'), '#/audits/new', { variant: 'primary' }) : null,
    linkButton(t('home.audits.all'), '#/audits'));
  const section = h('section', { class: 'section', 'aria-labelledby': 'audits-heading' },
    h('h2', { id: 'audits-heading', text: t('home.audits.title') }),
    session.can('audit.conduct') ? freshnessLine() : null, body, actions);

  const load = async () => {
    try {
      const open = current(await listAudits());
      fill(body, open.length ? auditCards(open) : emptyState(t('home.audits.emptyTitle'), t('home.audits.emptyText')));
    } catch (error) {
      fill(body, loadError(error, load));
    }
  };
  load();
  return section;
}

const HOME_ITEMS = 5;

export function itemsSection() {
  const body = h('div', { class: 'list-slot' }, loading());
  const load = async () => {
    try {
      const { items } = await listMine();
      const first = items.slice(0, HOME_ITEMS);
      fill(body, items.length ? findingCards(first, { priority: true }) : emptyState(t('home.items.emptyTitle'), t('home.items.emptyText')),
        items.length > first.length ? h('p', { text: t('home.items.more', { count: items.length - first.length }) }) : null);
    } catch (error) {
      fill(body, loadError(error, load));
    }
  };
  load();
  return h('section', { class: 'section', 'aria-labelledby': 'items-heading' },
    h('h2', { id: 'items-heading', text: t('home.items.title') }), freshnessLine({ what: 'items' }), body,
    h('div', { class: 'actions' }, linkButton(t('home.items.all'), '#/my-items', { variant: 'primary' })));
}
