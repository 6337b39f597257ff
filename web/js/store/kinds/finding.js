// A finding recorded on the walk: PUT /api/findings/{id}. Its fields merge like an answer's; a finding whose
// state someone else changed (withdrawn, or taken into triage) is never overwritten: the change is held and
// shown.
import { t } from '../../i18n.js';
import { mergeConflict, withMine } from '../merge.js';
import { path, started } from '../state.js';
import { auditKind, auditRecord, spaceOf } from './common.js';

const FIELDS = ['title', 'description', 'severity', 'remedies', 'photo_ids'];

const finding = auditKind({
  kind: 'finding',
  fields: FIELDS,
  make: (values) => auditRecord('finding', values.id, values.audit_id, 'PUT', path('findings', values.id), {
    audit_id: values.audit_id, space_id: values.space_id, item_id: values.item_id ?? null, title: values.title,
    description: values.description || '', severity: values.severity, remedies: values.remedies, photo_ids: values.photo_ids,
  }),
  apply(state, record) {
    state.findings.set(record.id, { ...state.findings.get(record.id), ...record.body, id: record.id, status: 'open' });
    started(state);
  },
  revision: (base, record) => base.findings.get(record.id)?.revision,
  acknowledge(base, record, data) {
    base.findings.set(data.id, data);
    started(base);
  },
  conflict(record, current, ctx) {
    const base = ctx.base(record.auditId);
    if (current.status === 'withdrawn') base.findings.delete(current.id);
    else base.findings.set(current.id, current);
    const wasStatus = (record.was && record.was.status) || 'open';
    if (current.status !== wasStatus) {
      const attention = { kind: 'state', theirs: { status: current.status, at: current.updated_at } };
      ctx.holdWaiting(record.key, attention);
      return attention;
    }
    return mergeConflict(finding, record, current, record.key, ctx);
  },
  restore: (record, attention, state) => withMine(finding, state && state.findings.get(record.id), attention),
  describe(record, state) {
    const known = state && state.findings.get(record.id);
    return {
      text: t('sync.what.finding', { title: record.body.title, space: spaceOf(state, record.body.space_id) }),
      spaceId: record.body.space_id, itemId: record.body.item_id || (known && known.item_id) || null,
    };
  },
});

export default finding;
