// Merging a change the server refused as stale (409 with its current record) with that current record.
//
// Field by field: a field only one side changed takes that side's value; a field both changed takes the
// later edit (the phone's time of the change against the server's updated_at), and the losing value is
// returned so the person sees it and can restore it. Nothing is thrown away silently.
import { t } from '../i18n.js';
import { announce } from '../live.js';

const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The values of `fields` in a record (the snapshot a change is made over, kept as `was`). */
export function pick(record, fields) {
  if (!record) return null;
  return Object.fromEntries(fields.map((field) => [field, record[field]]));
}

/**
 * was: the values the phone's change was made over (null: made over nothing); mine: the change's body;
 * theirs: the server's current record. Returns {body, lost: [{field, mine, theirs}], changed} where body is
 * mine with the merged values and changed says whether it still differs from theirs.
 */
export function mergeFields(fields, was, mine, theirs, mineAt, theirsAt) {
  const body = { ...mine };
  const lost = [];
  const before = was || {};
  for (const field of fields) {
    if (same(mine[field], theirs[field])) continue;
    const iChanged = !same(mine[field], before[field]);
    const theyChanged = !same(theirs[field], before[field]);
    if (!iChanged) {
      body[field] = theirs[field];
    } else if (theyChanged && theirsAt > mineAt) {
      lost.push({ field, mine: mine[field], theirs: theirs[field] });
      body[field] = theirs[field];
    }
  }
  return { body, lost, changed: fields.some((field) => !same(body[field], theirs[field])) };
}

/** Bring a later waiting change of the same record up to date with the merge: fields it left alone follow it. */
export function carryForward(fields, waiting, earlierBody, merged) {
  for (const field of fields) {
    if (same(waiting[field], earlierBody[field])) waiting[field] = merged[field];
  }
}

/** "Use mine" after a lost merge: the record as it now is (now), with the person's lost values put back. */
export function withMine(kind, now, attention) {
  if (!now) return null;
  const next = kind.make({ ...now, ...Object.fromEntries(attention.lost.map(({ field, mine }) => [field, mine])) });
  next.was = pick(now, kind.fields);
  return next;
}

/**
 * Merge a refused change of a kind with `fields` (answers, findings) into the server's current record.
 * The merged values go out with the next waiting change of the record (key), or as a new change when none
 * waits and something of the person's is left to send. Returns null when nothing was lost, else the
 * attention to hold the change with: {kind: 'conflict', lost, theirs: {by, at, id}}.
 */
export function mergeConflict(kind, record, current, key, ctx) {
  const { fields } = kind;
  const theirsAt = Date.parse(current.updated_at) || 0;
  const merged = mergeFields(fields, record.was, record.body, current, record.madeAt, theirsAt);
  const was = { ...pick(current, fields), status: current.status };
  if (ctx.hasWaiting(key)) {
    ctx.rewrite(key, (waiting) => {
      carryForward(fields, waiting.body, record.body, merged.body);
      waiting.was = was;
    });
  } else if (merged.changed) {
    const next = kind.make({ ...record.body, ...merged.body, audit_id: record.auditId, id: current.id });
    next.was = was;
    next.madeAt = record.madeAt;
    ctx.queue(next);
  }
  ctx.saved(record.auditId);
  if (!merged.lost.length) {
    announce(t('sync.merged'));
    return null;
  }
  const by = (current.answered_by || current.created_by || {}).name || '';
  return { kind: 'conflict', lost: merged.lost, theirs: { by, at: current.updated_at, id: current.id } };
}
