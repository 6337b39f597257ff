// Reading audits: from the server when it answers, else from the copy kept on the device, so an audit opened
// once (or kept by the offline copy) opens again without a connection.
import { api, ApiError, auditAddress, getAll } from '../api.js';
import { checklistReplaced, entryFor, changed, view } from './audits.js';
import { pendingRecords } from './outbox.js';
import { keepAuditList, keepChecklist, keptAudit, keptAuditList, keptChecklist, persistSoon, saveBase } from './persist.js';
import { fromServer } from './state.js';
import { startStore } from './store.js';

const checklists = new Map(); // "id@version" -> its content (a promise: the read under way or done)

const unreachable = (error) => error instanceof ApiError && (error.status === 0 || error.status >= 500);

const fetchChecklist = (id, version) =>
  api.get(`/api/checklists/${encodeURIComponent(id)}/versions/${encodeURIComponent(version)}`);

// A stored version never changes, but it may gain texts in other languages (checklists/README.md, Versions
// and pinning): a copy kept on the device is compared with the server's once a session, in the background.
function refresh(key, { id, version }, kept) {
  fetchChecklist(id, version).then((content) => {
    if (JSON.stringify(content) === JSON.stringify(kept)) return;
    keepChecklist(key, content);
    checklists.set(key, Promise.resolve(content));
    checklistReplaced(kept, content);
  }).catch(() => {});
}

/** A checklist version's content: from memory, the device or the server (then kept). */
export function loadChecklist({ id, version }) {
  const key = `${id}@${version}`;
  // One read per version, however many ask at once (the walk opening while the offline copy refreshes).
  if (!checklists.has(key)) {
    checklists.set(key, readChecklist(key, { id, version }).catch((error) => {
      checklists.delete(key);
      throw error;
    }));
  }
  return checklists.get(key);
}

// A checklist the server sent with its audit (?with=checklist): kept as if read on its own.
function adoptChecklist(content) {
  const key = `${content.id}@${content.version}`;
  if (checklists.has(key)) return;
  keepChecklist(key, content);
  checklists.set(key, Promise.resolve(content));
}

async function readChecklist(key, { id, version }) {
  let content = await keptChecklist(key);
  if (content) {
    refresh(key, { id, version }, content);
  } else {
    content = await fetchChecklist(id, version);
    keepChecklist(key, content);
  }
  return content;
}

// A copy from the server read while changes to it still wait in the outbox (the offline copy refreshed when the
// connection returns, a screen opened) keeps, for each answer and finding those changes touch, the copy they
// were made against. The change is then sent with that base_revision, so the server merges it field by field
// with what someone else did meanwhile; given the newer revision, a whole answer made offline would silently
// overwrite their newer answer.
function adopt(id, old, data) {
  const next = fromServer(data);
  for (const record of pendingRecords(id)) {
    if (record.kind === 'finding' && old.findings.has(record.id)) next.findings.set(record.id, old.findings.get(record.id));
    if (record.kind !== 'response') continue;
    for (const [key, response] of old.responses) {
      if (response.id === record.id) next.responses.set(key, response);
    }
  }
  return next;
}

// What the device knew of the audit before this read: in memory, or (on a page just loaded, with changes still
// waiting from before the reload) the copy kept on the device, which those changes were made against.
async function knownBase(id, entry) {
  if (entry.base.audit || !pendingRecords(id).length) return entry.base;
  const kept = await keptAudit(id);
  return kept ? fromServer(kept) : entry.base;
}

/**
 * Load an audit from the server (or, without a connection, from the device) with its checklist. fetched: the
 * server's answer to GET auditAddress(id, true) when the screen has it already (the walk drew from it).
 */
export async function openAudit(id, fetched = null) {
  await startStore();
  const entry = entryFor(id);
  // An audit whose checklist this visit has not read yet asks for both at once: one round trip, not two in turn.
  const known = entry.base.audit?.checklist;
  const withChecklist = !(known && checklists.has(`${known.id}@${known.version}`));
  try {
    const { checklist_content: content, ...data } = fetched || await api.get(auditAddress(id, withChecklist));
    if (content) adoptChecklist(content);
    entry.base = adopt(id, await knownBase(id, entry), data);
    persistSoon(id, () => entryFor(id).base);
  } catch (error) {
    const planHere = error instanceof ApiError && error.status === 404 && pendingRecords(id).some((r) => r.kind === 'audit');
    if (!unreachable(error) && !planHere) throw error;
    if (!entry.base.audit) {
      const kept = await keptAudit(id);
      if (kept) entry.base = fromServer(kept);
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
  entry.base = adopt(data.id, await knownBase(data.id, entry), data);
  entry.view = null;
  await saveBase(data.id, entry.base);
  entry.checklist = await loadChecklist(data.checklist);
  changed(data.id);
}

/** The audits the person may see, with audits planned on this device and not yet sent first. */
export async function listAudits() {
  await startStore();
  let items;
  try {
    items = await getAll('/api/audits');
    keepAuditList(items);
  } catch (error) {
    items = unreachable(error) ? await keptAuditList() : null;
    if (!items) throw error;
  }
  const known = new Set(items.map((audit) => audit.id));
  const planned = pendingRecords().filter((r) => r.kind === 'audit' && !known.has(r.auditId))
    .map((r) => ({ ...r.preview, status: 'planned' }));
  return [...planned, ...items];
}
