// A photo's caption: PATCH /api/photos/{id}, sent after the photo's file.
import { t } from '../../i18n.js';
import { path } from '../state.js';
import { auditRecord, photoKind } from './common.js';

export default photoKind({
  kind: 'caption',
  make: (auditId, photoId, caption) => auditRecord('caption', photoId, auditId, 'PATCH', path('photos', photoId), { caption }),
  describe: (record) => ({ text: t('sync.what.caption', { caption: record.body.caption }) }),
});
