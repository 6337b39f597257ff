// Findings after the walk, on the device: a finding's page and a facilities member's list, readable
// offline, and the changes people make to them.
//
// Design decisions:
// - A finding's page is kept on the device as the server last sent it (`finding:<id>` in the cache), and
//   the screens show it with the changes still waiting in the outbox applied on top, as the audit store
//   does for answers: a move made with no signal shows at once, and a refused one simply disappears (it is
//   held on the Changes screen with the server's reason).
// - Facilities work (start, resolve with after-photos) and comments go through the outbox, so they are
//   never lost and a replay changes nothing (operation ids; comments carry their own id). After-photos go
//   first, one by one, and the move that names them follows in the same queue.
// - Committee and administrator moves (accept, decline, assign, verify, reopen, duplicate) are sent at once
//   and answered at once: each depends on checks only the server can make (who is a facilities member,
//   whether someone else verified first), and the people making them work at a desk.
import { api, ApiError, getAll } from '../api.js';
import { t } from '../i18n.js';
import { session } from '../session.js';
import { db, STORES } from '../store/db.js';
import { keepItems } from '../store/offline-copy.js';
import commentKind from '../store/kinds/comment.js';
import moveKind from '../store/kinds/move.js';
import photoKind from '../store/kinds/photo.js';
import { heldRecords, pendingRecords, photoQueued } from '../store/outbox.js';
import { loadPhoto } from '../store/photos.js';
import { change } from '../store/store.js';
import { findingHref } from './common.js';
import { keep, keptFinding } from './kept.js';

const path = (...parts) => `/api/${parts.map(encodeURIComponent).join('/')}`;
export { findingHref };

const unreachable = (error) => error instanceof ApiError && (error.status === 0 || error.status >= 500);

/** The moves the assignee can make on the phone, with or without a connection. */
const WORK_MOVES = { assigned: ['in_progress'], in_progress: ['resolved'] };

/** The finding's page: from the server when reachable, else as kept on this device. {detail, kept}. */
export async function loadFinding(id) {
  try {
    const detail = await api.get(path('findings', id));
    await keep(detail);
    return { detail, kept: false };
  } catch (error) {
    if (!unreachable(error)) throw error;
    const detail = await keptFinding(id);
    if (!detail) throw error;
    return { detail, kept: true };
  }
}

/** The changes to this finding still waiting to be sent, oldest first. */
function waiting(findingId) {
  return pendingRecords().filter((record) => record.findingId === findingId && (record.kind === 'move' || record.kind === 'comment'));
}

/** True when a change to this finding was refused and waits on the Changes screen. */
export function needsAttention(findingId) {
  return heldRecords().some((record) => record.findingId === findingId);
}

const me = () => (session.user ? { id: session.user.id, name: session.user.name || session.user.email } : null);

/**
 * The finding as the screens show it: the kept page with the waiting moves and comments applied. Waiting
 * entries are marked `waiting: true` in the timeline; `actions` are what the person may do next.
 */
export function withWaiting(detail) {
  const changes = waiting(detail.id);
  if (!changes.length) return { ...detail, waiting: 0 };
  let { status } = detail;
  const timeline = [...detail.timeline];
  for (const record of changes) {
    const at = new Date(record.madeAt).toISOString();
    if (record.kind === 'comment') {
      timeline.push({ type: 'comment', id: record.id, at, by: me(), text: record.body.text, waiting: true });
      continue;
    }
    timeline.push({
      type: 'event', id: record.opId, at, by: me(), from: status, to: record.body.to, note: record.body.note || '',
      photo_ids: record.body.photo_ids || [], changes: {}, waiting: true,
    });
    status = record.body.to;
  }
  const moved = status !== detail.status;
  return { ...detail, status, timeline, actions: moved ? WORK_MOVES[status] || [] : detail.actions, waiting: changes.length };
}

/** The same for a list item (its state only). */
function itemWithWaiting(item) {
  const moves = waiting(item.id).filter((record) => record.kind === 'move');
  return moves.length ? { ...item, status: moves[moves.length - 1].body.to, waiting: true } : item;
}

/**
 * A facilities member's work: from the server when reachable, else as kept. {items, kept}. Each time the list
 * comes from the server, every item on it is kept for offline use with its page and photos (in the background:
 * the list shows at once).
 */
export async function listMine() {
  try {
    const items = await getAll('/api/findings', { queue: 'mine' });
    await db.put(STORES.cache, { key: 'findings:mine', items }).catch(() => {});
    keepItems(items).catch(() => {});
    return { items: items.map(itemWithWaiting), kept: false };
  } catch (error) {
    if (!unreachable(error)) throw error;
    const found = await db.get(STORES.cache, 'findings:mine').catch(() => null);
    if (!found) throw error;
    return { items: found.items.map(itemWithWaiting), kept: true };
  }
}

const label = (finding, key, params = {}) => ({ text: t(key, { title: finding.title, ...params }), href: findingHref(finding.id) });

/** True when the move can be made through the outbox (the assignee's own work). */
export function isWorkMove(finding, to) {
  return (WORK_MOVES[finding.status] || []).includes(to);
}

/**
 * The assignee starts or resolves their work. After-photos taken on this device go first; the move names
 * them. Resolves with the outbox's first outcome ({status: 'sent'|'waiting'|'held'|'conflict', data?, error?}).
 */
export async function workMove(finding, to, { note = '', photoIds = [] } = {}) {
  for (const photoId of photoIds) {
    const info = await loadPhoto(photoId);
    if (!info || info.photo || photoQueued(photoId)) continue;
    change(photoKind.make(null, finding.id, photoId, 'after'), label(finding, 'work.sync.afterPhoto'));
  }
  const body = { to, ...(note ? { note } : {}), ...(photoIds.length ? { photo_ids: photoIds } : {}) };
  return change(moveKind.make(finding, body), label(finding, `work.sync.move.${to}`));
}

/** A comment, sent through the outbox (kept on the device until the server has it). */
export function addComment(finding, text) {
  return change(commentKind.make(finding, crypto.randomUUID(), text), label(finding, 'work.sync.comment'));
}

/** A committee or administrator move, sent now. Resolves with the finding's new page; rejects with an ApiError. */
export async function decide(finding, body) {
  const detail = await api.post(path('findings', finding.id, 'transitions'), body,
    { headers: { 'Idempotency-Key': crypto.randomUUID() } });
  await keep(detail);
  return detail;
}

/** Assign several findings at once (all or none). Resolves with the updated findings. */
export async function assignMany(ids, body) {
  const page = await api.post('/api/findings/assignments', { finding_ids: ids, ...body },
    { headers: { 'Idempotency-Key': crypto.randomUUID() } });
  await Promise.all(page.items.map(keep));
  return page.items;
}
