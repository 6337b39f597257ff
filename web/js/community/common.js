// How a community report reads anywhere in the app: its category, status, where it was sent from and a card
// for lists. Nothing here is ever about the reporter: the API sends nothing about them.
import { api, ApiError } from '../api.js';
import { h } from '../dom.js';
import { errorMessage } from '../errors.js';
import { dayText } from '../findings/common.js';
import { label, t } from '../i18n.js';
import { announce } from '../live.js';
import { buildingLabel } from '../spaces/places.js';
import { badge, button } from '../ui/components.js';
import { LISTS } from '../vocabulary.js';

const CATEGORIES = LISTS.report_categories;
export const OPEN = ['received', 'under_review'];

// Words carry the meaning; the colour only repeats it.
const STATUS_BADGES = { received: 'warning', under_review: 'neutral', finding: 'ok', joined: 'ok', declined: 'muted', spam: 'muted' };

const reportHref = (id) => `#/community/${encodeURIComponent(id)}`;

export function categoryText(category) {
  return label('report_categories', CATEGORIES.includes(category) ? category : 'other');
}

export function statusBadge(status) {
  return badge(label('report_states', status), STATUS_BADGES[status] || 'neutral');
}

/** "ALD · Alden Hall, floor 2, room 2-104, Lecture hall". */
export function whereText(space) {
  const room = space.room_number ? t('work.room', { room: space.room_number, name: space.name }) : space.name;
  return t('work.where', { building: buildingLabel(space.building), floor: space.floor || '–', room });
}

export { dayText };

/** The first lines of what the reporter wrote, cut at a word. */
function excerpt(text, max = 180) {
  const flat = (text || '').replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  return `${cut.slice(0, cut.lastIndexOf(' ') > max * 0.6 ? cut.lastIndexOf(' ') : max)}…`;
}

/** {open, received}: how many reports wait for the committee (spam never counted). */
export function loadSummary() {
  return api.get('/api/community/summary');
}

/** One report in a list: a link with its photo, what they saw, where, when, the first lines and its status. */
export function reportCard(report) {
  const photo = report.photos && report.photos[0];
  // Decorative here (alt=""): the link reads as the report's details, and its page describes each photo.
  const thumb = photo
    ? h('span', { class: 'thumb' }, h('img', { src: photo.urls.thumb, alt: '', class: 'thumb__img', width: '96', height: '96', loading: 'lazy' }))
    : h('span', { class: 'thumb thumb--empty' }, h('span', { class: 'thumb__missing', text: t('community.noPhoto') }));
  const text = excerpt(report.description) || excerpt(report.impact);
  return h('li', { class: 'finding-row' }, h('a', { class: 'finding-card report-card', href: reportHref(report.id) },
    h('span', { class: 'finding-card__photos' }, thumb),
    h('span', { class: 'finding-card__body' },
      h('span', { class: 'finding-card__title', text: categoryText(report.category) }),
      h('span', { class: 'finding-card__meta', text: whereText(report.space) }),
      h('span', { class: 'finding-card__meta', text: t('community.receivedOn', { date: dayText(report.received_on) }) }),
      text ? h('span', { class: 'report-card__excerpt', text }) : h('span', { class: 'finding-card__meta', text: t('community.noText') }),
      h('span', { class: 'finding-card__foot' }, statusBadge(report.status),
        h('span', { class: 'finding-card__meta report-card__code', text: report.tracking_code_display }),
        report.messages_count ? h('span', { class: 'finding-card__meta', text: t('community.messagesCount', { count: report.messages_count }) }) : null))));
}

/**
 * A failed load in words, with a way to try again. These screens are read online (the committee works at a
 * desk): with no connection they say so plainly instead of showing an old copy.
 */
export function communityLoadError(error, retry) {
  const offline = error instanceof ApiError && (error.code === 'network' || error.code === 'no_answer');
  const message = offline ? t('community.offline') : errorMessage(error);
  announce(message, { assertive: true });
  return h('div', { class: 'notice notice--error' }, h('p', { text: message }),
    retry ? button(t('common.retry'), { variant: 'secondary', onclick: retry }) : null);
}
