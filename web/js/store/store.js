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
// - A 409 with `current` is merged field by field with the change (merge.js): fields only one side changed
//   keep that side, the later edit of a field wins, and a lost value is held and shown so the person can put
//   it back. A finding whose state someone else changed is never overwritten. Any other refusal is held in
//   the outbox as "needs attention" with the server's message; the view drops the change meanwhile.
import { api, ApiError, getAll, sendBlob } from '../api.js';
import { announce } from '../live.js';
import { t } from '../i18n.js';
import { session } from '../session.js';
import { describe } from '../sync/describe.js';
import { answerKey } from '../walk/rules.js';
import { acknowledge, applyChange, copyState, emptyState, fromServer, records, revisionOf, takeCurrent } from './changes.js';
import { db, STORES } from './db.js';
import { forgetPhoto, loadPhoto, photoBlob, setCaption, setPhotoError, setProgress, setUploaded } from './photos.js';
import { carryForward, MERGED_FIELDS, mergeFields, pick } from './merge.js';
import {
  discard, discardHeld, enqueue, hasWaiting, heldRecords, holdWaiting, onOutboxChange, outboxStatus, pendingRecords,
  resume, retryHeld, retryNow, rewrite, startOutbox, SYNC_TAG,
} from './outbox.js';

const audits = new Map(); // audit id -> {base, checklist, view}
const checklists = new Map(); // "id@version" -> checklist content
const listeners = new Set();
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
function saveBase(id) {
  const { base } = entryFor(id);
  if (!base.audit) return Promise.resolve();
  return db.put(STORES.cache, {
    key: `audit:${id}`, audit: base.audit, responses: [...base.responses.values()], findings: [...base.findings.values()],
  }).catch(() => {});
}
function persist(id) {
  clearTimeout(persistTimers.get(id));
  persistTimers.set(id, setTimeout(() => saveBase(id), 200));
}

const PHOTO_KINDS = new Set(['photo', 'caption']);

// A photo's file goes as the raw body, with its progress shown; a photo no longer on the device cannot be
// sent at all, which needs the person's attention (it must not block the queue).
async function uploadPhoto(record) {
  const blob = await photoBlob(record.id);
  if (!blob) throw new ApiError({ status: 410, code: 'photo_missing', message: t('photos.missing'), details: { message: t('photos.missing') } });
  setProgress(record.id, 0);
  try {
    return await sendBlob('PUT', record.path, blob, {
      query: record.query, contentType: blob.type || 'image/jpeg', headers: { 'Idempotency-Key': record.opId },
      onProgress: (loaded, total) => setProgress(record.id, total ? loaded / total : 0),
    });
  } catch (error) {
    setProgress(record.id, null);
    throw error;
  }
}

function mergeResponse(record, current) {
  const { base } = entryFor(record.auditId);
  takeCurrent(base, record, current);
  const key = `response:${current.id}`;
  // The server already held this item's answer under another UUID: this and later changes go to that one.
  if (current.id !== record.id) {
    rewrite(record.key, (waiting) => {
      waiting.id = current.id;
      waiting.key = key;
      waiting.path = `/api/responses/${encodeURIComponent(current.id)}`;
    });
  }
  return mergeInto('response', record, current, key, (body) => records.response({ ...body, id: current.id }));
}

// A finding whose state someone else changed (withdrawn, or taken into triage) is never overwritten: the
// change is held and shown. Otherwise its fields merge like an answer's.
function mergeFinding(record, current) {
  const { base } = entryFor(record.auditId);
  if (current.status === 'withdrawn') base.findings.delete(current.id);
  else takeCurrent(base, record, current);
  const wasStatus = (record.was && record.was.status) || 'open';
  if (current.status !== wasStatus) {
    const attention = { kind: 'state', theirs: { status: current.status, at: current.updated_at } };
    holdWaiting(record.key, attention);
    return attention;
  }
  return mergeInto('finding', record, current, record.key, (body) => records.finding({ ...body, id: current.id }));
}

function mergeInto(kind, record, current, key, makeRecord) {
  const fields = MERGED_FIELDS[kind];
  const theirsAt = Date.parse(current.updated_at) || 0;
  const merged = mergeFields(fields, record.was, record.body, current, record.madeAt, theirsAt);
  const was = { ...pick(current, fields), status: current.status };
  if (hasWaiting(key)) {
    rewrite(key, (waiting) => {
      carryForward(fields, waiting.body, record.body, merged.body);
      waiting.was = was;
    });
  } else if (merged.changed) {
    const next = makeRecord({ ...record.body, ...merged.body, audit_id: record.auditId });
    next.was = was;
    next.madeAt = record.madeAt;
    enqueue(labelled(next));
  }
  persist(record.auditId);
  changed(record.auditId);
  if (!merged.lost.length) {
    announce(t('sync.merged'));
    return null;
  }
  const by = (current.answered_by || current.created_by || {}).name || '';
  return { kind: 'conflict', lost: merged.lost, theirs: { by, at: current.updated_at, id: current.id } };
}

// Changes that are not part of an audit (a finding's moves and comments after the walk) are kept by their
// own module, which says here how its records are prepared and what their outcomes do.
const otherKinds = new Map(); // kind -> {sent(record, data), conflict(record, current)}

/** Register the outcome handlers of record kinds kept outside the audit store (see findings/work.js). */
export function handleKinds(kinds, handler) {
  kinds.forEach((kind) => otherKinds.set(kind, handler));
}

const hooks = {
  canSend: (record) => !record.userId || Boolean(session.user && session.user.id === record.userId),
  isFile: (record) => record.kind === 'photo',
  sendFile: uploadPhoto,
  prepare(record) {
    if (otherKinds.has(record.kind)) return record.body;
    const revision = revisionOf(entryFor(record.auditId).base, record);
    return revision ? { ...record.body, base_revision: revision } : record.body;
  },
  sent(record, data) {
    if (otherKinds.has(record.kind)) {
      otherKinds.get(record.kind).sent(record, data);
      emit({ type: 'finding', id: record.findingId });
      return;
    }
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
    if (otherKinds.has(record.kind)) return otherKinds.get(record.kind).conflict(record, current);
    if (record.kind === 'response') return mergeResponse(record, current);
    if (record.kind === 'finding') return mergeFinding(record, current);
    if (PHOTO_KINDS.has(record.kind)) return { kind: 'refused' };
    // An audit's plan: the server's copy wins (only planners change it, and they see it at once).
    takeCurrent(entryFor(record.auditId).base, record, current);
    persist(record.auditId);
    changed(record.auditId);
    announce(t('sync.conflict'), { assertive: true });
    return null;
  },
  held(record) {
    const message = record.attention.message || t('errors.generic', { status: record.attention.status });
    if (PHOTO_KINDS.has(record.kind)) setPhotoError(record.id, message);
    if (record.auditId) changed(record.auditId);
    if (record.findingId) emit({ type: 'finding', id: record.findingId });
    announce(t('sync.held'), { assertive: true });
    emit({ type: 'held', record });
  },
  waitingForNetwork() {
    // Background Sync (where the browser has it) wakes the service worker when the connection returns,
    // which asks this page to send, even if the person never comes back to the tab.
    if (!('serviceWorker' in navigator)) return;
    navigator.serviceWorker.ready.then((registration) => registration.sync && registration.sync.register(SYNC_TAG))
      .catch(() => {});
  },
};

function listenForBackgroundSync() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.addEventListener('message', (event) => {
    if (!event.data || event.data.type !== 'SEND_OUTBOX') return;
    retryNow();
    const reply = event.ports && event.ports[0];
    if (!reply) return;
    const stop = onOutboxChange(() => {
      const { state, pending } = outboxStatus();
      if (state === 'sending') return;
      stop();
      reply.postMessage({ ok: pending === 0 });
    });
  });
}

/** Start the outbox once per page (app start, or the first screen that needs it). */
export function startStore() {
  if (!started) {
    started = startOutbox(hooks).catch(() => {});
    onOutboxChange(() => emit({ type: 'sync' }));
    listenForBackgroundSync();
    // Changes kept while the session had ended go out after the next login.
    session.onChange((user) => {
      if (user) resume();
    });
  }
  return started;
}

/** {pending, held, state, photos: {current, total} | null, oldest, retryAt, attention: [held records]}. */
export function syncStatus() {
  return { ...outboxStatus(), attention: heldRecords() };
}

/** Send what waits now (the person pressed "Send now"). */
export function sendNow() {
  startStore();
  retryNow();
}

/** Drop a held change for good. */
export async function discardChange(seq) {
  const record = await discardHeld(seq);
  if (record && record.kind === 'photo') await forgetPhoto(record.id);
  emit({ type: 'sync' });
}

/**
 * Send a held change again. For a lost merge ("use mine"), only the fields that lost are put back over
 * what the record now is, so the other person's edits of other fields stay.
 */
export async function retryChange(seq) {
  const record = heldRecords().find((one) => one.seq === seq);
  if (!record) return null;
  const attention = record.attention || {};
  if (attention.kind === 'state') return null; // someone else changed its state: only discard (or redo it)
  if (attention.kind !== 'conflict') return retryHeld(seq);
  const state = view(record.auditId);
  const now = record.kind === 'response'
    ? state && [...state.responses.values()].find((response) => response.id === attention.theirs.id)
    : state && state.findings.get(record.id);
  await discardHeld(seq);
  if (!now) return null;
  const restored = Object.fromEntries(attention.lost.map(({ field, mine }) => [field, mine]));
  const next = record.kind === 'response'
    ? records.response({ ...now, ...restored })
    : records.finding({ ...now, ...restored });
  next.was = pick(now, MERGED_FIELDS[record.kind]);
  return change(next);
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

/** Keep the server's full copy of an audit, and its checklist, on the device (the offline copy). */
export async function keepAudit(data) {
  await startStore();
  const entry = entryFor(data.id);
  entry.base = fromServer(data);
  entry.view = null;
  await saveBase(data.id);
  entry.checklist = await loadChecklist(data.checklist);
  changed(data.id);
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

// Who made a change and what it is, in words: kept with the record. A change is sent only in its maker's
// session (someone else logging in on this phone must not send it as theirs).
function labelled(record) {
  record.label = describe(record, view(record.auditId) || (audits.get(record.auditId) || {}).view);
  record.userId = session.user ? session.user.id : null;
  return record;
}

let persistAsked = false;
// Ask once, at the first change, that the browser keep this site's storage under pressure: the changes
// waiting here exist nowhere else.
function askToPersist() {
  if (persistAsked || !navigator.storage || !navigator.storage.persist) return;
  persistAsked = true;
  navigator.storage.persist().catch(() => false);
}

/** Queue a change that is not part of an audit, with its words already made (findings/work.js). */
export function queueChange(record, label) {
  startStore();
  record.label = label;
  record.userId = session.user ? session.user.id : null;
  askToPersist();
  const done = enqueue(record);
  emit({ type: 'finding', id: record.findingId });
  return done;
}

function change(record) {
  labelled(record);
  askToPersist();
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
  const record = records.response({
    id: existing ? existing.id : crypto.randomUUID(), audit_id: auditId, space_id: spaceId, item_id: itemId, answer: value, note,
  });
  record.was = pick(existing, MERGED_FIELDS.response);
  return change(record);
}

export function setNote(auditId, spaceId, itemId, note) {
  const key = answerKey(spaceId, itemId);
  const existing = view(auditId).responses.get(key);
  if (!existing) {
    saveDrafts(auditId, { ...drafts(auditId), [key]: note });
    return Promise.resolve({ status: 'kept' });
  }
  if ((existing.note || '') === note) return Promise.resolve({ status: 'sent' });
  const record = records.response({ ...existing, note });
  record.was = pick(existing, MERGED_FIELDS.response);
  return change(record);
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
  const record = records.finding(finding);
  record.was = before ? { ...pick(before, MERGED_FIELDS.finding), status: before.status } : null;
  const done = change(record);
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
