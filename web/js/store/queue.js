// The outbox: every change waits here, persisted on the device, until the server has acknowledged it.
//
// Design decisions:
// - One queue for the whole app, in the order the changes were made. JSON changes are sent in that order,
//   together through POST /api/batch (the server runs each as if sent alone, in order); files go two at a
//   time, with their progress shown. A record waits for every earlier one it depends on (a photo for its
//   finding, a withdrawal for the finding's photos, everything of an audit for its plan), and otherwise may go
//   ahead of earlier files. A day of answers syncs in a few requests. What goes next and what each answer
//   means is in web/js/sync/outbox-send.js.
// - Every record carries an operation id (Idempotency-Key) made when it is queued, and records are PUT on
//   UUIDs made on the phone, so sending one again after a lost answer changes nothing on the server. That is
//   what makes "retry until acknowledged" safe.
// - A record not yet tried is replaced by a newer change to the same thing (`key`): the server only needs
//   the latest state. A record that has been tried is never replaced: the server may have applied it with
//   its answer lost, and only the same operation replays safely.
// - The body is completed at send time (hooks.prepare: the store adds base_revision then), because the
//   revision to build on is only known once the earlier change to the same record has been answered.
// - Outcomes: sent; 409 with `current` (hooks.conflict merges); any other 4xx "needs attention": the record
//   is held on the device with the server's message until the person fixes, retries or discards it, and the
//   rest of the queue goes on; no network, a 5xx or 429 (kept, retried with backoff, on regaining connection,
//   and by Background Sync); 401 (kept; the queue pauses until the next login).
// - Made by a factory so that the storage, the sender and the timers can be others in the unit tests.
// Imported with the store, not when there is first something to send: by then the phone may be offline, and a
// module that failed to load once is never fetched again by the page.
import { sendNext } from '../sync/outbox-send.js';

// How long the outbox waits before trying again after the server could not be reached: 2 s, 4 s, 8 s ...
// doubling with each failure in a row, at most 5 minutes, plus up to half a second of jitter so a room full
// of phones coming back online does not retry in step.

export const MAX_DELAY_MS = 5 * 60 * 1000;
const JITTER_MS = 500;

/** The wait in ms after `failures` failed attempts in a row (1 for the first); random() gives the jitter. */
export function retryDelay(failures, random = Math.random) {
  return Math.min(MAX_DELAY_MS, 1000 * 2 ** failures) + random() * JITTER_MS;
}

/**
 * storage: {getAll(), put(record) -> seq, delete(seq)}; send(method, path, {json, headers}): the API's request();
 * timers: {set, clear} (setTimeout and clearTimeout). Start it with start(hooks): see the store.
 */
// setTimeout must be called on the window, not as a method of another object.
const TIMERS = { set: (fn, ms) => setTimeout(fn, ms), clear: (id) => clearTimeout(id) };

export function createOutbox({ storage, send, timers = TIMERS }) {
  const entries = []; // {record, saved: Promise, waiters: [resolve], tried} in the order the changes were made
  const held = []; // records that need the person's attention, each with record.attention
  const listeners = new Set();
  let ready = null;
  let running = false;
  let again = false;
  let failures = 0;
  let timer = null;
  let retryAt = null;
  let state = 'idle'; // idle | sending | waiting (no connection, will retry) | paused (logged out)
  // What sending.js works with; run is {filesDone} while a drain that sends files is under way.
  const q = { entries, hooks: null, send, run: null, finish, hold, settle };

  // Writing to the device can fail (storage full, private mode): the change is then only in memory, still
  // shown and sent while the page is open. Failing to write must never stop the queue.
  const keep = (record) => storage.put(record).catch(() => record.seq);
  const forget = (record) => (record.seq == null ? Promise.resolve() : storage.delete(record.seq).catch(() => {}));
  const notify = () => listeners.forEach((listener) => listener());

  function stamp(record) {
    record.opId = crypto.randomUUID();
    record.madeAt = record.madeAt || Date.now();
    return record;
  }

  /** Start once: load what an earlier visit left unsent and send it. */
  function start(hooks) {
    if (ready) return ready;
    q.hooks = hooks;
    ready = storage.getAll().catch(() => []).then(async (records) => {
      // What they were made against is read back first (hooks.restore), so none goes without it.
      await Promise.resolve(hooks.restore?.(records)).catch(() => {});
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

  function onChange(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  function status() {
    const filesWaiting = entries.filter((entry) => q.hooks && q.hooks.isFile(entry.record)).length;
    const oldest = [...entries.map((entry) => entry.record), ...held].reduce(
      (min, record) => Math.min(min, record.madeAt || Date.now()), Infinity);
    return {
      pending: entries.length,
      held: held.length,
      state,
      retryAt,
      photos: q.run && filesWaiting ? { current: q.run.filesDone + 1, total: q.run.filesDone + filesWaiting } : null,
      oldest: Number.isFinite(oldest) ? oldest : null,
    };
  }

  /** The records not yet acknowledged, oldest first (optionally those of one audit). */
  function pendingRecords(auditId) {
    return entries.map((entry) => entry.record).filter((record) => !auditId || record.auditId === auditId);
  }

  /** The records the server refused, waiting for the person to fix, retry or discard them. */
  function heldRecords() {
    return held.slice();
  }

  /**
   * Add a change. Resolves with the first outcome of sending it: {status: 'sent'|'conflict'|'held'|'waiting',
   * data?, error?}. 'waiting' means it is kept on the device and will be sent later.
   */
  function enqueue(record) {
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

  function settle(entry, outcome) {
    entry.waiters.splice(0).forEach((resolve) => resolve(outcome));
  }

  function settleAll(outcome) {
    entries.forEach((entry) => settle(entry, outcome));
  }

  /** Rewrite the waiting records of one key (the store merges a conflict into them, or points them elsewhere). */
  function rewrite(key, change) {
    for (const entry of entries) {
      if (entry.tried || entry.record.key !== key) continue;
      change(entry.record);
      entry.saved = entry.saved.then(() => keep(entry.record));
    }
  }

  /** Hold the waiting changes of one key too (another person changed the record's state: none may go). */
  async function holdWaiting(key, attention) {
    for (const entry of entries.filter((one) => !one.tried && one.record.key === key)) {
      await hold(entry, attention, { status: 'held' });
    }
    notify();
  }

  /** True when a change to this key waits, not yet tried. */
  function hasWaiting(key) {
    return entries.some((entry) => !entry.tried && entry.record.key === key);
  }

  /** Drop a change that has never been tried (true if there was one). */
  function discard(key) {
    const index = entries.findIndex((entry) => !entry.tried && entry.record.key === key);
    if (index < 0) return false;
    const [entry] = entries.splice(index, 1);
    settle(entry, { status: 'discarded' });
    entry.saved.then(() => forget(entry.record));
    notify();
    return true;
  }

  /** Forget a held record for good (the person chose to discard it). */
  async function discardHeld(seq) {
    const index = held.findIndex((record) => record.seq === seq);
    if (index < 0) return null;
    const [record] = held.splice(index, 1);
    await forget(record);
    notify();
    return record;
  }

  /** Send a held record again, as a new operation (the server remembers its refusal of the old one). */
  async function retryHeld(seq, change = () => {}) {
    const record = await discardHeld(seq);
    if (!record) return null;
    delete record.attention;
    delete record.seq;
    change(record);
    return enqueue(record);
  }

  function retryNow() {
    timers.clear(timer);
    timer = null;
    retryAt = null;
    failures = 0;
    flush();
  }

  /** After a new login the paused queue may go again. */
  function resume() {
    if (state === 'paused') state = 'idle';
    retryNow();
  }

  // Take the record out of the queue first, then tell the store (so the view it recomputes no longer
  // includes it), then forget it on the device. A crash between the two leaves a record that is sent again:
  // harmless.
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
    q.hooks.held(entry.record);
    settle(entry, outcome);
  }

  function scheduleRetry() {
    failures += 1;
    const delay = retryDelay(failures);
    timers.clear(timer);
    retryAt = Date.now() + delay;
    timer = timers.set(() => {
      timer = null;
      retryAt = null;
      flush();
    }, delay);
    q.hooks.waitingForNetwork();
  }

  // Send from the head of the queue until it is empty, the network fails (retry later) or the session ends.
  async function drain() {
    while (entries.length && !timer) {
      // Changes are sent in the session of the person who made them; another person's login waits.
      if (!q.hooks.canSend(entries[0].record)) {
        state = 'paused';
        settleAll({ status: 'waiting' });
        return;
      }
      state = 'sending';
      q.run = q.run || { filesDone: 0 };
      notify();
      const result = await sendNext(q);
      if (result === 'retry') {
        state = 'waiting';
        scheduleRetry();
        settleAll({ status: 'waiting' });
        return;
      }
      if (result === 'pause') {
        state = 'paused';
        settleAll({ status: 'waiting' });
        return;
      }
      failures = 0;
    }
  }

  async function flush() {
    if (!q.hooks) return;
    if (running) {
      again = true;
      if (q.flight) q.flight.wake(); // a new change may go now beside those on their way (outbox-send.js)
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await drain();
      } while (again && entries.length && !timer && state !== 'paused');
      if (!entries.length) {
        state = 'idle';
        q.run = null;
      }
    } finally {
      running = false;
      notify();
    }
  }

  return {
    start, onChange, status, pendingRecords, heldRecords, enqueue, rewrite, holdWaiting, hasWaiting, discard,
    discardHeld, retryHeld, retryNow, resume,
  };
}
