// The one registry of the kinds of change the outbox carries. Each kind is a section of this module and
// says there how it shows before the server answers, how it is sent, what the server's answer changes and how a
// conflict with someone else's change is merged. A new kind of change is a new section and a line in KINDS.
//
// A kind is {
//   kind                            the records' `kind` (kept in IndexedDB across versions: never rename one)
//   make(...)                       a new record of this kind
//   apply(state, record)            what a waiting change does to its audit's view (state.js)
//   prepare(record, ctx)            the body to send (default: record.body)
//   file, send(record)              sent on its own as a file, with its progress shown, by send()
//   sent(record, data, ctx)         what the server's acknowledgement changes on the device
//   conflict(record, current, ctx)  a 409 with the server's current record: the attention to hold the record
//                                   with ({kind: 'conflict' | 'state' | 'refused', ...}), or null when merged
//   held(record, message)           the server refused it (the store shows it on the Changes screen)
//   discarded(record)               the person dropped it for good
//   restore(record, attention, state)  "use mine" after a lost merge: the record to send, or null
//   describe(record, state)         {text, spaceId?, itemId?}: what it is, in words, for the list of changes
// }
// ctx is what the store lends a kind: {base(auditId), saved(auditId), emit(event), queue(record), rewrite(key,
// fn), hasWaiting(key), holdWaiting(key, attention)}.
// (One module rather than one file a kind: the walk's first paint waits for every file of the store, and on a
// phone's connection each file is one more request.)
import { spaceLabel } from '../audits/common.js';
import { keep, keptNow } from '../findings/kept.js';
import { t } from '../i18n.js';
import { announce } from '../live.js';
import { answerKey, findItem } from '../walk/rules.js';
import { mergeConflict, withMine } from './merge.js';
import { forgetPhoto, setPhotoError, setUploaded, uploadPhoto } from './photos.js';
import { path, started, withoutDetails } from './state.js';

// What the kinds of change share: the defaults of a change to an audit, and words for where a change belongs.

/** A record of a change to one thing (id) of an audit, replaced by a newer change to it while not yet tried. */
export const auditRecord = (kind, id, auditId, method, path, body) => ({ kind, key: `${kind}:${id}`, id, auditId, method, path, body });

/**
 * A change to an audit: sent with the base_revision of what it changes (spec.revision), the server's answer
 * kept as the new base (spec.acknowledge), and on a conflict the server's copy wins (spec.takeCurrent): only
 * planners change a plan, and they see it at once. Kinds that merge field by field give their own conflict.
 */
export function auditKind(spec) {
  return {
    prepare(record, ctx) {
      const revision = spec.revision ? spec.revision(ctx.base(record.auditId), record) : undefined;
      return revision ? { ...record.body, base_revision: revision } : record.body;
    },
    sent(record, data, ctx) {
      if (spec.acknowledge) spec.acknowledge(ctx.base(record.auditId), record, data);
      ctx.saved(record.auditId);
    },
    conflict(record, current, ctx) {
      if (spec.takeCurrent) spec.takeCurrent(ctx.base(record.auditId), current);
      ctx.saved(record.auditId);
      announce(t('sync.conflict'), { assertive: true });
      return null;
    },
    ...spec,
  };
}

/** A change to a photo: the server's Photo is kept with it, and a refusal is shown at the photo. */
export function photoKind(spec) {
  return {
    sent(record, data, ctx) {
      if (data) setUploaded(record.id, data);
      ctx.emit({ type: 'photo', id: record.id });
    },
    conflict: () => ({ kind: 'refused' }),
    held(record, message) {
      setPhotoError(record.id, message);
    },
    ...spec,
  };
}

export function spaceOf(state, spaceId) {
  const space = state && state.audit && (state.audit.spaces || []).find((one) => one.id === spaceId);
  return space ? spaceLabel(space) : '';
}

export function itemTitle(state, itemId) {
  const found = state && state.checklist && itemId ? findItem(state.checklist, itemId) : null;
  return found ? found.item.prompt : itemId || '';
}

export const auditTitle = (state) => (state && state.audit && state.audit.title) || '';

// Planning (or re-planning) an audit: PUT /api/audits/{id}. Shown at once from its preview (the Audit as it
// will read), so a plan made without signal opens like any other.

export const plan = auditKind({
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

// An answer to a checklist item, with its note: PUT /api/responses/{id}. A conflict merges field by field
// (merge.js); if the server already held this item's answer under another id, this and later changes go there.

const ANSWER_FIELDS = ['answer', 'note'];

const findById = (state, id) => state && [...state.responses.values()].find((response) => response.id === id);

export const answer = auditKind({
  kind: 'response',
  fields: ANSWER_FIELDS,
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

// A finding recorded on the walk: PUT /api/findings/{id}. Its fields merge like an answer's; a finding whose
// state someone else changed (withdrawn, or taken into triage) is never overwritten: the change is held and
// shown.

const FINDING_FIELDS = ['title', 'description', 'severity', 'remedies', 'photo_ids'];

export const finding = auditKind({
  kind: 'finding',
  fields: FINDING_FIELDS,
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

// Withdrawing a finding made on the walk: DELETE /api/findings/{id} (one the server does not have counts as
// withdrawn, see sending.js).

export const withdraw = auditKind({
  kind: 'withdraw',
  make: (auditId, findingId) => auditRecord('withdraw', findingId, auditId, 'DELETE', path('findings', findingId)),
  apply(state, record) {
    state.findings.delete(record.id);
  },
  acknowledge(base, record) {
    base.findings.delete(record.id);
  },
  describe(record, state) {
    const finding = state && state.findings.get(record.id);
    return { text: t('sync.what.withdraw', { title: finding ? finding.title : '' }), spaceId: finding && finding.space_id };
  },
});

// Skipping a space of the audit (or walking it after all): PUT /api/audits/{id}/spaces/{space_id}.

function setSkip(state, spaceId, skipped) {
  if (!state.audit) return;
  state.audit.spaces = state.audit.spaces.map((space) => (space.id === spaceId ? { ...space, skipped } : space));
}

export const skip = auditKind({
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

// Moving an audit on (submitting it): POST /api/audits/{id}/transitions.

export const transition = auditKind({
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

// A photo's file: PUT /api/photos/{id}, sent after the finding (or the move) it belongs to; a photo answer's
// PUT /api/audits/{audit}/photos/{id} at its space and item, sent after the answer. The file goes as the raw
// body with its progress shown (photos.js, uploadPhoto); a refusal is shown at the photo.

export const photo = photoKind({
  kind: 'photo',
  /** kind: 'evidence' (taken on the walk) or 'after' (the remedy, taken by facilities). */
  make: (auditId, findingId, photoId, kind = 'evidence') => ({
    kind: 'photo', key: `photo:${photoId}`, id: photoId, auditId, findingId, method: 'PUT',
    path: path('photos', photoId), query: { finding_id: findingId, kind },
  }),
  /** A photo of the answer to a photo item (the answer lists its id). */
  answer: (auditId, spaceId, itemId, photoId) => ({
    kind: 'photo', key: `photo:${photoId}`, id: photoId, auditId, method: 'PUT',
    path: path('audits', auditId, 'photos', photoId), query: { space_id: spaceId, item_id: itemId },
  }),
  file: true,
  send: uploadPhoto,
  discarded: (record) => forgetPhoto(record.id),
  describe: (record, state) => ({ text: t('sync.what.photo', { audit: auditTitle(state) }) }),
});

// A photo's caption: PATCH /api/photos/{id}, sent after the photo's file.

export const caption = photoKind({
  kind: 'caption',
  make: (auditId, photoId, caption) => auditRecord('caption', photoId, auditId, 'PATCH', path('photos', photoId), { caption }),
  describe: (record) => ({ text: t('sync.what.caption', { caption: record.body.caption }) }),
});

// A facilities member's move on an assigned finding (start the work, resolve it with after-photos):
// POST /api/findings/{id}/transitions, through the outbox so it is never lost. The server answers with the
// finding's page, which is kept.

export const move = {
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

// A comment on a finding: POST /api/findings/{id}/comments, through the outbox. It carries its own id, so a
// replay is one comment; the server's answer (the comment) is added to the kept page.

export const comment = {
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

const KINDS = new Map([plan, answer, finding, withdraw, skip, transition, photo, caption, move, comment]
  .map((kind) => [kind.kind, kind]));

// A record of a kind this version does not know (left by another version of the app) is still sent as it is.
const UNKNOWN = auditKind({ kind: '' });

export function kindOf(record) {
  return KINDS.get(record.kind) || UNKNOWN;
}
