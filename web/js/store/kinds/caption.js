// A photo's caption: PATCH /api/photos/{id}, sent after the photo's file.
import { t } from '../../i18n.js';
import { path } from '../state.js';
import { photoKind } from './common.js';

export default photoKind({
  kind: 'caption',
  make: (auditId, photoId, caption) => ({
    kind: 'caption', key: `caption:${photoId}`, id: photoId, auditId, method: 'PATCH', path: path('photos', photoId),
    body: { caption },
  }),
  describe: (record) => ({ text: t('sync.what.caption', { caption: record.body.caption }) }),
});
