// A finding's page as the server last sent it, kept on the device (`finding:<id>` in the cache) and mirrored
// in memory, so it opens without a connection. Written by the screens that load it and by the outbox when
// the server answers a move or a comment.
import { db, STORES } from '../store/db.js';

const cacheKey = (id) => `finding:${id}`;
const kept = new Map(); // id -> the server's last copy

/** Keep the server's copy of a finding's page. */
export async function keep(detail) {
  kept.set(detail.id, detail);
  await db.put(STORES.cache, { key: cacheKey(detail.id), detail, at: Date.now() }).catch(() => {});
}

/** The kept page, from memory or from the device (null if never kept). */
export async function keptFinding(id) {
  if (kept.has(id)) return kept.get(id);
  const found = await db.get(STORES.cache, cacheKey(id)).catch(() => null);
  if (found) kept.set(id, found.detail);
  return found ? found.detail : null;
}

/** The kept page if it is in memory (the outbox adds a sent comment to it). */
export function keptNow(id) {
  return kept.get(id) || null;
}
