// A facilities member's work, phone first: overdue first, then by due date, each with where it is, the
// evidence photo and the remedy. Opens offline from the copy kept on the device; work done with no signal
// shows at once and is sent later.
import { h } from '../dom.js';
import { findingCards } from '../findings/common.js';
import { t } from '../i18n.js';
import { freshnessLine } from '../sync/freshness.js';
import { emptyState, fill, loadError, loading, notice, pageHeading } from '../ui/components.js';

const DONE_HERE = new Set(['resolved']);

// The list comes through the device's store (what is kept for offline use, what waits in the outbox), imported
// when the list loads: the screen's heading is drawn without waiting for the store's thirty modules.
const work = () => import('../findings/work.js');

function group(id, title, items) {
  if (!items.length) return null;
  return h('section', { class: 'finding-group', 'aria-labelledby': id },
    h('h2', { id, text: t(title, { count: items.length }) }), findingCards(items, { priority: true }));
}

/** The groups of a person's work: overdue, to do, and finished here but not yet sent. */
export function workGroups(items, idPrefix = 'mine') {
  const done = items.filter((item) => DONE_HERE.has(item.status));
  const open = items.filter((item) => !DONE_HERE.has(item.status));
  return [
    group(`${idPrefix}-overdue`, 'work.mine.overdue', open.filter((item) => item.overdue)),
    group(`${idPrefix}-todo`, 'work.mine.todo', open.filter((item) => !item.overdue)),
    group(`${idPrefix}-done`, 'work.mine.doneHere', done),
  ].filter(Boolean);
}

export function render({ setTitle }) {
  setTitle(t('work.mine.title'));
  const body = h('div', {}, loading());
  const root = h('div', {}, pageHeading(t('work.mine.title')), h('p', { class: 'lead', text: t('work.mine.lead') }), freshnessLine({ what: 'items' }), body);
  const load = async () => {
    try {
      const { items, kept } = await (await work()).listMine();
      fill(body, kept ? notice(t('work.mine.kept'), 'info') : null,
        items.length ? workGroups(items) : emptyState(t('home.items.emptyTitle'), t('home.items.emptyText'), 2));
    } catch (error) {
      fill(body, loadError(error, load));
    }
  };
  load();
  import('../store/audits.js').then(({ subscribe }) => {
    const stop = subscribe((event) => {
      if (!root.isConnected) return stop();
      if (event.type === 'finding') load();
      return null;
    });
  }).catch(() => {});
  return root;
}
