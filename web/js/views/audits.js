// Audits: every audit the person may see, grouped by status, and a way to plan a new one.
import { byStatus, auditCards } from '../audits/cards.js';
import { h } from '../dom.js';
import { freshnessLine } from '../sync/freshness.js';
import { t } from '../i18n.js';
import { session } from '../session.js';
import { listAudits } from '../store/load.js';
import { emptyState, fill, linkButton, loadError, loading, pageHeading } from '../ui/components.js';

function planLink() {
  return session.can('audit.create') ? linkButton(t('audits.plan.open'), '#/audits/new', { variant: 'primary' }) : null;
}

function groups(audits) {
  if (!audits.length) return emptyState(t('audits.emptyTitle'), t('audits.emptyText'), 2);
  return byStatus(audits).map(({ status, audits: list }) =>
    h('section', { class: 'audit-group', 'aria-labelledby': `group-${status}` },
      h('h2', { id: `group-${status}`, text: t(`audits.groups.${status}`, { count: list.length }) }),
      auditCards(list)));
}

export function render({ setTitle }) {
  setTitle(t('audits.title'));
  const head = () => h('div', { class: 'page-head' }, pageHeading(t('audits.title')), planLink());
  const root = h('div', {}, head(), loading());
  const load = async () => {
    try {
      const audits = await listAudits();
      fill(root, head(), freshnessLine(), groups(audits));
    } catch (error) {
      fill(root, head(), loadError(error, load));
    }
  };
  load();
  return root;
}
