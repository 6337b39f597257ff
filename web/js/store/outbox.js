// The app's one outbox (see queue.js for how it works): its records kept in IndexedDB, its JSON changes sent
// through the API's request(). The store starts it with the hooks that say what each outcome does.
import { request } from '../api.js';
import { db, STORES } from './db.js';
import { createOutbox } from './queue.js';

export const SYNC_TAG = 'spaces-audit-outbox';

const storage = {
  getAll: () => db.getAll(STORES.outbox),
  put: (record) => db.put(STORES.outbox, record),
  delete: (seq) => db.delete(STORES.outbox, seq),
};

export const {
  start: startOutbox, onChange: onOutboxChange, status: outboxStatus, pendingRecords, heldRecords, enqueue, rewrite,
  holdWaiting, hasWaiting, discard, discardHeld, retryHeld, retryNow, resume,
} = createOutbox({ storage, send: request });

/** True while the photo's file waits in the outbox. */
export function photoQueued(id) {
  return pendingRecords().some((record) => record.key === `photo:${id}`);
}
