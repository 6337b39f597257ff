// A photo's file: PUT /api/photos/{id}, sent after the finding (or the move) it belongs to; a photo answer's
// PUT /api/audits/{audit}/photos/{id} at its space and item, sent after the answer. The file goes as the raw
// body with its progress shown (photos.js, uploadPhoto); a refusal is shown at the photo.
import { t } from '../../i18n.js';
import { forgetPhoto, uploadPhoto } from '../photos.js';
import { path } from '../state.js';
import { auditTitle, photoKind } from './common.js';

export default photoKind({
  kind: 'photo',
  /** kind: 'evidence' (taken on the walk) or 'after' (the remedy, taken by facilities). */
  make: (auditId, findingId, photoId, kind = 'evidence') => ({
    kind: 'photo', key: `photo:${photoId}`, id: photoId, auditId, findingId, method: 'PUT',
    path: path('photos', photoId), query: { finding_id: findingId, kind },
  }),
  /** A photo of the answer to a photo item (the answer lists its id). */
  answer: (auditId, spaceId, itemId, photoId) => ({
    kind: 'photo', key: `photo:${photoId}`, id: photoId, auditId, method: 'PUT',
    path: path('audits', auditId, 'photos', photoId), query: { space_id: spaceId, item_id: itemId },
  }),
  file: true,
  send: uploadPhoto,
  discarded: (record) => forgetPhoto(record.id),
  describe: (record, state) => ({ text: t('sync.what.photo', { audit: auditTitle(state) }) }),
});
