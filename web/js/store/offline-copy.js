// The offline copy: what an auditor or facilities member needs before walking into a basement with no signal,
// fetched while there is signal. An auditor's open audits in full (answers, findings, the audit's spaces),
// each audit's pinned checklist version, and the thumbnail and display copy of every finding photo (kept by
// the service worker); a facilities member's assigned findings, each with its page and evidence photos.
//
// Design decisions:
// - Refreshed at app start, after login and when the connection returns, at most every 10 minutes unless
//   the person asks; the time of the last complete refresh is kept and shown ("how fresh it is").
// - Submitted audits are not kept: they are read-only and read at a desk. At most 30 open audits.
// - At logout with nothing waiting to be sent the copy is erased (a shared phone keeps nobody's audits);
//   with changes waiting it stays, with them, for the next login.
// - What keeps an audit or a finding's page is imported when a refresh needs it, not with the app: the first
//   screen (often the login) opens without it.
import { api, getAll } from '../api.js';
import { session } from '../session.js';
import { db, STORES } from './db.js';

const META = 'offline-copy';
const PHOTOS_CACHE = 'photos-v1';
const EVERY_MS = 10 * 60 * 1000;
const MAX_AUDITS = 30;
const listeners = new Set();
let running = null;
let meta = null;

export function onOfflineCopyChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function emit() {
  listeners.forEach((fn) => fn(meta, Boolean(running)));
}

/** {at, audits, assigned, photos, complete} of the last complete refresh, or null. */
export async function offlineCopy() {
  if (!meta) meta = await db.get(STORES.cache, META).catch(() => null);
  return meta;
}

export function refreshing() {
  return Boolean(running);
}

async function keepPhotos(urls) {
  let kept = 0;
  const queue = [...urls];
  // Four at a time: quick on a good connection without starving the outbox on a poor one.
  await Promise.all(Array.from({ length: 4 }, async () => {
    while (queue.length) {
      const url = queue.shift();
      try {
        const response = await fetch(url, { credentials: 'same-origin' });
        if (response.ok) kept += 1;
      } catch {
        // Counted as missing below; the next refresh tries again.
      }
    }
  }));
  return kept;
}

// The findings assigned to a facilities member (their work list), kept under 'findings:mine'.
async function keepAssigned(urls) {
  if (!session.can('finding.work')) return 0;
  const { keepFinding } = await import('../findings/work.js');
  const items = await getAll('/api/findings', { queue: 'mine' });
  await db.put(STORES.cache, { key: 'findings:mine', items }).catch(() => {});
  for (const item of items) {
    if (item.thumbnail_url) urls.push(item.thumbnail_url);
    // Each finding's page too (description, remedy, photos, history), to work from in a basement.
    const detail = await keepFinding(item.id);
    for (const photo of detail.photos.evidence) urls.push(photo.urls.thumb, photo.urls.display);
  }
  return items.length;
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
    for (const finding of data.findings || []) {
      for (const photo of finding.photos || []) urls.push(photo.urls.thumb, photo.urls.display);
    }
  }
  return finishRefresh(open.length, assigned, urls);
}

async function finishRefresh(audits, assigned, urls) {
  const kept = await keepPhotos(urls);
  const photos = new Set(urls.map((url) => url.split('/')[3])).size; // /api/photos/<id>/<size>
  meta = { key: META, at: Date.now(), audits, assigned, photos, complete: kept === urls.length };
  await db.put(STORES.cache, meta).catch(() => {});
  return meta;
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
