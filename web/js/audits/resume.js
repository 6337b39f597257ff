// "Continue where you left off": the last space and item the person worked on, per audit, on this device.
// localStorage is enough: it is a convenience, small, and read synchronously when the audit screen opens.
const key = (auditId) => `spaces-audit.resume.${auditId}`;

export function remember(auditId, spaceId, itemId = null) {
  try {
    localStorage.setItem(key(auditId), JSON.stringify({ spaceId, itemId }));
  } catch {
    // Storage unavailable: the audit screen offers the first unfinished space instead.
  }
}

export function recall(auditId) {
  try {
    return JSON.parse(localStorage.getItem(key(auditId)) || 'null');
  } catch {
    return null;
  }
}
