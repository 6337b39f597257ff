// The outbox: every change the walk makes waits here, persisted in IndexedDB, until the server has answered.
//
// Design decisions:
// - One queue for the whole app, sent strictly in order, one request at a time. An answer can depend on
//   the audit it belongs to having been created, and a withdrawal on its finding: order keeps that true
//   without tracking dependencies.
// - Records are replay-safe (PUT on a UUID made on the phone, DELETE and transitions that repeat harmlessly),
//   so sending one again after a lost answer changes nothing on the server. That is what makes "retry until
//   acknowledged" safe.
// - A record not yet tried is replaced by a newer change to the same thing (`key`): the server only needs
//   the latest state, and a day of offline taps stays a short queue. A record that has been tried is never
//   replaced: the server may have applied it with its answer lost, and only the same body replays safely;
//   a different body without the revision it created would be refused as a conflict.
// - The body is completed at send time (the store adds base_revision then), because the revision to build
//   on is only known once the earlier change to the same record has been answered.
// - Outcomes: sent (the store keeps the server's copy), 409 with `current` (the store takes the server's
//   copy), any other 4xx (refused: shown to the person and dropped so it cannot block the queue), no network
//   or a 5xx or 429 (kept; retried with backoff and whenever the browser says it is back online), 401 (kept;
//   sent again after the next login).
import { ApiError, request } from '../api.js';
import { db, STORES } from './db.js';

const entries = []; // {record, saved: Promise, waiters: [resolve], tried} in the order the changes were made
const listeners = new Set();
let hooks = null;
let ready = null;
let running = false;
let again = false;
let failures = 0;
let timer = null;
let state = 'idle'; // idle | sending | waiting (no connection, will retry) | paused (logged out)

// Writing to the device can fail (storage full, private mode): the change is then only in memory, still
// shown and sent while the page is open. Failing to write must never stop the queue.
function keep(record) {
  return db.put(STORES.outbox, record).catch(() => record.seq);
}
function forget(record) {
  return record.seq == null ? Promise.resolve() : db.delete(STORES.outbox, record.seq).catch(() => {});
}

function notify() {
  listeners.forEach((listener) => listener());
}

/** Start once: load what an earlier visit left unsent and send it. hooks: see the store. */
export function startOutbox(storeHooks) {
  if (ready) return ready;
  hooks = storeHooks;
  ready = db.getAll(STORES.outbox).catch(() => []).then((records) => {
    records.sort((a, b) => a.seq - b.seq);
    // Left by an earlier visit: they may have been sent already, so they count as tried.
    for (const record of records) entries.push({ record, saved: Promise.resolve(record.seq), waiters: [], tried: true });
    window.addEventListener('online', () => retryNow());
    notify();
    flush();
  });
  return ready;
}

export function onOutboxChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function outboxStatus() {
  return { pending: entries.length, state };
}

/** The records not yet acknowledged, oldest first (optionally those of one audit). */
export function pendingRecords(auditId) {
  return entries.map((entry) => entry.record).filter((record) => !auditId || record.auditId === auditId);
}

/**
 * Add a change. Resolves with the first outcome of sending it: {status: 'sent'|'conflict'|'refused'|'waiting',
 * data?, error?}. 'waiting' means it is kept on the device and will be sent later.
 */
export function enqueue(record) {
  return new Promise((resolve) => {
    const replaceable = (method) => method === 'PUT' || method === 'PATCH';
    const waiting = entries.find((entry) => !entry.tried && entry.record.key === record.key
      && replaceable(record.method) && record.method === entry.record.method);
    if (waiting) {
      Object.assign(waiting.record, record, { seq: waiting.record.seq });
      waiting.waiters.push(resolve);
      waiting.saved = waiting.saved.then(() => keep(waiting.record));
    } else {
      const entry = { record, waiters: [resolve] };
      entry.saved = keep(record).then((seq) => {
        record.seq = seq;
        return seq;
      });
      entries.push(entry);
    }
    notify();
    flush();
  });
}

/** Point waiting records at another id (the server already had this item's answer under its own UUID). */
export function rekey(oldKey, newKey, rewrite) {
  for (const entry of entries) {
    if (entry.tried || entry.record.key !== oldKey) continue;
    rewrite(entry.record);
    entry.record.key = newKey;
    entry.saved = entry.saved.then(() => keep(entry.record));
  }
}

/** Drop a change that has never been tried (true if there was one). */
export function discard(key) {
  const index = entries.findIndex((entry) => !entry.tried && entry.record.key === key);
  if (index < 0) return false;
  const [entry] = entries.splice(index, 1);
  settle(entry, { status: 'discarded' });
  entry.saved.then(() => forget(entry.record));
  notify();
  return true;
}

export function retryNow() {
  clearTimeout(timer);
  timer = null;
  failures = 0;
  flush();
}

function settle(entry, outcome) {
  entry.waiters.splice(0).forEach((resolve) => resolve(outcome));
}

// Take the record out of the queue first, then tell the store (so the view it recomputes no longer includes
// it), then forget it on the device. A crash between the two leaves a record that is sent again: harmless.
async function finish(entry, outcome, tell) {
  entries.splice(entries.indexOf(entry), 1);
  tell();
  settle(entry, outcome);
  await forget(entry.record);
}

/** Send one record; returns 'done' (drop it), 'retry' (keep it, try later) or 'pause' (keep it, wait for login). */
async function send(entry) {
  const { record } = entry;
  await entry.saved;
  entry.tried = true;
  try {
    // Some records are not JSON (a photo's file): the store sends those itself.
    const custom = hooks.send ? hooks.send(record) : null;
    const data = await (custom || request(record.method, record.path, { json: hooks.prepare(record) }));
    await finish(entry, { status: 'sent', data }, () => hooks.sent(record, data));
    return 'done';
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.status === 0 || error.status >= 500 || error.status === 429 || error.status === 401) {
      settle(entry, { status: 'waiting', error });
      return error.status === 401 ? 'pause' : 'retry';
    }
    // Withdrawing what the server does not have ends in the state that was wanted.
    if (record.method === 'DELETE' && error.status === 404) {
      await finish(entry, { status: 'sent', data: null }, () => hooks.sent(record, null));
      return 'done';
    }
    if (error.status === 409 && error.details.current) {
      const { current } = error.details;
      await finish(entry, { status: 'conflict', data: current }, () => hooks.conflict(record, current));
      return 'done';
    }
    await finish(entry, { status: 'refused', error }, () => hooks.refused(record, error));
    return 'done';
  }
}

function scheduleRetry() {
  failures += 1;
  // Exponential backoff (2 s, 4 s, ... at most a minute) with jitter, so a room full of phones coming
  // back online does not retry in step.
  const delay = Math.min(60000, 1000 * 2 ** failures) + Math.random() * 500;
  clearTimeout(timer);
  timer = setTimeout(() => {
    timer = null;
    flush();
  }, delay);
}

export async function flush() {
  if (!hooks) return;
  if (running) {
    again = true;
    return;
  }
  running = true;
  try {
    do {
      again = false;
      while (entries.length && !timer) {
        state = 'sending';
        notify();
        const result = await send(entries[0]);
        if (result === 'retry') {
          state = 'waiting';
          scheduleRetry();
          break;
        }
        if (result === 'pause') {
          state = 'paused';
          break;
        }
        failures = 0;
      }
    } while (again && entries.length && !timer && state !== 'paused');
    if (!entries.length) state = 'idle';
  } finally {
    running = false;
    notify();
  }
}

/** After a new login the paused queue may go again. */
export function resume() {
  if (state === 'paused') state = 'idle';
  flush();
}
