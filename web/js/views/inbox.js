// The inbox: what needs the person now. Overdue and due within 3 days, assigned to them, resolved and
// waiting for them to verify, reopened. The same events are mailed when the server has SMTP settings.
import { api } from '../api.js';
import { loadSummary } from '../community/common.js';
import { communityInboxSection } from '../community/summary.js';
import { h } from '../dom.js';
import { findingCards } from '../findings/common.js';
import { t } from '../i18n.js';
import { dueSection } from '../schedules/due-list.js';
import { session } from '../session.js';
import { emptyState, fill, linkButton, loadError, loading, pageHeading } from '../ui/components.js';

// Most urgent first. Overdue and due-soon work is also in "assigned"; each list says what it holds.
export const BUCKETS = ['overdue', 'due_soon', 'to_verify', 'reopened', 'assigned'];
const MORE = { overdue: '#/my-items', due_soon: '#/my-items', assigned: '#/my-items', to_verify: '#/findings?queue=verification', reopened: '#/findings?queue=assign' };

export async function loadInbox() {
  const inbox = await api.get('/api/inbox');
  return BUCKETS.filter((name) => inbox[name]).map((name) => ({ name, ...inbox[name] }));
}

function bucketSection(bucket, more) {
  const id = `inbox-${bucket.name}`;
  const shown = bucket.items.length;
  return h('section', { class: 'section', 'aria-labelledby': id },
    h('h2', { id, text: t(`work.inbox.${bucket.name}`, { count: bucket.count }) }),
    h('p', { class: 'muted', text: t(`work.inbox.why.${bucket.name}`) }),
    shown ? findingCards(bucket.items, { after: bucket.name === 'to_verify' }) : h('p', { text: t('work.inbox.listedAbove') }),
    bucket.count > shown && shown && more ? h('div', { class: 'actions' }, linkButton(t('work.inbox.all', { count: bucket.count }), more)) : null);
}

// Work overdue or due soon is listed once, in its own list, not again under "assigned to you".
function withoutRepeats(buckets) {
  const listed = new Set();
  return buckets.map((bucket) => {
    const items = bucket.items.filter((item) => !listed.has(item.id));
    bucket.items.forEach((item) => listed.add(item.id));
    return { ...bucket, items };
  });
}

export function render({ setTitle }) {
  setTitle(t('work.inbox.title'));
  const body = h('div', {}, loading());
  const load = async () => {
    try {
      // Open community reports (for the committee) come first; failing to count them hides only them.
      const [inbox, community] = await Promise.all([loadInbox(),
        session.can('community.read') ? loadSummary().catch(() => null) : null]);
      const buckets = withoutRepeats(inbox.filter((bucket) => bucket.count > 0));
      const reports = communityInboxSection(community);
      fill(body, reports, buckets.length
        ? buckets.map((bucket) => bucketSection(bucket, MORE[bucket.name]))
        : reports ? null : emptyState(t('work.inbox.emptyTitle'), t('work.inbox.emptyText'), 2));
    } catch (error) {
      fill(body, loadError(error, load));
    }
  };
  load();
  return h('div', {}, pageHeading(t('work.inbox.title')), h('p', { class: 'lead', text: t('work.inbox.lead') }),
    session.can('schedule.read') ? dueSection({ mine: true }) : null, body);
}
