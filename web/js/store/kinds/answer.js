// An answer to a checklist item, with its note: PUT /api/responses/{id}. A conflict merges field by field
// (merge.js); if the server already held this item's answer under another id, this and later changes go there.
import { t } from '../../i18n.js';
import { answerKey } from '../../walk/rules.js';
import { mergeConflict, withMine } from '../merge.js';
import { path, started } from '../state.js';
import { auditKind, auditRecord, itemTitle, spaceOf } from './common.js';

const FIELDS = ['answer', 'note'];

const findById = (state, id) => state && [...state.responses.values()].find((response) => response.id === id);

const answer = auditKind({
  kind: 'response',
  fields: FIELDS,
  make: (response) => auditRecord('response', response.id, response.audit_id, 'PUT', path('responses', response.id), {
    audit_id: response.audit_id, space_id: response.space_id, item_id: response.item_id, answer: response.answer, note: response.note || '',
  }),
  apply(state, record) {
    const key = answerKey(record.body.space_id, record.body.item_id);
    state.responses.set(key, { ...state.responses.get(key), ...record.body, id: record.id });
    started(state);
  },
  revision: (base, record) => findById(base, record.id)?.revision,
  acknowledge(base, record, data) {
    base.responses.set(answerKey(data.space_id, data.item_id), data);
    started(base);
  },
  conflict(record, current, ctx) {
    ctx.base(record.auditId).responses.set(answerKey(current.space_id, current.item_id), current);
    const key = `response:${current.id}`;
    if (current.id !== record.id) {
      ctx.rewrite(record.key, (waiting) => {
        waiting.id = current.id;
        waiting.key = key;
        waiting.path = path('responses', current.id);
      });
    }
    return mergeConflict(answer, record, current, key, ctx);
  },
  restore: (record, attention, state) => withMine(answer, findById(state, attention.theirs.id), attention),
  describe: (record, state) => ({
    text: t('sync.what.response', { item: itemTitle(state, record.body.item_id), space: spaceOf(state, record.body.space_id) }),
    spaceId: record.body.space_id, itemId: record.body.item_id,
  }),
});

export default answer;
