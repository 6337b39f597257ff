// The device's own storage: one IndexedDB database with three object stores.
//   outbox  changes not yet acknowledged by the server, in the order they were made (auto-increment seq)
//   photos  photo Blobs keyed by the UUID made on the phone (uploading them comes with the photo work)
//   cache   the last server copy of what the walk reads (audits, checklist versions), so a reload or a
//           moment without signal still shows the audit
// IndexedDB rather than localStorage: it holds Blobs, survives reloads and restarts, and does not block
// the main thread. Each call opens its own short transaction, which keeps the code simple and is fast
// enough for the few records a walk writes per tap.

const NAME = 'spaces-audit';
const VERSION = 1;
export const STORES = { outbox: 'outbox', photos: 'photos', cache: 'cache' };

let opening = null;

function upgrade(database) {
  if (!database.objectStoreNames.contains(STORES.outbox)) {
    database.createObjectStore(STORES.outbox, { keyPath: 'seq', autoIncrement: true });
  }
  if (!database.objectStoreNames.contains(STORES.photos)) database.createObjectStore(STORES.photos, { keyPath: 'id' });
  if (!database.objectStoreNames.contains(STORES.cache)) database.createObjectStore(STORES.cache, { keyPath: 'key' });
}

function open() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const req = indexedDB.open(NAME, VERSION);
      req.onupgradeneeded = () => upgrade(req.result);
      req.onsuccess = () => {
        // Another tab opening a newer version asks us to let go; the next call reopens.
        req.result.onversionchange = () => {
          req.result.close();
          opening = null;
        };
        resolve(req.result);
      };
      req.onerror = () => {
        opening = null;
        reject(req.error);
      };
    });
  }
  return opening;
}

/** Run one request in its own transaction and resolve with its result once the transaction commits. */
async function run(store, mode, makeRequest) {
  const database = await open();
  return new Promise((resolve, reject) => {
    const tx = database.transaction(store, mode);
    const req = makeRequest(tx.objectStore(store));
    tx.oncomplete = () => resolve(req.result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

export const db = {
  get: (store, key) => run(store, 'readonly', (s) => s.get(key)),
  getAll: (store) => run(store, 'readonly', (s) => s.getAll()),
  count: (store) => run(store, 'readonly', (s) => s.count()),
  /** Resolves with the record's key (the new seq for an outbox record without one). */
  put: (store, value) => run(store, 'readwrite', (s) => s.put(value)),
  delete: (store, key) => run(store, 'readwrite', (s) => s.delete(key)),
  clear: (store) => run(store, 'readwrite', (s) => s.clear()),
};

// Whether changes may wait in the outbox, kept beside it in localStorage: the walk reads it to know, without
// opening the database (a tenth of a second on a phone), whether the server's copy of an audit is all there is
// to draw (views/walk.js). The outbox sets it before it writes a change and clears it only once the database
// holds none (store/outbox.js). Two tabs can race so that it reads "none" while one waits: the walk's first
// drawing then misses that change until the store has arrived and drawn it, its controls disabled meanwhile.
const WAITING = 'spaces-audit.outbox-waiting';

export function markWaiting(waiting) {
  try {
    localStorage.setItem(WAITING, waiting ? '1' : '0');
  } catch {
    // storage blocked: the walk opens the database to know
  }
}

function readWaiting() {
  try {
    return localStorage.getItem(WAITING);
  } catch {
    return null;
  }
}

/** True when no change waits in the outbox (without opening the database when it can be known otherwise). */
export async function outboxEmpty() {
  const hint = readWaiting();
  if (hint) return hint === '0';
  // No word yet (a first visit, or an outbox not started since this version): no database, nothing waits.
  if (indexedDB.databases && !(await indexedDB.databases()).some((one) => one.name === NAME)) return true;
  return (await db.count(STORES.outbox)) === 0;
}
