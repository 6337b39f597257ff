// A list shown a page at a time with "Show more" (spaces, users, findings, community reports). Only the
// answer to the latest load is shown.
import { t } from '../i18n.js';
import { latest } from '../latest.js';
import { button, fill, loadError } from './components.js';

/**
 * results, more: the elements the list and its "Show more" button go in.
 * before(options): runs first at each load; false stops it (nothing to ask the server for).
 * fetchPage(offset, cursor) -> {items, total, next_cursor?}; cursor is the last page's next_cursor (lists that
 * link their pages, such as the findings: cheaper than an offset deep in a long list), else null.
 * show(items, page, options) draws all items shown so far.
 * failed(error, retry): a failed load (default: said in results, with a way to try again).
 * onMore(items): after "Show more" has added a page.
 * Returns {load(options), items()}: load() shows the first page, load({append: true}) adds the next; any
 * other options are passed on to before and show.
 */
export function pagedList({ results, more, before = () => true, fetchPage, show, failed, onMore = () => {} }) {
  const ask = latest();
  let items = [];
  let next = null;
  const showFailure = failed || ((error, retry) => fill(results, loadError(error, retry)));

  async function load(options = {}) {
    const current = ask();
    if (before(options) === false) return;
    try {
      const page = await fetchPage(options.append ? items.length : 0, options.append ? next : null);
      if (!current()) return;
      items = options.append ? items.concat(page.items) : page.items;
      next = page.next_cursor || null;
      show(items, page, options);
      const linked = page.next_cursor !== undefined;
      fill(more, (linked ? next : items.length < page.total)
        ? button(t('common.showMore', { count: Math.max(page.total - items.length, 1) }), { variant: 'secondary', onclick: showMore })
        : null);
    } catch (error) {
      if (current()) showFailure(error, () => load());
    }
  }

  async function showMore() {
    await load({ append: true });
    onMore(items);
  }

  return { load, items: () => items };
}
