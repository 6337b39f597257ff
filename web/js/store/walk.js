// The changes a walk makes: plan, answer, note, skip, finding, photo caption, redaction, withdrawal, submit.
// Each goes through the store (store.js) and returns a promise of its first outcome (see queue.js enqueue).
import { api } from '../api.js';
import { drafts, saveDrafts } from '../walk/notes.js';
import { answerKey } from '../walk/rules.js';
import { changed, emit, entryFor, view } from './audits.js';
import answerKind from './kinds/answer.js';
import captionKind from './kinds/caption.js';
import findingKind from './kinds/finding.js';
import photoKind from './kinds/photo.js';
import planKind from './kinds/plan.js';
import skipKind from './kinds/skip.js';
import transitionKind from './kinds/transition.js';
import withdrawKind from './kinds/withdraw.js';
import { loadChecklist } from './load.js';
import { pick } from './merge.js';
import { discard, enqueue, pendingRecords, photoQueued } from './outbox.js';
import { forgetPhoto, loadPhoto, setCaption, setUploaded } from './photos.js';
import { change, startStore } from './store.js';

export function planAudit(id, body, preview) {
  startStore();
  entryFor(id);
  // Fetch the pinned checklist now, while there is signal, so the walk can open without it later.
  loadChecklist(preview.checklist).catch(() => {});
  return change(planKind.make(id, body, preview));
}

const photoIds = (value) => (Array.isArray(value) ? value : []);

/**
 * Queue the upload of each photo of a photo answer not yet on the server nor on its way (after the answer, so
 * the server never holds a photo its answer does not list yet for long); those taken out of the answer leave
 * the device and are not sent. Only photos kept on this device are sent: another phone's are its own.
 */
async function sendAnswerPhotos(auditId, spaceId, itemId, ids, before = []) {
  for (const id of ids) {
    const info = await loadPhoto(id);
    if (!info || !info.hasBlob || info.photo || info.error || photoQueued(id)) continue;
    enqueue(photoKind.answer(auditId, spaceId, itemId, id));
  }
  for (const id of before) {
    if (ids.includes(id)) continue;
    const info = await loadPhoto(id);
    if (!info) continue;
    discard(`photo:${id}`);
    if (!info.photo) forgetPhoto(id); // never reached the server: nothing else refers to it
  }
  emit({ type: 'sync' });
}

/**
 * Photo answers kept on this device but never sent (taken with a version of the app that kept them on the
 * phone, or whose upload was discarded): queued now. Called when the walk opens.
 */
export async function sendKeptAnswerPhotos(auditId) {
  const state = view(auditId);
  if (!state) return;
  for (const response of state.responses.values()) {
    if (photoIds(response.answer).length) await sendAnswerPhotos(auditId, response.space_id, response.item_id, response.answer);
  }
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
  const record = answerKind.make({
    id: existing ? existing.id : crypto.randomUUID(), audit_id: auditId, space_id: spaceId, item_id: itemId, answer: value, note,
  });
  record.was = pick(existing, answerKind.fields);
  const done = change(record);
  const before = photoIds(existing && existing.answer);
  if (photoIds(value).length || before.length) sendAnswerPhotos(auditId, spaceId, itemId, photoIds(value), before);
  return done;
}

export function setNote(auditId, spaceId, itemId, note) {
  const key = answerKey(spaceId, itemId);
  const existing = view(auditId).responses.get(key);
  if (!existing) {
    saveDrafts(auditId, { ...drafts(auditId), [key]: note });
    return Promise.resolve({ status: 'kept' });
  }
  if ((existing.note || '') === note) return Promise.resolve({ status: 'sent' });
  const record = answerKind.make({ ...existing, note });
  record.was = pick(existing, answerKind.fields);
  return change(record);
}

export function skipSpace(auditId, spaceId, skipped) {
  return change(skipKind.make(auditId, spaceId, skipped));
}

/**
 * Save a finding, then queue each of its photos not yet on the server (in order, after the finding, with
 * its caption). Photos dropped from the finding are forgotten on the device (and not sent if still waiting).
 */
export async function saveFinding(finding) {
  const before = view(finding.audit_id)?.findings.get(finding.id);
  const record = findingKind.make(finding);
  record.was = before ? { ...pick(before, findingKind.fields), status: before.status } : null;
  const done = change(record);
  for (const id of finding.photo_ids) {
    const info = await loadPhoto(id);
    if (!info || info.photo || info.error || photoQueued(id)) continue;
    enqueue(photoKind.make(finding.audit_id, finding.id, id));
    if (info.caption) enqueue(captionKind.make(finding.audit_id, id, info.caption));
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

/** Keep a caption; sent at once (after the file) when the photo is on the server or on its way. */
export async function captionPhoto(auditId, id, caption) {
  const info = await setCaption(id, caption);
  if ((info.photo || photoQueued(id)) && (info.photo?.caption ?? '') !== caption) {
    return change(captionKind.make(auditId, id, caption));
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
  return change(withdrawKind.make(auditId, findingId));
}

export function transition(auditId, to) {
  return change(transitionKind.make(auditId, to));
}
