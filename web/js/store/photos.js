// Photos stay on the phone as Blobs in IndexedDB, keyed by a UUID made here. Answers and findings refer
// to them by that id only (photo_ids); sending the files themselves comes with the photo upload work, which
// will read them from this same store.
import { db, STORES } from './db.js';

/** Keep the chosen files; resolves with their new ids in the order chosen. */
export async function keepPhotos(files, auditId) {
  const ids = [];
  for (const file of files) {
    const id = crypto.randomUUID();
    await db.put(STORES.photos, {
      id, blob: file, type: file.type, name: file.name, size: file.size, audit_id: auditId, kept_at: new Date().toISOString(),
    });
    ids.push(id);
  }
  return ids;
}

/** The Blob of a photo taken on this device, or null (taken on another phone, or cleared storage). */
export async function photoBlob(id) {
  const record = await db.get(STORES.photos, id).catch(() => null);
  return record ? record.blob : null;
}
