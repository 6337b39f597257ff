// Audits as a list of cards: what, where, with which checklist, and how far along.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { buildingLabel } from '../spaces/places.js';
import { auditHref, itemsText, spacesText, statusBadge } from './common.js';

function progressLine(audit) {
  // An audit planned on this device has no server progress yet; say so rather than show zeros.
  if (audit.local || !audit.progress) return t('audits.notSentYet');
  const { progress } = audit;
  return `${itemsText(progress)} · ${spacesText(progress.spaces_done, progress.spaces_total)}`;
}

function auditCard(audit) {
  return h('li', {},
    h('a', { class: 'audit-card', href: auditHref(audit.id) },
      h('span', { class: 'audit-card__title', text: audit.title }),
      h('span', { class: 'audit-card__meta', text: buildingLabel(audit.building) }),
      h('span', { class: 'audit-card__meta', text: audit.checklist.title }),
      h('span', { class: 'audit-card__foot' }, statusBadge(audit.status),
        h('span', { class: 'audit-card__progress', text: progressLine(audit) }))));
}

export function auditCards(audits) {
  return h('ul', { class: 'audit-list' }, audits.map(auditCard));
}

/** In progress first (the work at hand), then planned, then submitted. */
export const STATUS_ORDER = ['in_progress', 'planned', 'submitted'];

export function byStatus(audits) {
  return STATUS_ORDER.map((status) => ({ status, audits: audits.filter((audit) => audit.status === status) }))
    .filter((group) => group.audits.length);
}
