// Lists of a person's own work. Audits and remedy items arrive with later issues, so for now these are
// honest empty states saying what will appear.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { emptyState } from '../ui/components.js';

export function auditsSection() {
  return h('section', { class: 'section', 'aria-labelledby': 'audits-heading' },
    h('h2', { id: 'audits-heading', text: t('home.audits.title') }),
    emptyState(t('home.audits.emptyTitle'), t('home.audits.emptyText')));
}

export function itemsSection() {
  return h('section', { class: 'section', 'aria-labelledby': 'items-heading' },
    h('h2', { id: 'items-heading', text: t('home.items.title') }),
    emptyState(t('home.items.emptyTitle'), t('home.items.emptyText')));
}
