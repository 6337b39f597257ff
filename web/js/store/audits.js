// The audits open on this device, and the events the screens listen to.
//
// Per audit: `base` (the server's last confirmed copy, see state.js), its checklist, and the view the screens
// show: base with the changes still in the outbox applied on top, recomputed when either changes. After a
// reload the outbox is read back from IndexedDB, so changes not yet sent are still shown, and still sent.
import { localized } from '../checklists/localize.js';
import { kindOf } from './kinds/index.js';
import { pendingRecords } from './outbox.js';
import { persistSoon } from './persist.js';
import { copyState, emptyState } from './state.js';

const audits = new Map(); // audit id -> {base, checklist, view}
const listeners = new Set();

/**
 * fn(event): {type: 'audit', id} when an audit's view changed; {type: 'sync'} when the outbox did;
 * {type: 'photo' | 'finding', id} when a photo or a finding's page did; {type: 'held', record}.
 */
export function subscribe(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function emit(event) {
  listeners.forEach((listener) => listener(event));
}

/** The audit's entry {base, checklist, view}, made empty on first use. */
export function entryFor(id) {
  if (!audits.has(id)) audits.set(id, { base: emptyState(), checklist: null, view: null });
  return audits.get(id);
}

/** The audit's view must be recomputed: tell the screens. */
export function changed(id) {
  const entry = audits.get(id);
  if (entry) entry.view = null;
  emit({ type: 'audit', id });
}

/** The audit's base changed: keep it on the device (soon) and tell the screens. */
export function saved(id) {
  persistSoon(id, () => entryFor(id).base);
  changed(id);
}

/** The state the screens show: {audit, responses, findings, checklist}, or null if not loaded. The checklist
 * is in the person's language (checklists/localize.js); its ids, types and rules are the English file's. */
export function view(id) {
  const entry = audits.get(id);
  if (!entry) return null;
  if (!entry.view) {
    const state = copyState(entry.base);
    for (const record of pendingRecords(id)) kindOf(record).apply?.(state, record);
    entry.view = state;
  }
  return entry.view.audit ? { ...entry.view, checklist: localized(entry.checklist) } : null;
}

/** A checklist version gained texts (see load.js): audits holding the old copy show the new one. */
export function checklistReplaced(old, content) {
  for (const [id, entry] of audits) {
    if (entry.checklist !== old) continue;
    entry.checklist = content;
    changed(id);
  }
}

/** The last view computed for an audit, even one whose audit is not known yet (null if none). */
export function lastView(id) {
  return (audits.get(id) || {}).view || null;
}

// The outbox acknowledges a batch of up to 100 changes in one go, and the store tells the screens of each
// one: a screen that redraws from the audit's whole view on every event did so 100 times a batch, which was
// most of a sync's time on the phone. Wrapped in coalesced(), a burst of events redraws once, right after it.

/** fn, called once after the current burst of calls (a microtask later), however many calls there were. */
export function coalesced(fn) {
  let queued = false;
  return () => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      fn();
    });
  };
}
