// Screen reader announcements through the two live regions in index.html.

const timers = {};

/** Announce a result (polite) or an error (assertive). Repeating the same text is announced again. */
export function announce(message, { assertive = false } = {}) {
  const id = assertive ? 'alert' : 'status';
  const region = document.getElementById(id);
  if (!region) return;
  region.textContent = '';
  clearTimeout(timers[id]);
  // A short pause between clearing and filling makes screen readers treat it as new content.
  timers[id] = setTimeout(() => {
    region.textContent = message;
  }, 60);
}
