// The one client-side store of audits. Every change the walk makes goes through here: it shows at once
// (the view is recomputed with the change applied), waits in the outbox (IndexedDB) and is sent in order.
//
// Design decisions:
// - Per audit the store keeps `base` (the server's last confirmed copy) and derives the view from base plus
//   the changes still in the outbox (see changes.js). After a reload the outbox is read back from IndexedDB,
//   so changes not yet sent are still shown, and still sent.
// - base is cached in IndexedDB after every load and acknowledgement, and checklist versions are cached
//   forever (a version never changes), so an audit opened once opens again without a connection.
// - base_revision is added when a record is sent, from base: the revision the server last gave that record.
// - A 409 with `current` replaces base's copy (the server wins); any other refusal is kept in `refusals` for
//   the screens to show with the server's message, and the view drops the change.
import { api, ApiError, getAll, sendBlob } from '../api.js';
import { announce } from '../live.js';
import { t } from '../i18n.js';
import { session } from '../session.js';
import { answerKey } from '../walk/rules.js';
import { acknowledge, applyChange, copyState, emptyState, fromServer, records, revisionOf, takeCurrent } from './changes.js';
import { db, STORES } from './db.js';
import { forgetPhoto, loadPhoto, photoBlob, setCaption, setPhotoError, setProgress, setUploaded } from './photos.js';
import { discard, enqueue, onOutboxChange, outboxStatus, pendingRecords, rekey, resume, startOutbox } from './outbox.js';

const audits = new Map(); // audit id -> {base, checklist, view}
const checklists = new Map(); // "id@version" -> checklist content
const listeners = new Set();
const refusals = [];
let started = null;

function emit(event) {
  listeners.forEach((listener) => listener(event));
}

/** fn(event): {type: 'audit', id} when an audit's view changed; {type: 'sync'} when the outbox did. */
export function subscribe(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function entryFor(id) {
  if (!audits.has(id)) audits.set(id, { base: emptyState(), checklist: null, view: null });
  return audits.get(id);
}

function changed(id) {
  const entry = audits.get(id);
  if (entry) entry.view = null;
  emit({ type: 'audit', id });
}

// Writes of the same audit are coalesced: the last one wins and a burst of taps costs one write.
const persistTimers = new Map();
function persist(id) {
  clearTimeout(persistTimers.get(id));
  persistTimers.set(id, setTimeout(() => {
    const { base } = entryFor(id);
    if (!base.audit) return;
    db.put(STORES.cache, {
      key: `audit:${id}`, audit: base.audit, responses: [...base.responses.values()], findings: [...base.findings.values()],
    }).catch(() => {});
  }, 200));
}

const PHOTO_KINDS = new Set(['photo', 'caption']);

// A photo's file goes as the raw body, with its progress shown; a photo no longer on the device cannot be
// sent at all, which is a refusal (it must not block the queue).
async function uploadPhoto(record) {
  const blob = await photoBlob(record.id);
  if (!blob) throw new ApiError({ status: 410, code: 'photo_missing', message: t('photos.missing') });
  setProgress(record.id, 0);
  try {
    return await sendBlob('PUT', record.path, blob, {
      query: record.query, contentType: blob.type || 'image/jpeg',
      onProgress: (loaded, total) => setProgress(record.id, total ? loaded / total : 0),
    });
  } catch (error) {
    setProgress(record.id, null);
    throw error;
  }
}

const hooks = {
  send(record) {
    return record.kind === 'photo' ? uploadPhoto(record) : null;
  },
  prepare(record) {
    const revision = revisionOf(entryFor(record.auditId).base, record);
    return revision ? { ...record.body, base_revision: revision } : record.body;
  },
  sent(record, data) {
    if (PHOTO_KINDS.has(record.kind)) {
      if (data) setUploaded(record.id, data);
      emit({ type: 'photo', id: record.id });
      return;
    }
    acknowledge(entryFor(record.auditId).base, record, data);
    persist(record.auditId);
    changed(record.auditId);
  },
  conflict(record, current) {
    if (PHOTO_KINDS.has(record.kind)) {
      setPhotoError(record.id, t('photos.conflict'));
      return;
    }
    takeCurrent(entryFor(record.auditId).base, record, current);
    // The server already held this item's answer under another UUID: later changes go to that one.
    if (record.kind === 'response' && current.id !== record.id) {
      rekey(record.key, `response:${current.id}`, (waiting) => {
        waiting.id = current.id;
        waiting.path = `/api/responses/${encodeURIComponent(current.id)}`;
      });
    }
    persist(record.auditId);
    changed(record.auditId);
    announce(t('sync.conflict'), { assertive: true });
  },
  refused(record, error) {
    if (PHOTO_KINDS.has(record.kind)) setPhotoError(record.id, error.message || t('errors.generic', { status: error.status }));
    refusals.push({ record, message: error.message || t('errors.generic', { status: error.status }), error });
    changed(record.auditId);
    announce(t('sync.refused', { reason: refusals.at(-1).message }), { assertive: true });
    emit({ type: 'refused', record, error });
  },
};

/** Start the outbox once per page (app start, or the first screen that needs it). */
export function startStore() {
  if (!started) {
    started = startOutbox(hooks).catch(() => {});
    onOutboxChange(() => emit({ type: 'sync' }));
    // Changes kept while the session had ended go out after the next login.
    session.onChange((user) => {
      if (user) resume();
    });
  }
  return started;
}

export function syncStatus() {
  return { ...outboxStatus(), refusals: refusals.slice() };
}

export function dismissRefusals() {
  refusals.splice(0);
  emit({ type: 'sync' });
}

/** The state the screens show: {audit, responses, findings, checklist}, or null if not loaded. */
export function view(id) {
  const entry = audits.get(id);
  if (!entry) return null;
  if (!entry.view) {
    const state = copyState(entry.base);
    for (const record of pendingRecords(id)) applyChange(state, record);
    entry.view = state;
  }
  return entry.view.audit ? { ...entry.view, checklist: entry.checklist } : null;
}

async function loadChecklist({ id, version }) {
  const key = `${id}@${version}`;
  if (checklists.has(key)) return checklists.get(key);
  let content = (await db.get(STORES.cache, `checklist:${key}`).catch(() => null))?.content;
  if (!content) {
    content = await api.get(`/api/checklists/${encodeURIComponent(id)}/versions/${encodeURIComponent(version)}`);
    db.put(STORES.cache, { key: `checklist:${key}`, content }).catch(() => {});
  }
  checklists.set(key, content);
  return content;
}

const unreachable = (error) => error instanceof ApiError && (error.status === 0 || error.status >= 500);

/** Load an audit from the server (or, without a connection, from the device) with its checklist. */
export async function openAudit(id) {
  await startStore();
  const entry = entryFor(id);
  try {
    entry.base = fromServer(await api.get(`/api/audits/${encodeURIComponent(id)}`));
    persist(id);
  } catch (error) {
    const planHere = error instanceof ApiError && error.status === 404 && pendingRecords(id).some((r) => r.kind === 'audit');
    if (!unreachable(error) && !planHere) throw error;
    if (!entry.base.audit) {
      const cached = await db.get(STORES.cache, `audit:${id}`).catch(() => null);
      if (cached) entry.base = fromServer({ ...cached.audit, responses: cached.responses, findings: cached.findings });
    }
    entry.view = null;
    if (!view(id)) throw error;
  }
  entry.view = null;
  entry.checklist = await loadChecklist(view(id).audit.checklist);
  return view(id);
}

/** The audits the person may see, with audits planned on this device and not yet sent first. */
export async function listAudits() {
  await startStore();
  let items;
  try {
    items = await getAll('/api/audits');
    db.put(STORES.cache, { key: 'audits', items }).catch(() => {});
  } catch (error) {
    const cached = unreachable(error) ? await db.get(STORES.cache, 'audits').catch(() => null) : null;
    if (!cached) throw error;
    items = cached.items;
  }
  const known = new Set(items.map((audit) => audit.id));
  const planned = pendingRecords().filter((r) => r.kind === 'audit' && !known.has(r.auditId))
    .map((r) => ({ ...r.preview, status: 'planned' }));
  return [...planned, ...items];
}

function change(record) {
  const done = enqueue(record);
  changed(record.auditId);
  return done;
}

// ---- The changes a walk makes. Each returns a promise of its first outcome (see outbox.enqueue). ----

export function planAudit(id, body, preview) {
  startStore();
  entryFor(id);
  // Fetch the pinned checklist now, while there is signal, so the walk can open without it later.
  loadChecklist(preview.checklist).catch(() => {});
  return change(records.audit(id, body, preview));
}

// A note typed before the item has an answer cannot be sent (a response needs an answer), so it is kept
// on the device and goes out with the first answer.
const draftKey = (auditId) => `spaces-audit.notes.${auditId}`;
function drafts(auditId) {
  try {
    return JSON.parse(localStorage.getItem(draftKey(auditId)) || '{}');
  } catch {
    return {};
  }
}
function saveDrafts(auditId, values) {
  try {
    localStorage.setItem(draftKey(auditId), JSON.stringify(values));
  } catch {
    // Storage full or unavailable: the note stays on screen until the item is answered.
  }
}

export function noteOf(auditId, spaceId, itemId) {
  const response = view(auditId)?.responses.get(answerKey(spaceId, itemId));
  return response ? response.note || '' : drafts(auditId)[answerKey(spaceId, itemId)] || '';
}

export function answer(auditId, spaceId, itemId, value) {
  const key = answerKey(spaceId, itemId);
  const existing = view(auditId).responses.get(key);
  const kept = drafts(auditId);
  const note = existing ? existing.note || '' : kept[key] || '';
  if (kept[key] !== undefined) {
    delete kept[key];
    saveDrafts(auditId, kept);
  }
  return change(records.response({
    id: existing ? existing.id : crypto.randomUUID(), audit_id: auditId, space_id: spaceId, item_id: itemId, answer: value, note,
  }));
}

export function setNote(auditId, spaceId, itemId, note) {
  const key = answerKey(spaceId, itemId);
  const existing = view(auditId).responses.get(key);
  if (!existing) {
    saveDrafts(auditId, { ...drafts(auditId), [key]: note });
    return Promise.resolve({ status: 'kept' });
  }
  if ((existing.note || '') === note) return Promise.resolve({ status: 'sent' });
  return change(records.response({ ...existing, note }));
}

export function skipSpace(auditId, spaceId, skipped) {
  return change(records.skip(auditId, spaceId, skipped));
}

/**
 * Save a finding, then queue each of its photos not yet on the server (in order, after the finding, with
 * its caption). Photos dropped from the finding are forgotten on the device (and not sent if still waiting).
 */
export async function saveFinding(finding) {
  const before = view(finding.audit_id)?.findings.get(finding.id);
  const done = change(records.finding(finding));
  for (const id of finding.photo_ids) {
    const info = await loadPhoto(id);
    if (!info || info.photo || info.error || photoQueued(id)) continue;
    enqueue(records.photo(finding.audit_id, finding.id, id));
    if (info.caption) enqueue(records.caption(finding.audit_id, id, info.caption));
  }
  for (const id of before ? before.photo_ids : []) {
    if (finding.photo_ids.includes(id)) continue;
    discard(`photo:${id}`);
    discard(`caption:${id}`);
    forgetPhoto(id);
  }
  emit({ type: 'sync' });
  return done;
}

/** True while the photo's file waits in the outbox. */
export function photoQueued(id) {
  return pendingRecords().some((record) => record.key === `photo:${id}`);
}

/** Keep a caption; sent at once (after the file) when the photo is on the server or on its way. */
export async function captionPhoto(auditId, id, caption) {
  const info = await setCaption(id, caption);
  if ((info.photo || photoQueued(id)) && (info.photo?.caption ?? '') !== caption) {
    return change(records.caption(auditId, id, caption));
  }
  return { status: 'kept' };
}

/** Blur regions of an uploaded photo (online only). Resolves with the new Photo; rejects with an ApiError. */
export async function redactPhoto(id, boxes) {
  const photo = await api.post(`/api/photos/${encodeURIComponent(id)}/redactions`, { boxes });
  await setUploaded(id, photo);
  emit({ type: 'photo', id });
  return photo;
}

export function withdrawFinding(auditId, findingId) {
  // A finding the server has never seen (never tried) is simply not sent; one it may have seen is withdrawn.
  const known = entryFor(auditId).base.findings.has(findingId);
  if (!known && discard(`finding:${findingId}`)) {
    changed(auditId);
    return Promise.resolve({ status: 'sent' });
  }
  const pending = pendingRecords(auditId).some((r) => r.key === `finding:${findingId}`);
  if (!known && !pending) return Promise.resolve({ status: 'sent' });
  return change(records.withdraw(auditId, findingId));
}

export function transition(auditId, to) {
  return change(records.transition(auditId, to));
}
