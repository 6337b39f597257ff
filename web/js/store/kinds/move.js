// A facilities member's move on an assigned finding (start the work, resolve it with after-photos):
// POST /api/findings/{id}/transitions, through the outbox so it is never lost. The server answers with the
// finding's page, which is kept.
import { keep } from '../../findings/kept.js';
import { path } from '../state.js';

export default {
  kind: 'move',
  /** body: {to, note?, photo_ids?} */
  make: (finding, body) => ({
    kind: 'move', key: `move:${finding.id}:${body.to}`, id: finding.id, findingId: finding.id, method: 'POST',
    path: path('findings', finding.id, 'transitions'), body,
  }),
  sent(record, data, ctx) {
    if (data) keep(data);
    ctx.emit({ type: 'finding', id: record.findingId });
  },
  // Someone else moved the finding first (reassigned it, or resolved it from another phone): their move
  // stands and this one is held, shown with the finding's state now.
  conflict(record, current) {
    if (current && current.id) keep(current);
    return { kind: 'state', work: true, theirs: { status: current && current.status, at: current && current.updated_at } };
  },
};
