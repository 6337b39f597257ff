// Withdrawing a finding made on the walk: DELETE /api/findings/{id} (one the server does not have counts as
// withdrawn, see sending.js).
import { t } from '../../i18n.js';
import { path } from '../state.js';
import { auditKind, auditRecord } from './common.js';

export default auditKind({
  kind: 'withdraw',
  make: (auditId, findingId) => auditRecord('withdraw', findingId, auditId, 'DELETE', path('findings', findingId)),
  apply(state, record) {
    state.findings.delete(record.id);
  },
  acknowledge(base, record) {
    base.findings.delete(record.id);
  },
  describe(record, state) {
    const finding = state && state.findings.get(record.id);
    return { text: t('sync.what.withdraw', { title: finding ? finding.title : '' }), spaceId: finding && finding.space_id };
  },
});
