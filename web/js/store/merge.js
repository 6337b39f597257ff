// Merging a change the server refused as stale (409 with its current record) with that current record.
//
// Field by field: a field only one side changed takes that side's value; a field both changed takes the
// later edit (the phone's time of the change against the server's updated_at), and the losing value is
// returned so the person sees it and can restore it. Nothing is thrown away silently.

export const MERGED_FIELDS = {
  response: ['answer', 'note'],
  finding: ['title', 'description', 'severity', 'remedies', 'photo_ids'],
};

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
