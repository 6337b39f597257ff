// Planning (or re-planning) an audit: PUT /api/audits/{id}. Shown at once from its preview (the Audit as it
// will read), so a plan made without signal opens like any other.
import { t } from '../../i18n.js';
import { path, withoutDetails } from '../state.js';
import { auditKind, auditRecord } from './common.js';

export default auditKind({
  kind: 'audit',
  make: (id, body, preview) => ({ ...auditRecord('audit', id, id, 'PUT', path('audits', id), body), preview }),
  apply(state, record) {
    state.audit = { ...record.preview, ...(state.audit ? withoutDetails(state.audit) : { status: 'planned' }), title: record.body.title };
  },
  revision: (base) => base.audit?.revision,
  acknowledge(base, record, data) {
    base.audit = withoutDetails(data);
  },
  takeCurrent(base, current) {
    base.audit = withoutDetails(current);
  },
  describe: (record) => ({ text: t('sync.what.audit', { audit: record.body.title }) }),
});
