// The service worker: keeps the app shell on the device so the app opens with no network.
// The server puts VERSION and PRECACHE (every file of web/) in front of this file when it serves /sw.js,
// so any change to a shell file changes this script and the browser installs the new version.
/* global VERSION, PRECACHE */
const CACHE = `shell-${VERSION}`;

self.addEventListener('install', (event) => {
  // cache: 'reload' skips the HTTP cache so a new version never precaches an old file.
  event.waitUntil(caches.open(CACHE).then((cache) =>
    cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' })))));
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

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  // The API always goes to the network: its answers are per person and must be current.
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    // Every page of the app is the same shell (routes live in the address's #fragment).
    event.respondWith(fromShell(new Request('/')));
    return;
  }
  if (PRECACHE.includes(url.pathname)) event.respondWith(fromShell(request));
});
