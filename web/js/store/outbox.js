// The app's one outbox (see queue.js for how it works): its records kept in IndexedDB, its JSON changes sent
// through the API's request(). The store starts it with the hooks that say what each outcome does.
import { request } from '../api.js';
import { db, markWaiting, STORES } from './db.js';
import { createOutbox } from './queue.js';

export const SYNC_TAG = 'spaces-audit-outbox';

// markWaiting (db.js): said before a change is written, unsaid once the database holds none. A change written
// while that count is read must not be unsaid by it: the count is taken into account only when no change was
// written since it was asked for (one asked for later would see it: IndexedDB runs them in order).
let writes = 0;
const storage = {
  getAll: () => db.getAll(STORES.outbox).then((records) => {
    markWaiting(records.length > 0);
    return records;
  }),
  put: (record) => {
    writes += 1;
    markWaiting(true);
    return db.put(STORES.outbox, record);
  },
  delete: async (seq) => {
    await db.delete(STORES.outbox, seq);
    const before = writes;
    if (!(await db.count(STORES.outbox)) && writes === before) markWaiting(false);
  },
};

export const {
  start: startOutbox, onChange: onOutboxChange, status: outboxStatus, pendingRecords, heldRecords, enqueue, rewrite,
  holdWaiting, hasWaiting, discard, discardHeld, retryHeld, retryNow, resume,
} = createOutbox({ storage, send: request });

/** True while the photo's file waits in the outbox. */
export function photoQueued(id) {
  return pendingRecords().some((record) => record.key === `photo:${id}`);
}
