// Merging a refused change with the server's current record: the field-by-field merge (web/js/store/merge.js)
// and what each kind of change does with a conflict (web/js/store/kinds/).
import { keptNow } from '/js/findings/kept.js';
import { kindOf } from '/js/store/kinds/index.js';
import answer from '/js/store/kinds/answer.js';
import caption from '/js/store/kinds/caption.js';
import comment from '/js/store/kinds/comment.js';
import finding from '/js/store/kinds/finding.js';
import move from '/js/store/kinds/move.js';
import photo from '/js/store/kinds/photo.js';
import plan from '/js/store/kinds/plan.js';
import skip from '/js/store/kinds/skip.js';
import transition from '/js/store/kinds/transition.js';
import withdraw from '/js/store/kinds/withdraw.js';
import { carryForward, mergeFields } from '/js/store/merge.js';
import { emptyState } from '/js/store/state.js';
import { assert, test } from './assert.js';

const at = (ms) => new Date(ms).toISOString();

/** What the store lends a kind, recording what the kind did with it. waiting: records not yet tried. */
function fakeCtx(base = emptyState(), waiting = []) {
  const ctx = {
    queued: [], saves: [], events: [], heldKeys: [], waiting,
    base: () => base,
    saved: (auditId) => ctx.saves.push(auditId),
    emit: (event) => ctx.events.push(event),
    queue: (record) => ctx.queued.push(record),
    rewrite: (key, change) => waiting.filter((record) => record.key === key).forEach(change),
    hasWaiting: (key) => waiting.some((record) => record.key === key),
    holdWaiting: (key, attention) => ctx.heldKeys.push([key, attention.kind]),
  };
  return ctx;
}

function anAnswer(values, was, madeAt = 1000) {
  const record = answer.make({ id: 'r1', audit_id: 'A', space_id: 's', item_id: 'i', answer: 'yes', note: '', ...values });
  record.was = was;
  record.madeAt = madeAt;
  return record;
}

const theirAnswer = (values, updatedMs) => ({
  id: 'r1', audit_id: 'A', space_id: 's', item_id: 'i', answer: 'no', note: '', revision: 7,
  updated_at: at(updatedMs), answered_by: { id: 'u2', name: 'Ann' }, ...values,
});

test('mergeFields: a field only one side changed takes that side', () => {
  const merged = mergeFields(['answer', 'note'], { answer: 'no', note: '' }, { answer: 'yes', note: '' }, { answer: 'no', note: 'theirs' }, 1, 2);
  assert.deepEqual(merged, { body: { answer: 'yes', note: 'theirs' }, lost: [], changed: true });
});

test('mergeFields: a field both changed takes the later edit, and the other is returned as lost', () => {
  const was = { note: 'old' };
  const theirsLater = mergeFields(['note'], was, { note: 'mine' }, { note: 'theirs' }, 1000, 2000);
  assert.deepEqual(theirsLater, { body: { note: 'theirs' }, lost: [{ field: 'note', mine: 'mine', theirs: 'theirs' }], changed: false });
  const mineLater = mergeFields(['note'], was, { note: 'mine' }, { note: 'theirs' }, 3000, 2000);
  assert.deepEqual(mineLater, { body: { note: 'mine' }, lost: [], changed: true });
});

test('mergeFields: the same value on both sides is no conflict', () => {
  const merged = mergeFields(['remedies'], { remedies: [] }, { remedies: ['remove'] }, { remedies: ['remove'] }, 1, 2);
  assert.deepEqual(merged, { body: { remedies: ['remove'] }, lost: [], changed: false });
});

test('carryForward: a later waiting change follows the merge in the fields it left alone', () => {
  const waiting = { answer: 'yes', note: 'typed later' };
  carryForward(['answer', 'note'], waiting, { answer: 'yes', note: '' }, { answer: 'no', note: '' });
  assert.deepEqual(waiting, { answer: 'no', note: 'typed later' });
});

test('answer: merged without loss, the server copy becomes base and the merged change is sent', () => {
  const base = emptyState();
  const ctx = fakeCtx(base);
  const attention = answer.conflict(anAnswer({ answer: 'yes' }, { answer: 'no', note: '' }), theirAnswer({ note: 'theirs' }, 500), ctx);
  assert.equal(attention, null);
  assert.equal(base.responses.get('s/i').note, 'theirs');
  assert.deepEqual(ctx.queued.map((record) => [record.key, record.body.answer, record.body.note]), [['response:r1', 'yes', 'theirs']]);
  assert.deepEqual([ctx.queued[0].was.answer, ctx.queued[0].was.note], ['no', 'theirs'], 'merged over the server copy');
  assert.deepEqual(ctx.saves, ['A']);
});

test('answer: a lost field is held with both values and who made theirs', () => {
  const ctx = fakeCtx();
  const attention = answer.conflict(anAnswer({ note: 'mine' }, { answer: 'yes', note: '' }, 1000), theirAnswer({ answer: 'yes', note: 'theirs' }, 2000), ctx);
  assert.deepEqual(attention, {
    kind: 'conflict', lost: [{ field: 'note', mine: 'mine', theirs: 'theirs' }], theirs: { by: 'Ann', at: at(2000), id: 'r1' },
  });
  assert.deepEqual(ctx.queued, [], 'nothing of mine is left to send');
});

test('answer: when the server holds the item under another id, waiting changes go to that one', () => {
  const later = anAnswer({ answer: 'yes', note: 'later' }, null);
  const ctx = fakeCtx(emptyState(), [later]);
  answer.conflict(anAnswer({ answer: 'yes' }, null), theirAnswer({ id: 'r9', answer: 'no' }, 500), ctx);
  assert.deepEqual([later.id, later.key, later.path], ['r9', 'response:r9', '/api/responses/r9']);
  assert.deepEqual(ctx.queued, [], 'the merge rides on the waiting change');
  assert.equal(later.was.answer, 'no');
});

test('answer: "use mine" puts back only the fields that lost', () => {
  const state = emptyState();
  state.responses.set('s/i', theirAnswer({ answer: 'yes', note: 'theirs' }, 2000));
  const again = answer.restore(anAnswer({}, null), { kind: 'conflict', lost: [{ field: 'note', mine: 'mine' }], theirs: { id: 'r1' } }, state);
  assert.deepEqual([again.body.answer, again.body.note], ['yes', 'mine']);
  assert.deepEqual(again.was, { answer: 'yes', note: 'theirs' });
});

test('answer: sent with the revision base holds', () => {
  const base = emptyState();
  base.responses.set('s/i', theirAnswer({}, 1));
  assert.equal(answer.prepare(anAnswer({}, null), fakeCtx(base)).base_revision, 7);
});

const aFinding = (values = {}) => ({
  id: 'f1', audit_id: 'A', space_id: 's', item_id: null, title: 'Portrait', description: '', severity: 'low',
  remedies: [], photo_ids: [], ...values,
});

test('finding: its fields merge like an answer', () => {
  const record = finding.make(aFinding({ severity: 'high' }));
  record.was = { ...aFinding(), status: 'open' };
  record.madeAt = 1000;
  const ctx = fakeCtx();
  const attention = finding.conflict(record, { ...aFinding({ title: 'Their title' }), status: 'open', updated_at: at(500) }, ctx);
  assert.equal(attention, null);
  assert.deepEqual([ctx.queued[0].body.title, ctx.queued[0].body.severity], ['Their title', 'high']);
});

test('finding: one whose state someone else changed is never overwritten', () => {
  const record = finding.make(aFinding({ title: 'Mine' }));
  record.was = { ...aFinding(), status: 'open' };
  const base = emptyState();
  const ctx = fakeCtx(base);
  const current = { ...aFinding(), status: 'accepted', updated_at: at(2000) };
  const attention = finding.conflict(record, current, ctx);
  assert.deepEqual(attention, { kind: 'state', theirs: { status: 'accepted', at: at(2000) } });
  assert.deepEqual(ctx.heldKeys, [['finding:f1', 'state']], 'the changes waiting behind it are held too');
  assert.equal(base.findings.get('f1'), current);
  assert.deepEqual(ctx.queued, []);
  const withdrawn = fakeCtx(base);
  finding.conflict(record, { ...current, status: 'withdrawn' }, withdrawn);
  assert.equal(base.findings.has('f1'), false, 'a withdrawn finding leaves the walk');
});

test('plan: the server copy of the audit wins', () => {
  const base = emptyState();
  base.audit = { id: 'A', title: 'Mine', revision: 1 };
  const ctx = fakeCtx(base);
  const record = plan.make('A', { title: 'Mine' }, { id: 'A', title: 'Mine' });
  const attention = plan.conflict(record, { id: 'A', title: 'Theirs', revision: 2, responses: [], findings: [] }, ctx);
  assert.equal(attention, null);
  assert.deepEqual(base.audit, { id: 'A', title: 'Theirs', revision: 2 });
  assert.deepEqual(ctx.saves, ['A']);
});

test('skip, submission and withdrawal: the server answer stands and the change is dropped', () => {
  for (const record of [skip.make('A', 's', true), transition.make('A', 'submitted'), withdraw.make('A', 'f1')]) {
    const ctx = fakeCtx();
    const kind = { skip, transition, withdraw }[record.kind];
    assert.equal(kind.conflict(record, { id: 'A' }, ctx), null, record.kind);
    assert.deepEqual(ctx.saves, ['A'], `${record.kind} shows the server state`);
  }
});

test('photo and caption: a conflict is held as refused, with the server words', () => {
  assert.deepEqual(photo.conflict(photo.make('A', 'f1', 'p1'), { id: 'p1' }, fakeCtx()), { kind: 'refused' });
  assert.deepEqual(caption.conflict(caption.make('A', 'p1', 'A caption'), { id: 'p1' }, fakeCtx()), { kind: 'refused' });
});

test('remediation move: the other person move stands, shown with the finding state now', () => {
  const current = { id: 'f1', status: 'resolved', updated_at: at(3000), timeline: [] };
  const attention = move.conflict(move.make({ id: 'f1' }, { to: 'in_progress' }), current, fakeCtx());
  assert.deepEqual(attention, { kind: 'state', work: true, theirs: { status: 'resolved', at: at(3000) } });
  assert.equal(keptNow('f1'), current, 'the finding page is kept as it is now');
});

test('comment: a conflict is held as refused', () => {
  assert.deepEqual(comment.conflict(comment.make({ id: 'f1' }, 'c1', 'Hello'), { id: 'c1' }, fakeCtx()), { kind: 'refused' });
});

test('every kind of change is in the registry the store sends through', () => {
  for (const kind of [plan, answer, finding, withdraw, skip, transition, photo, caption, move, comment]) {
    assert.equal(kindOf({ kind: kind.kind }), kind, kind.kind);
    assert.ok(typeof kind.sent === 'function' && typeof kind.conflict === 'function', `${kind.kind} says how it is sent and merged`);
  }
});
