// Uploading a photo's file from the device: the raw body, with its progress shown. A photo no longer on the
// device cannot be sent at all, which needs the person's attention (it must not block the queue).
import { ApiError, sendBlob } from '../api.js';
import { t } from '../i18n.js';
import { photoBlob, setProgress } from './photos.js';

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
