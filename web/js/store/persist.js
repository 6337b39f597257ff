// What the store keeps in the device's cache (IndexedDB) so an audit opened once opens again without a
// connection: each audit's base after every load and acknowledgement, the list of audits, and checklist
// versions (kept forever: a version never changes). Failing to write only loses the offline copy.
import { db, STORES } from './db.js';

/** Keep an audit's base (the server's last confirmed copy) now. */
export function saveBase(id, base) {
  if (!base.audit) return Promise.resolve();
  return db.put(STORES.cache, {
    key: `audit:${id}`, audit: base.audit, responses: [...base.responses.values()], findings: [...base.findings.values()],
  }).catch(() => {});
}

// Writes of the same audit are coalesced: the last one wins and a burst of taps costs one write.
const timers = new Map();

/** Keep an audit's base soon; getBase() is read when the write happens. */
export function persistSoon(id, getBase) {
  clearTimeout(timers.get(id));
  timers.set(id, setTimeout(() => saveBase(id, getBase()), 200));
}

/** The audit as last kept ({...audit, responses, findings}, as the server sends it), or null. */
export async function keptAudit(id) {
  const kept = await db.get(STORES.cache, `audit:${id}`).catch(() => null);
  return kept ? { ...kept.audit, responses: kept.responses, findings: kept.findings } : null;
}

export const keptChecklist = async (key) => (await db.get(STORES.cache, `checklist:${key}`).catch(() => null))?.content;

export function keepChecklist(key, content) {
  db.put(STORES.cache, { key: `checklist:${key}`, content }).catch(() => {});
}

export const keptAuditList = async () => (await db.get(STORES.cache, 'audits').catch(() => null))?.items ?? null;

export function keepAuditList(items) {
  db.put(STORES.cache, { key: 'audits', items }).catch(() => {});
}
