// The changes the walk makes, as outbox records, and how each one changes an audit's state.
//
// An audit's state is {audit, responses: Map "space/item" -> Response, findings: Map id -> Finding}.
// The store keeps two of them: `base`, the last copy the server confirmed, and the view the screens show,
// which is base with every change still in the outbox applied on top, oldest first. Recomputing the view
// from base + outbox (instead of patching one copy) means a refused change simply disappears and a conflict
// is resolved by replacing base with the server's `current`: no undo logic anywhere.
import { answerKey } from '../walk/rules.js';

const path = (...parts) => `/api/${parts.map(encodeURIComponent).join('/')}`;

export const records = {
  /** Plan (or re-plan) an audit. preview: the Audit as it will read, so it shows before the server answers. */
  audit: (id, body, preview) => ({
    kind: 'audit', key: `audit:${id}`, id, auditId: id, method: 'PUT', path: path('audits', id), body, preview,
  }),
  response: (response) => ({
    kind: 'response', key: `response:${response.id}`, id: response.id, auditId: response.audit_id,
    method: 'PUT', path: path('responses', response.id),
    body: {
      audit_id: response.audit_id, space_id: response.space_id, item_id: response.item_id,
      answer: response.answer, note: response.note || '',
    },
  }),
  finding: (finding) => ({
    kind: 'finding', key: `finding:${finding.id}`, id: finding.id, auditId: finding.audit_id,
    method: 'PUT', path: path('findings', finding.id),
    body: {
      audit_id: finding.audit_id, space_id: finding.space_id, item_id: finding.item_id ?? null,
      title: finding.title, description: finding.description || '', severity: finding.severity,
      remedies: finding.remedies, photo_ids: finding.photo_ids,
    },
  }),
  /** A photo's file, sent after its finding (the Blob is read from the device when it is sent). */
  photo: (auditId, findingId, photoId) => ({
    kind: 'photo', key: `photo:${photoId}`, id: photoId, auditId, findingId, method: 'PUT',
    path: path('photos', photoId), query: { finding_id: findingId, kind: 'evidence' },
  }),
  caption: (auditId, photoId, caption) => ({
    kind: 'caption', key: `caption:${photoId}`, id: photoId, auditId, method: 'PATCH', path: path('photos', photoId),
    body: { caption },
  }),
  withdraw: (auditId, findingId) => ({
    kind: 'withdraw', key: `withdraw:${findingId}`, id: findingId, auditId, method: 'DELETE',
    path: path('findings', findingId),
  }),
  skip: (auditId, spaceId, skipped) => ({
    kind: 'skip', key: `skip:${auditId}/${spaceId}`, id: spaceId, auditId, method: 'PUT',
    path: path('audits', auditId, 'spaces', spaceId), body: { skipped },
  }),
  transition: (auditId, to) => ({
    kind: 'transition', key: `transition:${auditId}/${to}`, id: auditId, auditId, method: 'POST',
    path: path('audits', auditId, 'transitions'), body: { to },
  }),
};

/** Records the server keeps revisions of, and where base holds that revision. */
export function revisionOf(base, record) {
  if (record.kind === 'audit') return base.audit?.revision;
  if (record.kind === 'finding') return base.findings.get(record.id)?.revision;
  if (record.kind === 'response') {
    return [...base.responses.values()].find((response) => response.id === record.id)?.revision;
  }
  return undefined;
}

export function emptyState() {
  return { audit: null, responses: new Map(), findings: new Map() };
}

/** A state from the server's full Audit (withdrawn findings are history, not part of the walk). */
export function fromServer(data) {
  const { responses = [], findings = [], ...audit } = data;
  return {
    audit,
    responses: new Map(responses.map((r) => [answerKey(r.space_id, r.item_id), r])),
    findings: new Map(findings.filter((f) => f.status !== 'withdrawn').map((f) => [f.id, f])),
  };
}

export function copyState(state) {
  return {
    audit: state.audit && { ...state.audit, spaces: (state.audit.spaces || []).map((space) => ({ ...space })) },
    responses: new Map(state.responses),
    findings: new Map(state.findings),
  };
}

function withoutDetails(audit) {
  const { responses, findings, ...rest } = audit;
  return rest;
}

// The server starts a planned audit at its first answer, skip or finding; mirror that so the status is right
// before (and after) it answers.
function started(state) {
  if (state.audit && state.audit.status === 'planned') state.audit.status = 'in_progress';
}

function setSkip(state, spaceId, values) {
  if (!state.audit) return;
  state.audit.spaces = state.audit.spaces.map((space) => (space.id === spaceId ? { ...space, ...values } : space));
}

/** The view: what a change in the outbox does, before the server has answered. */
export function applyChange(state, record) {
  const { body } = record;
  switch (record.kind) {
    case 'audit':
      state.audit = { ...record.preview, ...(state.audit ? withoutDetails(state.audit) : { status: 'planned' }), title: body.title };
      break;
    case 'response':
      state.responses.set(answerKey(body.space_id, body.item_id),
        { ...state.responses.get(answerKey(body.space_id, body.item_id)), ...body, id: record.id });
      started(state);
      break;
    case 'finding':
      state.findings.set(record.id, { ...state.findings.get(record.id), ...body, id: record.id, status: 'open' });
      started(state);
      break;
    case 'withdraw':
      state.findings.delete(record.id);
      break;
    case 'skip':
      setSkip(state, record.id, { skipped: body.skipped });
      started(state);
      break;
    case 'transition':
      if (state.audit) state.audit.status = body.to;
      break;
    default:
      break;
  }
}

/** Base: what the server's answer to a change tells us it now holds. */
export function acknowledge(base, record, data) {
  switch (record.kind) {
    case 'audit':
    case 'transition':
      base.audit = withoutDetails(data);
      break;
    case 'response':
      base.responses.set(answerKey(data.space_id, data.item_id), data);
      started(base);
      break;
    case 'finding':
      base.findings.set(data.id, data);
      started(base);
      break;
    case 'withdraw':
      base.findings.delete(record.id);
      break;
    case 'skip':
      setSkip(base, record.id, { skipped: data ? data.skipped : record.body.skipped });
      started(base);
      break;
    default:
      break;
  }
}

/** Base after a 409: the server's current record wins. */
export function takeCurrent(base, record, current) {
  if (record.kind === 'audit') base.audit = withoutDetails(current);
  if (record.kind === 'response') base.responses.set(answerKey(current.space_id, current.item_id), current);
  if (record.kind === 'finding') base.findings.set(current.id, current);
}
