// The offline copy: what an auditor or facilities member needs before walking into a basement with no signal,
// fetched while there is signal. An auditor's open audits in full (answers, findings, the audit's spaces),
// each audit's pinned checklist version, and the thumbnail and display copy of every finding photo and photo
// answer (kept by the service worker); a facilities member's assigned findings, each with its page and
// evidence photos.
//
// Design decisions:
// - Refreshed at app start, after login and when the connection returns, at most every 10 minutes unless
//   the person asks; the time of the last complete refresh is kept and shown ("how fresh it is").
// - Submitted audits are not kept: they are read-only and read at a desk. At most 30 open audits.
// - At logout with nothing waiting to be sent the copy is erased (a shared phone keeps nobody's audits);
//   with changes waiting it stays, with them, for the next login.
// - What keeps an audit is imported when a refresh needs it, not with the app: the first screen (often the
//   login) opens without it.
// - A facilities member's items are kept whole whenever their list is fetched (My items, the home page, the
//   refresh above): the list, each item's page and every photo those show. An item they can see in the list is
//   an item they can open in a basement, even one never opened before. Their part of the copy has its own
//   time (`items`), since it is refreshed far more often than the audits.
// - Photos are written to the photos cache from the page itself, not only through the service worker, so they
//   are kept even before the worker controls the page; one already kept is not fetched again (its address
//   carries the content's hash).
import { api, ApiError, getAll } from '../api.js';
import { keep } from '../findings/kept.js';
import { session } from '../session.js';
import { db, STORES } from './db.js';

const META = 'offline-copy';
const PHOTOS_CACHE = 'photos-v1';
const EVERY_MS = 10 * 60 * 1000;
const MAX_AUDITS = 30;
const listeners = new Set();
let running = null;
let items = null; // the refresh of a facilities member's items under way
let itemsNext = null; // a newer list that came in meanwhile
let meta = null;

export function onOfflineCopyChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function emit() {
  listeners.forEach((fn) => fn(meta, Boolean(running)));
}

/** The meta if it has been read from the device already (a screen can draw it at once), else null. */
export function offlineCopyKnown() {
  return meta;
}

/**
 * {at, audits, assigned, photos, complete} of the last complete refresh, with `items` ({at, count, photos,
 * complete}) for the last time a facilities member's items were kept; or null.
 */
export async function offlineCopy() {
  if (!meta) meta = await db.get(STORES.cache, META).catch(() => null);
  return meta;
}

async function saveMeta(patch) {
  meta = { ...(await offlineCopy()), ...patch, key: META };
  await db.put(STORES.cache, meta).catch(() => {});
  return meta;
}

/** True while the copy is being refreshed; `{items: true}`: while a facilities member's items are. */
export function refreshing({ items: onlyItems = false } = {}) {
  return onlyItems ? Boolean(items) : Boolean(running || items);
}

// Four at a time: quick on a good connection without starving the outbox on a poor one.
async function fourAtATime(list, work) {
  const queue = [...list];
  await Promise.all(Array.from({ length: 4 }, async () => {
    while (queue.length) await work(queue.shift());
  }));
}

const photoId = (url) => url.split('/')[3]; // /api/photos/<id>/<size>?v=<hash>

async function keepPhotos(urls, still = () => true) {
  let kept = 0;
  const cache = typeof caches === 'undefined' ? null : await caches.open(PHOTOS_CACHE).catch(() => null);
  await fourAtATime(new Set(urls), async (url) => {
    try {
      if (cache && await cache.match(url)) {
        kept += 1;
        return;
      }
      const response = await fetch(url, { credentials: 'same-origin' });
      if (!response.ok || !still()) return;
      // Only addresses that carry the content's hash, as the service worker does (a cached copy is never stale).
      if (cache && new URL(url, location.href).searchParams.has('v')) await cache.put(url, response);
      kept += 1;
    } catch {
      // Counted as missing; the next refresh tries again.
    }
  });
  return kept;
}

const unreachable = (error) => error instanceof ApiError && (error.status === 0 || error.status >= 500);

// A facilities member's items: the list under 'findings:mine', each item's page (description, remedy, photos,
// history) and every photo the list and the pages show. Rejects when the server is out of reach.
async function keepItemsNow(list) {
  // Someone who logs out meanwhile (a shared phone) leaves nothing of theirs behind.
  const who = session.user && session.user.id;
  const still = () => Boolean(session.user) && session.user.id === who;
  await db.put(STORES.cache, { key: 'findings:mine', items: list }).catch(() => {});
  const urls = [];
  let pages = 0;
  for (const item of list) {
    if (item.thumbnail_url) urls.push(item.thumbnail_url);
    if (item.after_thumbnail_url) urls.push(item.after_thumbnail_url);
  }
  await fourAtATime(list, async (item) => {
    try {
      const detail = await api.get(`/api/findings/${encodeURIComponent(item.id)}`);
      if (!still()) return;
      await keep(detail);
      pages += 1;
      for (const photo of [...detail.photos.evidence, ...detail.photos.after]) urls.push(photo.urls.thumb, photo.urls.display);
    } catch (error) {
      if (unreachable(error)) throw error;
      // Anything else (no longer assigned, say): counted as missing, the next refresh tries again.
    }
  });
  const kept = await keepPhotos(urls, still);
  if (!still()) return { urls: [], count: 0 };
  const unique = [...new Set(urls)];
  const photos = new Set(unique.map(photoId)).size;
  await saveMeta({ items: { at: Date.now(), count: list.length, photos, complete: pages === list.length && kept === unique.length } });
  return { urls, count: list.length };
}

/**
 * Keep a facilities member's items for offline use, from the list just fetched: called whenever the list is.
 * A list that comes in while one is being kept is kept next (only the newest). Resolves with the meta.
 */
export function keepItems(list) {
  if (!session.can('finding.work')) return Promise.resolve(meta);
  if (items) {
    itemsNext = list;
    return items;
  }
  items = keepItemsNow(list).then(async () => {
    while (itemsNext) {
      const next = itemsNext;
      itemsNext = null;
      await keepItemsNow(next);
    }
    return meta;
  }).finally(() => {
    items = null;
    itemsNext = null;
    emit();
  });
  emit();
  return items;
}

// The findings assigned to a facilities member (their work list), with their pages and photos.
async function keepAssigned(urls) {
  if (!session.can('finding.work')) return 0;
  const list = await getAll('/api/findings', { queue: 'mine' });
  const kept = await keepItemsNow(list);
  urls.push(...kept.urls);
  return kept.count;
}

async function refresh() {
  const urls = [];
  const assigned = await keepAssigned(urls);
  if (!session.can('audit.conduct')) return finishRefresh(0, assigned, urls);
  const { keepAudit } = await import('./load.js');
  const items = await getAll('/api/audits');
  await db.put(STORES.cache, { key: 'audits', items }).catch(() => {});
  const open = items.filter((audit) => audit.status !== 'submitted').slice(0, MAX_AUDITS);
  for (const summary of open) {
    const data = await api.get(`/api/audits/${encodeURIComponent(summary.id)}`);
    await keepAudit(data);
    // The photos of its findings and of its photo answers (taken on any device), as the walk shows them.
    const photos = [...(data.findings || []).flatMap((finding) => finding.photos || []), ...(data.answer_photos || [])];
    for (const photo of photos) urls.push(photo.urls.thumb, photo.urls.display);
  }
  return finishRefresh(open.length, assigned, urls);
}

async function finishRefresh(audits, assigned, urls) {
  const kept = await keepPhotos(urls);
  const unique = new Set(urls);
  const photos = new Set([...unique].map(photoId)).size;
  return saveMeta({ at: Date.now(), audits, assigned, photos, complete: kept === unique.size });
}

/** Refresh the copy (unless fresh, or force). Resolves with the meta; rejects when the server is out of reach. */
export async function refreshOfflineCopy({ force = false } = {}) {
  if (running) return running;
  const last = await offlineCopy();
  if (!force && last && Date.now() - last.at < EVERY_MS) return last;
  running = refresh().finally(() => {
    running = null;
    emit();
  });
  emit();
  return running;
}

/** Erase the copy (logout with nothing waiting). */
export async function forgetOfflineCopy() {
  meta = null;
  await db.clear(STORES.cache).catch(() => {});
  if (typeof caches !== 'undefined') await caches.delete(PHOTOS_CACHE).catch(() => false);
  emit();
}
