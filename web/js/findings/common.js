// How a finding reads anywhere in the app: its state, where it is, what is to be done and by when.
import { h } from '../dom.js';
import { formatDateTime, label, t } from '../i18n.js';
import { buildingLabel } from '../spaces/places.js';
import { badge } from '../ui/components.js';
import { LISTS } from '../vocabulary.js';

// Here rather than with the work on findings (work.js), which needs the device's store: a list of findings is
// drawn without it.
export const findingHref = (id) => `#/findings/${encodeURIComponent(id)}`;

export const REMEDIES = LISTS.remedies;
// Highest first, as people choose them.
export const SEVERITIES = [...LISTS.severities].reverse();
export const PRIORITIES = [...LISTS.priorities].reverse();

// Words carry the meaning; the colour only repeats it.
const STATUS_BADGES = {
  open: 'warning', accepted: 'neutral', assigned: 'neutral', in_progress: 'neutral', resolved: 'warning',
  verified: 'ok', reopened: 'danger', declined: 'muted', duplicate: 'muted', withdrawn: 'muted',
};

export function statusBadge(status) {
  return badge(label('finding_states', status), STATUS_BADGES[status] || 'neutral');
}

export function severityBadge(severity) {
  return badge(t('findings.severityBadge', { severity: label('severities', severity) }), severity === 'high' ? 'danger' : 'neutral');
}

export function remedyText(remedy) {
  return remedy ? label('remedies', remedy) : t('work.noRemedy');
}

/** "ALD · Alden Hall, floor 2, room 2-104 Lecture hall". */
export function whereText(finding) {
  const { space } = finding;
  const room = space.room_number ? t('work.room', { room: space.room_number, name: space.name }) : space.name;
  return t('work.where', { building: buildingLabel(finding.building), floor: space.floor || '–', room });
}

/** An ISO day shown in the person's locale, without shifting it across a time zone. */
export function dayText(iso) {
  if (!iso) return '';
  const [year, month, day] = iso.split('-').map(Number);
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(year, month - 1, day));
}

export function dueText(finding) {
  if (!finding.due_date) return '';
  return t(finding.overdue ? 'work.overdueSince' : 'work.due', { date: dayText(finding.due_date) });
}

function thumbImage(url, alt) {
  if (!url) return h('span', { class: 'thumb thumb--empty' }, h('span', { class: 'thumb__missing', text: t('work.noPhoto') }));
  return h('span', { class: 'thumb' }, h('img', { src: url, alt, class: 'thumb__img', width: '96', height: '96', loading: 'lazy' }));
}

/** "Priority: High", set at assignment; high stands out. */
export function priorityBadge(priority) {
  return badge(t('work.priorityLine', { priority: label('priorities', priority || 'normal') }), priority === 'high' ? 'danger' : 'neutral');
}

/**
 * One finding in a list: a link with its photo(s), title, where, remedy and due date. options.after shows the
 * after-photo beside the evidence (verification); options.select is a checkbox put before the link;
 * options.priority shows the priority set at assignment (a facilities member's items).
 */
export function findingCard(finding, { after = false, select = null, priority = false } = {}) {
  // The photos are decorative here (alt=""): the link already reads as the finding's title and details, and
  // its page describes each photo.
  const labelled = (url, key) => h('span', { class: 'finding-card__shot' }, thumbImage(url, ''),
    h('span', { class: 'finding-card__label', text: t(key) }));
  const photos = h('span', { class: 'finding-card__photos' }, after
    ? [labelled(finding.thumbnail_url, 'work.photos.before'), labelled(finding.after_thumbnail_url, 'work.photos.after')]
    : thumbImage(finding.thumbnail_url, ''));
  const foot = h('span', { class: 'finding-card__foot' }, statusBadge(finding.status),
    priority ? priorityBadge(finding.priority) : null,
    finding.overdue ? badge(t('work.overdue'), 'danger') : null,
    finding.waiting ? badge(t('work.waitingBadge'), 'warning') : null,
    h('span', { class: 'finding-card__meta', text: severityText(finding) }));
  const link = h('a', { class: 'finding-card', href: findingHref(finding.id) }, photos,
    h('span', { class: 'finding-card__body' },
      h('span', { class: 'finding-card__title', text: finding.title }),
      h('span', { class: 'finding-card__meta', text: whereText(finding) }),
      finding.remedy ? h('span', { class: 'finding-card__meta', text: t('work.remedyLine', { remedy: remedyText(finding.remedy) }) }) : null,
      finding.due_date ? h('span', { class: ['finding-card__meta', finding.overdue ? 'finding-card__late' : null], text: dueText(finding) }) : null,
      foot));
  return h('li', { class: select ? 'finding-row finding-row--select' : 'finding-row' }, select, link);
}

function severityText(finding) {
  const category = finding.category && finding.category.title;
  return [t('findings.severityBadge', { severity: label('severities', finding.severity) }), category].filter(Boolean).join(' · ');
}

export function findingCards(findings, options) {
  return h('ul', { class: 'finding-list' }, findings.map((finding) => findingCard(finding, options)));
}

export function when(iso) {
  return formatDateTime(iso);
}
