// The style sheet of the screens of someone logged in (findings, reports, community, schedules). index.html
// links only app.css, which is all the login screen needs, so a first visit neither downloads nor waits for
// these; the first screen of someone logged in waits for them instead (a page asked for with a session preloads
// them: server/http/shell.py reads this list), so nothing is drawn unstyled.
export const SIGNED_IN_STYLES = ['/css/signed-in.css'];

let loading = null;

/** Link the style sheets once; settles when each has loaded or failed (offline before it was kept). */
export function loadStyles() {
  loading ??= Promise.all(SIGNED_IN_STYLES.map((href) => new Promise((resolve) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    link.addEventListener('load', resolve);
    link.addEventListener('error', resolve);
    document.head.append(link);
  })));
  return loading;
}
