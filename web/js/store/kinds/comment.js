// A comment on a finding: POST /api/findings/{id}/comments, through the outbox. It carries its own id, so a
// replay is one comment; the server's answer (the comment) is added to the kept page.
import { keep, keptNow } from '../../findings/kept.js';
import { path } from '../state.js';

export default {
  kind: 'comment',
  make: (finding, id, text) => ({
    kind: 'comment', key: `comment:${id}`, id, findingId: finding.id, method: 'POST',
    path: path('findings', finding.id, 'comments'), body: { id, text },
  }),
  sent(record, data, ctx) {
    const detail = keptNow(record.findingId);
    if (detail && data && !detail.timeline.some((entry) => entry.type === 'comment' && entry.id === data.id)) {
      keep({ ...detail, timeline: [...detail.timeline, data] });
    }
    ctx.emit({ type: 'finding', id: record.findingId });
  },
  // Its id taken by another comment: held with the server's words.
  conflict: () => ({ kind: 'refused' }),
};
