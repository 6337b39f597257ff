// Words, links and small parts shared by the audit screens.
import { h, uid } from '../dom.js';
import { label, t } from '../i18n.js';
import { session } from '../session.js';
import { badge } from '../ui/components.js';

const BADGES = { planned: 'neutral', in_progress: 'warning', submitted: 'ok' };

export const auditHref = (id) => `#/audits/${encodeURIComponent(id)}`;

export function walkHref(auditId, spaceId, itemId) {
  const base = `${auditHref(auditId)}/spaces/${encodeURIComponent(spaceId)}`;
  return itemId ? `${base}?item=${encodeURIComponent(itemId)}` : base;
}

export function statusBadge(status) {
  return badge(label('audit_states', status), BADGES[status] || 'neutral');
}

/** "2-104 · Lecture hall" or, for corridors and lobbies without a number, just the name. */
export function spaceLabel(space) {
  return space.room_number ? t('audits.spaceWithRoom', { room: space.room_number, name: space.name }) : space.name;
}

export function itemsText({ answered, total }) {
  return t('audits.progress.items', { answered, count: total });
}

export function spacesText(done, total) {
  return t('audits.progress.spaces', { done, count: total });
}

/** Who may change answers, skips and findings: the team with audit.conduct, admins, and never once submitted. */
export function canWalk(audit) {
  if (audit.status === 'submitted' || !session.can('audit.conduct')) return false;
  const me = session.user?.id;
  return session.hasRole('admin') || session.can('audit.read_all') || audit.members.some((m) => m.id === me);
}

/** Run fn once when the person leaves the screen (any route change re-renders the page). */
export function onLeave(fn) {
  window.addEventListener('hashchange', fn, { once: true });
}

/** A labelled progress bar with its words beside it (the words carry the meaning; the bar is a glance). */
export function progressBar(label, value, max) {
  const id = uid('progress');
  return h('div', { class: 'progress' },
    h('span', { id, class: 'progress__label', text: label }),
    h('progress', { class: 'progress__bar', max: String(Math.max(max, 1)), value: String(value), 'aria-labelledby': id }));
}

// "Continue where you left off": the last space and item the person worked on, per audit, on this device.
// localStorage is enough: it is a convenience, small, and read synchronously when the audit screen opens.
const key = (auditId) => `spaces-audit.resume.${auditId}`;

export function remember(auditId, spaceId, itemId = null) {
  try {
    localStorage.setItem(key(auditId), JSON.stringify({ spaceId, itemId }));
  } catch {
    // Storage unavailable: the audit screen offers the first unfinished space instead.
  }
}

export function recall(auditId) {
  try {
    return JSON.parse(localStorage.getItem(key(auditId)) || 'null');
  } catch {
    return null;
  }
}
