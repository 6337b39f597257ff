// Notes typed before their item has an answer. A response needs an answer, so such a note cannot be sent: it
// is kept on the device (localStorage, per audit) and goes out with the item's first answer.

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
