// Notes typed before their item has an answer. A response needs an answer, so such a note cannot be sent: it
// is kept on the device (localStorage, per audit) and goes out with the item's first answer (store/walk.js).
import { answerKey } from './rules.js';

const draftKey = (auditId) => `spaces-audit.notes.${auditId}`;

/** {"space/item": note} of one audit. */
export function drafts(auditId) {
  try {
    return JSON.parse(localStorage.getItem(draftKey(auditId)) || '{}');
  } catch {
    return {};
  }
}

export function saveDrafts(auditId, values) {
  try {
    localStorage.setItem(draftKey(auditId), JSON.stringify(values));
  } catch {
    // Storage full or unavailable: the note stays on screen until the item is answered.
  }
}

/** The note of an item in a space of the audit's state: its answer's, or the one kept here until it has one. */
export function noteOf(state, spaceId, itemId) {
  const key = answerKey(spaceId, itemId);
  const response = state.responses.get(key);
  return response ? response.note || '' : drafts(state.audit.id)[key] || '';
}
