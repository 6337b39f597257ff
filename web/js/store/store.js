// The store's core: every change a screen makes goes through here. It shows at once (the audit's view is
// recomputed with the change applied, audits.js), waits in the outbox (IndexedDB, queue.js) and is sent in
// order. What each kind of change does when it is sent, acknowledged or refused is said by the kind itself
// (kinds/); this module wires the outbox's outcomes to them.
//
// Design decisions:
// - base_revision is added when a record is sent, from base: the revision the server last gave that record.
// - A 409 with `current` is merged by the record's kind (answers and findings field by field, merge.js: fields
//   only one side changed keep that side, the later edit of a field wins, and a lost value is held and shown
//   so the person can put it back; a finding whose state someone else changed is never overwritten). Any other
//   refusal is held in the outbox as "needs attention" with the server's message; the view drops the change
//   meanwhile.
// - A change is sent only in its maker's session: someone else logging in on this phone must not send it as
//   theirs.
import { problemText } from '../errors.js';
import { t } from '../i18n.js';
import { announce } from '../live.js';
import { session } from '../session.js';
import { changed, emit, entryFor, lastView, saved, view } from './audits.js';
import { kindOf } from './kinds/index.js';
import {
  discardHeld, enqueue, hasWaiting, heldRecords, holdWaiting, onOutboxChange, outboxStatus, resume, retryHeld,
  retryNow, rewrite, startOutbox, SYNC_TAG,
} from './outbox.js';
import { keptAudit } from './persist.js';
import { fromServer } from './state.js';

let started = null;

// Who made a change and what it is, in words: kept with the record, so the list of what waits reads the same
// after a reload, offline, on any screen.
function labelled(record, label) {
  const kind = kindOf(record);
  const state = view(record.auditId) || lastView(record.auditId);
  record.label = label || (kind.describe ? kind.describe(record, state) : { text: record.kind });
  record.userId = session.user ? session.user.id : null;
  return record;
}

/** What the store lends the kinds (see kinds/index.js). */
const ctx = {
  base: (auditId) => entryFor(auditId).base,
  saved,
  emit,
  queue: (record) => enqueue(labelled(record)),
  rewrite,
  hasWaiting,
  holdWaiting,
};

const hooks = {
  // Changes an earlier visit left were made against the copy of their audit then kept on the device: it is read
  // back before any of them is sent, so each goes with the revision it was made against (kinds/common.js)
  // whichever screen is open, rather than only once a screen has read that audit again.
  async restore(records) {
    const ids = new Set(records.map((record) => record.auditId).filter(Boolean));
    await Promise.all([...ids].map(async (id) => {
      if (entryFor(id).base.audit) return;
      const kept = await keptAudit(id);
      if (kept && !entryFor(id).base.audit) entryFor(id).base = fromServer(kept);
    }));
  },
  canSend: (record) => !record.userId || Boolean(session.user && session.user.id === record.userId),
  isFile: (record) => Boolean(kindOf(record).file),
  sendFile: (record) => kindOf(record).send(record),
  prepare(record) {
    const kind = kindOf(record);
    return kind.prepare ? kind.prepare(record, ctx) : record.body;
  },
  sent: (record, data) => kindOf(record).sent(record, data, ctx),
  conflict: (record, current) => kindOf(record).conflict(record, current, ctx),
  held(record) {
    const message = problemText(record.attention);
    kindOf(record).held?.(record, message);
    if (record.auditId) changed(record.auditId);
    if (record.findingId) emit({ type: 'finding', id: record.findingId });
    announce(t('sync.held'), { assertive: true });
    emit({ type: 'held', record });
  },
  waitingForNetwork() {
    // Background Sync (where the browser has it) wakes the service worker when the connection returns,
    // which asks this page to send, even if the person never comes back to the tab.
    if (!('serviceWorker' in navigator)) return;
    navigator.serviceWorker.ready.then((registration) => registration.sync && registration.sync.register(SYNC_TAG))
      .catch(() => {});
  },
};

function listenForBackgroundSync() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.addEventListener('message', (event) => {
    if (!event.data || event.data.type !== 'SEND_OUTBOX') return;
    retryNow();
    const reply = event.ports && event.ports[0];
    if (!reply) return;
    const stop = onOutboxChange(() => {
      const { state, pending } = outboxStatus();
      if (state === 'sending') return;
      stop();
      reply.postMessage({ ok: pending === 0 });
    });
  });
}

/** Start the outbox once per page (app start, or the first screen that needs it). */
export function startStore() {
  if (!started) {
    started = startOutbox(hooks).catch(() => {});
    onOutboxChange(() => emit({ type: 'sync' }));
    listenForBackgroundSync();
    // Changes kept while the session had ended go out after the next login.
    session.onChange((user) => {
      if (user) resume();
    });
  }
  return started;
}

/** {pending, held, state, photos: {current, total} | null, oldest, retryAt, attention: [held records]}. */
export function syncStatus() {
  return { ...outboxStatus(), attention: heldRecords() };
}

/** Send what waits now (the person pressed "Send now"). */
export function sendNow() {
  startStore();
  retryNow();
}

/** Drop a held change for good. */
export async function discardChange(seq) {
  const record = await discardHeld(seq);
  if (record) await kindOf(record).discarded?.(record);
  emit({ type: 'sync' });
}

/**
 * Send a held change again. For a lost merge ("use mine"), only the fields that lost are put back over
 * what the record now is, so the other person's edits of other fields stay.
 */
export async function retryChange(seq) {
  const record = heldRecords().find((one) => one.seq === seq);
  if (!record) return null;
  const attention = record.attention || {};
  if (attention.kind === 'state') return null; // someone else changed its state: only discard (or redo it)
  if (attention.kind !== 'conflict') return retryHeld(seq);
  const kind = kindOf(record);
  const next = kind.restore ? kind.restore(record, attention, view(record.auditId)) : null;
  await discardHeld(seq);
  return next ? change(next) : null;
}

let persistAsked = false;
// Ask once, at the first change, that the browser keep this site's storage under pressure: the changes
// waiting here exist nowhere else.
function askToPersist() {
  if (persistAsked || !navigator.storage || !navigator.storage.persist) return;
  persistAsked = true;
  navigator.storage.persist().catch(() => false);
}

/**
 * Queue a change (a record made by its kind's make()). Resolves with its first outcome: {status: 'sent' |
 * 'conflict' | 'held' | 'waiting', data?, error?}. label: words for it, when its kind cannot say them.
 */
export function change(record, label) {
  startStore();
  labelled(record, label);
  askToPersist();
  const done = enqueue(record);
  if (record.auditId) changed(record.auditId);
  if (record.findingId && !record.auditId) emit({ type: 'finding', id: record.findingId });
  return done;
}
