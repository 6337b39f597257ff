// An audit's state, as the walk's screens read it: {audit, responses: Map "space/item" -> Response,
// findings: Map id -> Finding}.
//
// The store keeps two of them per audit: `base`, the last copy the server confirmed, and the view the
// screens show, which is base with every change still in the outbox applied on top, oldest first (each
// kind of change says how, in kinds/). Recomputing the view from base + outbox (instead of patching one copy)
// means a refused change simply disappears and a conflict is resolved by replacing base with the server's
// `current`: no undo logic anywhere.
import { answerKey } from '../walk/rules.js';

export const path = (...parts) => `/api/${parts.map(encodeURIComponent).join('/')}`;

// id -> the server's Photo, as the audits read name it (answer_photos, each finding's photos): how a photo taken
// on another device is shown, at its versioned address (the one the offline copy and the service worker keep).
const onServer = new Map();

function noteServerPhotos(photos) {
  for (const photo of photos || []) if (photo && photo.id && photo.urls) onServer.set(photo.id, photo);
}

/** The server's Photo of a photo taken on another device, when an audit read names it; else null. */
export function serverPhoto(id) {
  return onServer.get(id) || null;
}

export function emptyState() {
  return { audit: null, responses: new Map(), findings: new Map() };
}

/**
 * A state from the server's full Audit (withdrawn findings are history, not part of the walk). The photos it
 * names are remembered (serverPhoto).
 */
export function fromServer(data) {
  const { responses = [], findings = [], ...audit } = data;
  noteServerPhotos(audit.answer_photos);
  findings.forEach((finding) => noteServerPhotos(finding.photos));
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

/** The audit without its answers and findings (which the state keeps in its own maps). */
export function withoutDetails(audit) {
  const { responses, findings, ...rest } = audit;
  return rest;
}

// The server starts a planned audit at its first answer, skip or finding; mirror that so the status is right
// before (and after) it answers.
export function started(state) {
  if (state.audit && state.audit.status === 'planned') state.audit.status = 'in_progress';
}
