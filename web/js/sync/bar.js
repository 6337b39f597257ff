// The line under the header on every screen: are the person's changes on the server yet? "All changes
// saved", or what waits, with a bar while photos go, and a link to the list of what is waiting.
import { h, replace, screenDrawn } from '../dom.js';
import { loadEveryScreen, t } from '../i18n.js';
import { session } from '../session.js';

const STALE_MS = 3 * 24 * 60 * 60 * 1000;

/** The words for the state of the outbox; short: the one line under the header (the page says more). */
export function syncWords({ pending, held, state, photos }, { short = false } = {}) {
  if (!pending && !held) return { text: t('sync.saved'), kind: 'saved' };
  if (!pending) return { text: t('sync.attention', { count: held }), kind: 'attention' };
  if (state === 'sending' && photos) return { text: t('sync.sendingPhotos', photos), kind: 'pending' };
  if (state === 'waiting') return { text: t(short ? 'sync.offlineShort' : 'sync.offline', { count: pending }), kind: 'waiting' };
  if (state === 'paused') return { text: t(short ? 'sync.loggedOutShort' : 'sync.loggedOut', { count: pending }), kind: 'waiting' };
  return { text: t('sync.pending', { count: pending }), kind: 'pending' };
}

/** True when a change has waited on this device for more than 3 days. */
export function waitedTooLong(status) {
  return Boolean(status.oldest && Date.now() - status.oldest > STALE_MS);
}

// The store is imported once someone is logged in (the login screen opens without it) and their first screen
// is drawn (dom.js screenDrawn); until it has arrived, and the outbox has read what waits on the device (before,
// it would say "All changes saved" of changes not sent yet), the line keeps its place, empty, so nothing below
// it moves.
export function mountSyncBar(root) {
  let syncStatus = null;
  let loading = null;
  const load = () => {
    if (loading || !session.user) return;
    // Its words are among those loaded once someone is logged in.
    const parts = screenDrawn.then(() => Promise.all([import('../store/store.js'), import('../store/audits.js'), loadEveryScreen()]));
    loading = parts.then(async ([store, audits]) => {
      await store.startStore();
      ({ syncStatus } = store);
      audits.subscribe((event) => {
        if (event.type !== 'audit') render();
      });
      render();
    });
  };
  const render = () => {
    root.classList.toggle('sync-bar--reserved', Boolean(session.user));
    if (!session.user) return replace(root);
    if (!syncStatus) return load();
    const status = syncStatus();
    const { text, kind } = syncWords(status, { short: true });
    const extra = status.pending && status.held ? t('sync.alsoAttention', { count: status.held }) : '';
    const photos = status.state === 'sending' && status.photos;
    return replace(root,
      h('a', { class: 'sync-bar__link', href: '#/sync' },
        h('span', { class: `sync sync--${kind}`, text }),
        extra ? h('span', { class: 'sync-bar__extra', text: extra }) : null,
        h('span', { class: 'sync-bar__more', text: t('sync.details') })),
      photos ? h('progress', {
        class: 'sync-bar__progress', max: String(photos.total), value: String(photos.current - 1), 'aria-label': text,
      }) : null,
      waitedTooLong(status) ? h('p', { class: 'sync-bar__warning', text: t('sync.tooLong') }) : null);
  };
  session.onChange(render);
  render();
  return render;
}
