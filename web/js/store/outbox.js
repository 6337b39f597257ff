// The outbox: every change waits here, persisted in IndexedDB, until the server has acknowledged it.
//
// Design decisions:
// - One queue for the whole app, sent strictly in order. An answer can depend on the audit it belongs to
//   having been created, and a withdrawal on its finding: order keeps that true without tracking dependencies.
// - Runs of small JSON changes go together through POST /api/batch (the server runs each as if sent alone,
//   in order); photos go one by one, with their progress shown. A day of answers syncs in a few requests.
// - Every record carries an operation id (Idempotency-Key) made when it is queued, and records are PUT on
//   UUIDs made on the phone, so sending one again after a lost answer changes nothing on the server. That is
//   what makes "retry until acknowledged" safe.
// - Acknowledged means a 2xx with the JSON the API answers. A captive portal's 200 page, or a proxy's, is not
//   an acknowledgement: the record stays and is tried again (api.js turns it into status 0).
// - A record not yet tried is replaced by a newer change to the same thing (`key`): the server only needs
//   the latest state. A record that has been tried is never replaced: the server may have applied it with
//   its answer lost, and only the same operation replays safely.
// - The body is completed at send time (the store adds base_revision then), because the revision to build
//   on is only known once the earlier change to the same record has been answered.
// - Outcomes: sent (the store keeps the server's copy); 409 with `current` (the store merges, see store.js);
//   any other 4xx "needs attention": the record is held on the device with the server's message until the
//   person fixes, retries or discards it, and the rest of the queue goes on; no network, a 5xx or 429 (kept,
//   retried with backoff up to 5 minutes, on regaining connection, and by Background Sync); 401 (kept; the
//   queue pauses until the next login).
import { ApiError, request } from '../api.js';
import { db, STORES } from './db.js';

const BATCH_MAX = 100;
const MAX_DELAY_MS = 5 * 60 * 1000;
export const SYNC_TAG = 'spaces-audit-outbox';

const entries = []; // {record, saved: Promise, waiters: [resolve], tried} in the order the changes were made
const held = []; // records that need the person's attention, each with record.attention
const listeners = new Set();
let hooks = null;
let ready = null;
let running = false;
let again = false;
let failures = 0;
let timer = null;
let retryAt = null;
let state = 'idle'; // idle | sending | waiting (no connection, will retry) | paused (logged out)
let run = null; // {photosDone} while a drain that sends photos is under way

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

function stamp(record) {
  record.opId = crypto.randomUUID();
  record.madeAt = record.madeAt || Date.now();
  return record;
}

/** Start once: load what an earlier visit left unsent and send it. hooks: see the store. */
export function startOutbox(storeHooks) {
  if (ready) return ready;
  hooks = storeHooks;
  ready = db.getAll(STORES.outbox).catch(() => []).then((records) => {
    records.sort((a, b) => a.seq - b.seq);
    for (const record of records) {
      if (!record.opId) stamp(record); // a record kept by an older version of the app
      // Left by an earlier visit: they may have been sent already, so they count as tried.
      if (record.attention) held.push(record);
      else entries.push({ record, saved: Promise.resolve(record.seq), waiters: [], tried: true });
    }
    window.addEventListener('online', () => retryNow());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible' && state === 'waiting') retryNow();
    });
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
  const photosWaiting = entries.filter((entry) => entry.record.kind === 'photo').length;
  const oldest = [...entries.map((entry) => entry.record), ...held].reduce(
    (min, record) => Math.min(min, record.madeAt || Date.now()), Infinity);
  return {
    pending: entries.length,
    held: held.length,
    state,
    retryAt,
    photos: run && photosWaiting ? { current: run.photosDone + 1, total: run.photosDone + photosWaiting } : null,
    oldest: Number.isFinite(oldest) ? oldest : null,
  };
}

/** The records not yet acknowledged, oldest first (optionally those of one audit). */
export function pendingRecords(auditId) {
  return entries.map((entry) => entry.record).filter((record) => !auditId || record.auditId === auditId);
}

/** The records the server refused, waiting for the person to fix, retry or discard them. */
export function heldRecords() {
  return held.slice();
}

/**
 * Add a change. Resolves with the first outcome of sending it: {status: 'sent'|'conflict'|'held'|'waiting',
 * data?, error?}. 'waiting' means it is kept on the device and will be sent later.
 */
export function enqueue(record) {
  stamp(record);
  return new Promise((resolve) => {
    const replaceable = (method) => method === 'PUT' || method === 'PATCH';
    const waiting = entries.find((entry) => !entry.tried && entry.record.key === record.key
      && replaceable(record.method) && record.method === entry.record.method);
    if (waiting) {
      // The earlier state this change was made over stays the first one (the merge compares against it).
      Object.assign(waiting.record, record, { seq: waiting.record.seq, was: waiting.record.was, madeAt: record.madeAt });
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
    // While the queue waits for a connection or a login, the change is safe on the device: say so at once.
    if (timer || state === 'paused') settleAll({ status: 'waiting' });
    else flush();
  });
}

function settleAll(outcome) {
  entries.forEach((entry) => settle(entry, outcome));
}

/** Rewrite the waiting records of one key (the store merges a conflict into them, or points them elsewhere). */
export function rewrite(key, change) {
  for (const entry of entries) {
    if (entry.tried || entry.record.key !== key) continue;
    change(entry.record);
    entry.saved = entry.saved.then(() => keep(entry.record));
  }
}

/** Hold the waiting changes of one key too (another person changed the record's state: none may go). */
export async function holdWaiting(key, attention) {
  for (const entry of entries.filter((one) => !one.tried && one.record.key === key)) {
    await hold(entry, attention, { status: 'held' });
  }
  notify();
}

/** True when a change to this key waits, not yet tried. */
export function hasWaiting(key) {
  return entries.some((entry) => !entry.tried && entry.record.key === key);
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

/** Forget a held record for good (the person chose to discard it). */
export async function discardHeld(seq) {
  const index = held.findIndex((record) => record.seq === seq);
  if (index < 0) return null;
  const [record] = held.splice(index, 1);
  await forget(record);
  notify();
  return record;
}

/** Send a held record again, as a new operation (the server remembers its refusal of the old one). */
export async function retryHeld(seq, change = () => {}) {
  const record = await discardHeld(seq);
  if (!record) return null;
  delete record.attention;
  delete record.seq;
  change(record);
  return enqueue(record);
}

export function retryNow() {
  clearTimeout(timer);
  timer = null;
  retryAt = null;
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
  if (outcome.status === 'sent') await clearHeld(entry.record.key);
}

// A change to the same thing that the server accepted makes an earlier refused one moot: the person has
// fixed it (answered again, submitted after completing the audit).
async function clearHeld(key) {
  const moot = held.filter((record) => record.key === key && record.attention.kind !== 'state');
  for (const record of moot) {
    held.splice(held.indexOf(record), 1);
    await forget(record);
  }
  if (moot.length) notify();
}

async function hold(entry, attention, outcome) {
  entries.splice(entries.indexOf(entry), 1);
  entry.record.attention = { ...attention, at: Date.now() };
  held.push(entry.record);
  await keep(entry.record);
  hooks.held(entry.record);
  settle(entry, outcome);
}

const retryable = (status, details) => status === 0 || status >= 500 || status === 429 || status === 401
  // The first copy of this operation is still running on the server: ask again shortly.
  || (status === 409 && details && details.field === 'Idempotency-Key');

/** What one answer means for its record: 'done', 'retry' or 'pause'. data: the JSON body (or an error's). */
async function settleAnswer(entry, status, data) {
  const { record } = entry;
  if (status >= 200 && status < 300) {
    await finish(entry, { status: 'sent', data }, () => hooks.sent(record, data));
    return 'done';
  }
  const details = (data && data.error) || {};
  if (retryable(status, details)) {
    settle(entry, { status: 'waiting' });
    return status === 401 ? 'pause' : 'retry';
  }
  // Withdrawing what the server does not have ends in the state that was wanted.
  if (record.method === 'DELETE' && status === 404) {
    await finish(entry, { status: 'sent', data: null }, () => hooks.sent(record, null));
    return 'done';
  }
  const message = details.message || '';
  if (status === 409 && details.current) {
    const attention = hooks.conflict(record, details.current);
    if (attention) await hold(entry, { status, message, ...attention }, { status: 'held', data: details.current });
    else await finish(entry, { status: 'conflict', data: details.current }, () => {});
    return 'done';
  }
  const code = details.code || `http_${status}`;
  await hold(entry, { status, code, field: details.field ?? null, message },
    { status: 'held', error: new ApiError({ status, code, message, field: details.field ?? null, details }) });
  return 'done';
}

// Send one record on its own (photos, or a lone change): its answer, or an ApiError's status and body.
async function sendOne(entry) {
  const { record } = entry;
  const custom = hooks.isFile(record) ? hooks.sendFile(record) : null;
  try {
    const data = await (custom || request(record.method, record.path, {
      json: hooks.prepare(record), headers: { 'Idempotency-Key': record.opId }
    }));
    if (record.kind === 'photo' && run) run.photosDone += 1;
    return settleAnswer(entry, 200, data);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return settleAnswer(entry, error.status, { error: error.details });
  }
}

// Several JSON changes in one request; each result is settled in order. A batch answered only in part
// (or not as the API answers) leaves the rest queued, tried, to be replayed with the same operation ids.
async function sendBatch(group) {
  const operations = group.map(({ record }) => ({
    id: record.opId, method: record.method, path: record.path,
    ...(record.method === 'DELETE' ? {} : { body: hooks.prepare(record) }),
  }));
  let answer;
  try {
    answer = await request('POST', '/api/batch', { json: { operations } });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    // The batch as a whole was refused (it should not be): send the first change alone to learn why.
    return retryable(error.status, error.details) ? (error.status === 401 ? 'pause' : 'retry') : sendOne(group[0]);
  }
  const results = Array.isArray(answer && answer.results) ? answer.results : [];
  for (const [index, entry] of group.entries()) {
    const result = results[index];
    if (!result || result.id !== entry.record.opId) return 'retry';
    const outcome = await settleAnswer(entry, result.status, result.body);
    if (outcome !== 'done') return outcome;
  }
  return 'done';
}

// The head of the queue and the JSON changes right behind it, up to the first photo or a second change to
// one record (whose base_revision is known only once the first is answered).
function nextGroup() {
  const group = [];
  const keys = new Set();
  for (const entry of entries) {
    if (hooks.isFile(entry.record) || keys.has(entry.record.key) || group.length >= BATCH_MAX) break;
    keys.add(entry.record.key);
    group.push(entry);
  }
  return group;
}

async function sendNext() {
  const group = nextGroup();
  const head = group.length ? group : [entries[0]];
  await Promise.all(head.map((entry) => entry.saved));
  head.forEach((entry) => {
    entry.tried = true;
  });
  return head.length > 1 ? sendBatch(head) : sendOne(head[0]);
}

function scheduleRetry() {
  failures += 1;
  // Exponential backoff (2 s, 4 s, ... at most 5 minutes) with jitter, so a room full of phones coming
  // back online does not retry in step.
  const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** failures) + Math.random() * 500;
  clearTimeout(timer);
  retryAt = Date.now() + delay;
  timer = setTimeout(() => {
    timer = null;
    retryAt = null;
    flush();
  }, delay);
  hooks.waitingForNetwork();
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
        // Changes are sent in the session of the person who made them; another person's login waits.
        if (!hooks.canSend(entries[0].record)) {
          state = 'paused';
          settleAll({ status: 'waiting' });
          break;
        }
        state = 'sending';
        run = run || { photosDone: 0 };
        notify();
        const result = await sendNext();
        if (result === 'retry') {
          state = 'waiting';
          scheduleRetry();
          settleAll({ status: 'waiting' });
          break;
        }
        if (result === 'pause') {
          state = 'paused';
          settleAll({ status: 'waiting' });
          break;
        }
        failures = 0;
      }
    } while (again && entries.length && !timer && state !== 'paused');
    if (!entries.length) {
      state = 'idle';
      run = null;
    }
  } finally {
    running = false;
    notify();
  }
}

/** After a new login the paused queue may go again. */
export function resume() {
  if (state === 'paused') state = 'idle';
  retryNow();
}
