// Skipping a space of the audit (or walking it after all): PUT /api/audits/{id}/spaces/{space_id}.
import { t } from '../../i18n.js';
import { path, started } from '../state.js';
import { auditKind, spaceOf } from './common.js';

function setSkip(state, spaceId, skipped) {
  if (!state.audit) return;
  state.audit.spaces = state.audit.spaces.map((space) => (space.id === spaceId ? { ...space, skipped } : space));
}

export default auditKind({
  kind: 'skip',
  make: (auditId, spaceId, skipped) => ({
    kind: 'skip', key: `skip:${auditId}/${spaceId}`, id: spaceId, auditId, method: 'PUT',
    path: path('audits', auditId, 'spaces', spaceId), body: { skipped },
  }),
  apply(state, record) {
    setSkip(state, record.id, record.body.skipped);
    started(state);
  },
  acknowledge(base, record, data) {
    setSkip(base, record.id, data ? data.skipped : record.body.skipped);
    started(base);
  },
  describe: (record, state) => ({
    text: t(record.body.skipped ? 'sync.what.skip' : 'sync.what.unskip', { space: spaceOf(state, record.id) }), spaceId: record.id,
  }),
});
