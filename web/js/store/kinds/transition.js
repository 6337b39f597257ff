// Moving an audit on (submitting it): POST /api/audits/{id}/transitions.
import { t } from '../../i18n.js';
import { path, withoutDetails } from '../state.js';
import { auditKind, auditTitle } from './common.js';

export default auditKind({
  kind: 'transition',
  make: (auditId, to) => ({
    kind: 'transition', key: `transition:${auditId}/${to}`, id: auditId, auditId, method: 'POST',
    path: path('audits', auditId, 'transitions'), body: { to },
  }),
  apply(state, record) {
    if (state.audit) state.audit.status = record.body.to;
  },
  acknowledge(base, record, data) {
    base.audit = withoutDetails(data);
  },
  describe: (record, state) => ({ text: t(`sync.what.${record.body.to}`, { audit: auditTitle(state) }) }),
});
