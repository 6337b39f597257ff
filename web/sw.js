// The service worker: keeps the app shell on the device so the app opens with no network.
// The server puts VERSION and PRECACHE (every file of web/) in front of this file when it serves /sw.js,
// so any change to a shell file changes this script and the browser installs the new version.
/* global VERSION, PRECACHE, HASHES */
const CACHE = `shell-${VERSION}`;
// Thumbnails and display copies of photos, kept so evidence shows offline. Their addresses carry the
// content's hash (?v=), so a cached copy is never stale; the app empties this cache at logout.
const PHOTOS = 'photos-v1';
const CACHED_PHOTO = /^\/api\/photos\/[0-9a-f-]{36}\/(thumb|display)$/;
const SYNC_TAG = 'spaces-audit-outbox';
// The community report pages (/r/CODE, /follow and their files under /report/) are not part of the app: a
// passer-by's phone should keep nothing of them, so this worker neither caches nor answers them. Nor the public
// progress page (/progress, its pairs and its stylesheet): it must show what the server says now (nothing,
// once an administrator turns it off), never a kept copy or the app's shell.
const PUBLIC_PAGES = /^\/(r\/|follow$|report\/|progress($|\/))/;
const SHELL_FILES = PRECACHE.filter((url) => !PUBLIC_PAGES.test(url));

async function sha256(response) {
  const bytes = await crypto.subtle.digest('SHA-256', await response.arrayBuffer());
  return [...new Uint8Array(bytes)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

// A file the page has just downloaded is taken from the browser's HTTP cache when its hash is exactly this
// version's (so the first visit downloads each file once); anything else is fetched, revalidated, from the
// server, so a new version never precaches an old file.
async function precache(cache, url) {
  try {
    const kept = await fetch(new Request(url, { cache: 'only-if-cached', mode: 'same-origin' }));
    if (kept.ok && HASHES[url] && (await sha256(kept.clone())) === HASHES[url]) {
      await cache.put(url, kept);
      return;
    }
  } catch {
    // Not in the HTTP cache: fetched below.
  }
  const fresh = await fetch(new Request(url, { cache: 'no-cache' }));
  if (!fresh.ok) throw new Error(`${url} answered ${fresh.status}`);
  await cache.put(url, fresh);
}

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.all(SHELL_FILES.map((url) => precache(cache, url)))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((name) => name.startsWith('shell-') && name !== CACHE)
      .map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

// A waiting version takes over only when the person accepts it (the "new version" banner), never in the
// middle of their work.
self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') self.skipWaiting();
});

async function fromShell(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request, { ignoreSearch: true });
  if (cached) return cached;
  return fetch(request);
}

async function photo(request) {
  const cache = await caches.open(PHOTOS);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && new URL(request.url).searchParams.has('v')) await cache.put(request, response.clone());
  return response;
}

// Background Sync: the browser wakes this worker when the connection is back; the open app sends its outbox
// (it holds the queue's order and the merge rules). A failed attempt makes the browser try again later.
function askPagesToSend() {
  return self.clients.matchAll({ type: 'window' }).then((pages) => Promise.all(pages.map((page) =>
    new Promise((resolve, reject) => {
      const channel = new MessageChannel();
      const timeout = setTimeout(() => reject(new Error('no answer from the page')), 120000);
      channel.port1.onmessage = (event) => {
        clearTimeout(timeout);
        if (event.data && event.data.ok) resolve();
        else reject(new Error('changes still waiting'));
      };
      page.postMessage({ type: 'SEND_OUTBOX' }, [channel.port2]);
    }))));
}

self.addEventListener('sync', (event) => {
  if (event.tag === SYNC_TAG) event.waitUntil(askPagesToSend());
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin === self.location.origin && CACHED_PHOTO.test(url.pathname)) {
    event.respondWith(photo(request));
    return;
  }
  // The API always goes to the network: its answers are per person and must be current.
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (PUBLIC_PAGES.test(url.pathname)) return;
  if (request.mode === 'navigate') {
    // Every page of the app is the same shell (routes live in the address's #fragment).
    event.respondWith(fromShell(new Request('/')));
    return;
  }
  if (SHELL_FILES.includes(url.pathname)) event.respondWith(fromShell(request));
});
