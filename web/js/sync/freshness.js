// How fresh the copy kept for offline use is, and a way to refresh it while there is signal.
//
// Design decisions:
// - Each person reads about what they keep: an auditor about their audits, a facilities member about their
//   items (with the time those were last kept, which My items refreshes every time it opens with signal).
// - A copy last updated more than a day ago is said to be old, in words ("2 days ago") and in the warning
//   colour: in a basement the person knows the list may miss new work.
import { h, replace } from '../dom.js';
import { currentLocale, formatDateTime, t } from '../i18n.js';
import { announce } from '../live.js';
import { session } from '../session.js';
import { button } from '../ui/components.js';
import { whileBusy } from '../ui/submit.js';
import { onLeave } from '../audits/common.js';

const STALE_MS = 24 * 60 * 60 * 1000;

// The copy is read through the device's store, imported when the line is filled in: the line is drawn with its
// screen, which does not wait for the store's thirty modules.
const copy = () => import('../store/offline-copy.js');

/** "5 minutes ago", "2 days ago", in the reader's language. */
function ago(ms) {
  const minutes = Math.max(0, Math.round(ms / 60000));
  const words = new Intl.RelativeTimeFormat(currentLocale(), { numeric: 'auto' });
  if (minutes < 60) return words.format(-minutes, 'minute');
  if (minutes < 24 * 60) return words.format(-Math.floor(minutes / 60), 'hour');
  return words.format(-Math.floor(minutes / (24 * 60)), 'day');
}

// A facilities member's part of the copy (older copies only have the whole copy's figures).
function itemsPart(meta) {
  return meta.items || { at: meta.at, count: meta.assigned || 0, photos: meta.photos, complete: meta.complete };
}

function itemsText(meta) {
  const part = itemsPart(meta);
  const age = Date.now() - part.at;
  const params = {
    items: t('offlineCopy.items.count', { count: part.count }), photos: t('offlineCopy.photos', { count: part.photos }),
    at: formatDateTime(new Date(part.at).toISOString()), age: ago(age),
  };
  const text = t(age > STALE_MS ? 'offlineCopy.items.stale' : 'offlineCopy.items.line', params);
  return { text: part.complete === false ? `${text} ${t('offlineCopy.incomplete')}` : text, stale: age > STALE_MS };
}

function auditsText(meta) {
  const at = formatDateTime(new Date(meta.at).toISOString());
  const photos = t('offlineCopy.photos', { count: meta.photos });
  return meta.assigned && !meta.audits
    ? t('offlineCopy.lineAssigned', { findings: t('offlineCopy.findings', { count: meta.assigned }), photos, at })
    : t('offlineCopy.line', { audits: t('offlineCopy.audits', { count: meta.audits }), photos, at });
}

const keepsItems = (what) => (what || (session.can('audit.conduct') ? 'audits' : 'items')) === 'items';

/**
 * One line: "Kept for offline use: 3 audits and 12 photos, as of 23 Nov 2026, 10:32." for an auditor; for a
 * facilities member (or `{what: 'items'}`) their items and photos, and how old that copy is.
 */
export function freshnessLine({ what } = {}) {
  const items = keepsItems(what);
  // Drawn with words at once, never empty: the line keeps its place while the device is read (nothing below it
  // moves), and it is painted with the page (a line painted later would be the page's "largest paint").
  const line = h('p', { class: 'freshness', text: t('offlineCopy.checking') });
  const draw = async () => {
    const { offlineCopy, offlineCopyKnown, refreshing } = await copy();
    const meta = offlineCopyKnown() || await offlineCopy();
    let stale = false;
    if (refreshing()) line.textContent = t(items ? 'offlineCopy.items.refreshing' : 'offlineCopy.refreshing');
    else if (!meta) line.textContent = t('offlineCopy.none');
    else if (items) {
      const said = itemsText(meta);
      line.textContent = said.text;
      stale = said.stale;
    } else line.textContent = auditsText(meta);
    line.className = stale ? 'freshness freshness--stale' : 'freshness';
  };
  copy().then(({ onOfflineCopyChange }) => onLeave(onOfflineCopyChange(draw))).catch(() => {});
  draw().catch(() => {});
  return line;
}

export function freshnessSection() {
  const refresh = button(t('offlineCopy.refresh'), { variant: 'secondary' });
  const result = h('div', { role: 'status' });
  refresh.addEventListener('click', async () => {
    replace(result);
    try {
      const meta = await whileBusy(refresh, t('offlineCopy.refreshing'), () => copy().then(({ refreshOfflineCopy }) => refreshOfflineCopy({ force: true })));
      announce(t('offlineCopy.done'));
      if (!meta.complete) replace(result, h('p', { class: 'notice', text: t('offlineCopy.incomplete') }));
    } catch {
      replace(result, h('p', { class: 'notice notice--error', text: t('offlineCopy.failed') }));
    }
  });
  return h('section', { class: 'section', 'aria-labelledby': 'offline-copy-heading' },
    h('h2', { id: 'offline-copy-heading', text: t('offlineCopy.title') }),
    h('p', { text: t(keepsItems() ? 'offlineCopy.items.lead' : 'offlineCopy.lead') }),
    freshnessLine(), result, h('div', { class: 'actions' }, refresh));
}
