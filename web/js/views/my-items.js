// A facilities member's work, phone first: overdue first, then by due date, each with where it is, the
// evidence photo and the remedy. Opens offline from the copy kept on the device; work done with no signal
// shows at once and is sent later.
import { h } from '../dom.js';
import { findingCards } from '../findings/common.js';
import { listMine } from '../findings/work.js';
import { t } from '../i18n.js';
import { subscribe } from '../store/audits.js';
import { freshnessLine } from '../sync/freshness.js';
import { emptyState, fill, loadError, loading, notice, pageHeading } from '../ui/components.js';

const DONE_HERE = new Set(['resolved']);

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
      const { items, kept } = await listMine();
      fill(body, kept ? notice(t('work.mine.kept'), 'info') : null,
        items.length ? workGroups(items) : emptyState(t('home.items.emptyTitle'), t('home.items.emptyText'), 2));
    } catch (error) {
      fill(body, loadError(error, load));
    }
  };
  load();
  const stop = subscribe((event) => {
    if (!root.isConnected) return stop();
    if (event.type === 'finding') load();
    return null;
  });
  return root;
}
