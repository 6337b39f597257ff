// A submitted audit's findings as the committee and facilities take them on: each with its state, linked to
// its page and history, so the team that walked the building can follow what became of what they found.
import { getAll } from '../api.js';
import { h } from '../dom.js';
import { findingCards } from '../findings/common.js';
import { t } from '../i18n.js';
import { emptyState, fill, loadError, loading } from '../ui/components.js';

export function followSection(auditId) {
  const body = h('div', {}, loading());
  const load = async () => {
    try {
      const items = await getAll('/api/findings', { audit: auditId });
      fill(body, items.length ? findingCards(items) : emptyState(t('audits.follow.emptyTitle'), t('audits.follow.emptyText')));
    } catch (error) {
      fill(body, loadError(error, load));
    }
  };
  load();
  return h('section', { class: 'section', 'aria-labelledby': 'follow-heading' },
    h('h2', { id: 'follow-heading', text: t('audits.follow.title') }),
    h('p', { class: 'muted', text: t('audits.follow.lead') }), body);
}
