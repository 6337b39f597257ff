// Photos stay on the phone as Blobs in IndexedDB, keyed by a UUID made here, until they are uploaded.
// Answers and findings refer to them by that id only (photo_ids); a finding's photos are uploaded through
// the outbox after the finding itself (see store.js).
//
// Design decisions:
// - A photo is shrunk before it is kept (long edge at most 2048 px, JPEG 0.85, upright): that is all the
//   server keeps anyway, it is a tenth of the camera's file, and it uploads in seconds on a weak signal.
//   The re-encoded file carries no EXIF, so no location leaves the phone either.
// - One record per photo: {id, blob, type, width, height, audit_id, kept_at, caption, photo, error}, where
//   `photo` is the server's Photo once uploaded (its urls show it on any device) and `error` the server's
//   reason when it refused the file. The records are mirrored in memory so screens can draw synchronously.
// - A redacted photo's local Blob (unblurred) is dropped: from then on the server's blurred copy is shown.
import { ApiError, sendBlob } from '../api.js';
import { t } from '../i18n.js';
import { db, STORES } from './db.js';

const LONG_EDGE = 2048;
const QUALITY = 0.85;

const known = new Map(); // id -> the record without its blob, once read
const progress = new Map(); // id -> fraction sent, while uploading
const listeners = new Set();

function emit(id) {
  listeners.forEach((listener) => listener(id));
}

/** fn(photoId) whenever a photo's record or upload progress changed. */
export function onPhotoChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function remember(record) {
  if (!record) return null;
  const { blob, ...rest } = record;
  known.set(record.id, { ...rest, hasBlob: Boolean(blob) });
  return known.get(record.id);
}

/** What is known of a photo right now (null until read from the device: use loadPhoto). */
export function photoInfo(id) {
  return known.get(id) || null;
}

export async function loadPhoto(id) {
  if (known.has(id)) return known.get(id);
  return remember(await db.get(STORES.photos, id).catch(() => null)) || null;
}

async function update(id, change) {
  const record = (await db.get(STORES.photos, id).catch(() => null)) || { id };
  const next = change(record);
  await db.put(STORES.photos, next).catch(() => {});
  remember(next);
  emit(id);
  return next;
}

/** Decode (upright), scale to a long edge of at most 2048 px and encode as JPEG. */
async function shrink(file) {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const scale = Math.min(1, LONG_EDGE / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  let blob;
  if (typeof OffscreenCanvas === 'function') {
    const canvas = new OffscreenCanvas(width, height);
    canvas.getContext('2d').drawImage(bitmap, 0, 0, width, height);
    blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: QUALITY });
  } else {
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    canvas.getContext('2d').drawImage(bitmap, 0, 0, width, height);
    blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', QUALITY));
  }
  bitmap.close();
  if (!blob) throw new Error('The photo could not be encoded.');
  return { blob, width, height };
}

/** Keep the chosen files (shrunk); resolves with their new ids in the order chosen. */
export async function keepPhotos(files, auditId) {
  const ids = [];
  for (const file of files) {
    let kept;
    try {
      kept = await shrink(file);
    } catch {
      // A kind the browser cannot decode (HEIC on some browsers): keep the file as it is; the server decodes it.
      kept = { blob: file, width: null, height: null };
    }
    const id = crypto.randomUUID();
    const record = {
      id, blob: kept.blob, type: kept.blob.type || file.type, width: kept.width, height: kept.height, size: kept.blob.size,
      audit_id: auditId, kept_at: new Date().toISOString(), caption: '', photo: null, error: null,
    };
    await db.put(STORES.photos, record);
    remember(record);
    ids.push(id);
  }
  return ids;
}

/** The Blob of a photo taken on this device, or null (taken on another phone, uploaded and redacted, cleared). */
export async function photoBlob(id) {
  const record = await db.get(STORES.photos, id).catch(() => null);
  remember(record);
  return record ? record.blob || null : null;
}

/** Forget a photo removed before it was sent. */
export async function forgetPhoto(id) {
  known.delete(id);
  progress.delete(id);
  await db.delete(STORES.photos, id).catch(() => {});
  emit(id);
}

export function setCaption(id, caption) {
  return update(id, (record) => ({ ...record, caption }));
}

/** The server's Photo after an upload, a caption or a redaction. */
export function setUploaded(id, photo) {
  progress.delete(id);
  return update(id, (record) => {
    const next = { ...record, photo, error: null, caption: photo.caption ?? record.caption ?? '' };
    if (photo.redacted) delete next.blob; // the unblurred copy does not stay on the phone
    return next;
  });
}

export function setPhotoError(id, message) {
  progress.delete(id);
  return update(id, (record) => ({ ...record, error: message }));
}

export function setProgress(id, fraction) {
  if (fraction == null) progress.delete(id);
  else progress.set(id, fraction);
  emit(id);
}

/** The fraction of the file sent (0..1) while it is being uploaded, else null. */
export function progressOf(id) {
  return progress.has(id) ? progress.get(id) : null;
}

// Uploading a photo's file from the device: the raw body, with its progress shown. A photo no longer on the
// device cannot be sent at all, which needs the person's attention (it must not block the queue).

/** Send a photo record's file; resolves with the server's Photo, rejects with an ApiError. */
export async function uploadPhoto(record) {
  const blob = await photoBlob(record.id);
  if (!blob) throw new ApiError({ status: 410, code: 'photo_missing', message: t('photos.missing'), details: { message: t('photos.missing') } });
  setProgress(record.id, 0);
  try {
    return await sendBlob('PUT', record.path, blob, {
      query: record.query, contentType: blob.type || 'image/jpeg', headers: { 'Idempotency-Key': record.opId },
      onProgress: (loaded, total) => setProgress(record.id, total ? loaded / total : 0),
    });
  } catch (error) {
    setProgress(record.id, null);
    throw error;
  }
}
