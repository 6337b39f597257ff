// One community report, for the committee: what was sent (the reporter's words and photos), where it
// stands and what to decide, the conversation with the reporter, and its history. Read online only.
import { api } from '../api.js';
import { decisionSection } from '../community/actions.js';
import { categoryText, communityLoadError, OPEN, statusBadge, whereText } from '../community/common.js';
import { conversationSection } from '../community/conversation.js';
import { historySection, sentSection } from '../community/parts.js';
import { h } from '../dom.js';
import { findingHref } from '../findings/work.js';
import { t } from '../i18n.js';
import { session } from '../session.js';
import { backLink, badge, fill, loading, notice, pageHeading } from '../ui/components.js';

function back(report) {
  let list = 'open';
  if (report && report.status === 'spam') list = 'spam';
  else if (report && report.closed) list = 'closed';
  else if (report && !OPEN.includes(report.status)) list = 'all';
  return backLink(t('community.back'), `#/community?status=${list}`);
}

// After a decision: what happened, said where the focus lands (a screen reader reads it once).
function outcome(to, report) {
  const text = t(`community.moves.${to}.done`);
  const link = (to === 'finding' || to === 'joined') && report.finding
    ? h('a', { href: findingHref(report.finding.id), text: t('community.openFinding', { title: report.finding.title }) }) : null;
  const box = notice(h('span', {}, text, link ? ' ' : null, link), 'success', { tabindex: '-1' });
  box.classList.add('outcome');
  return box;
}

export function render({ params, setTitle }) {
  setTitle(t('community.reportTitle'));
  const root = h('div', { class: 'community-report' }, back(null), loading());
  const canRespond = session.can('community.respond');
  let report = null;
  let done = null;

  const draw = () => {
    setTitle(t('community.reportHeading', { code: report.tracking_code_display }));
    fill(root, back(report),
      pageHeading(t('community.reportHeading', { code: report.tracking_code_display })),
      h('p', { class: 'report-where', text: t('community.reportWhere', { category: categoryText(report.category), where: whereText(report.space) }) }),
      h('p', { class: 'badges' }, statusBadge(report.status), report.closed && report.status !== 'spam' ? badge(t('community.closed'), 'muted') : null),
      done,
      sentSection(report),
      decisionSection(report, { canRespond, onDone: decided }),
      conversationSection(report, { canRespond, onSent: replied }),
      historySection(report));
  };

  async function load() {
    try {
      report = await api.get(`/api/community/reports/${encodeURIComponent(params.id)}`);
      draw();
      return true;
    } catch (error) {
      fill(root, back(report), pageHeading(t('community.reportTitle')), communityLoadError(error, load));
      return false;
    }
  }

  // The server answers a decision with the whole report (history included); the outcome says what changed.
  function decided(to, updated) {
    report = updated;
    done = outcome(to, report);
    draw();
    done.focus();
  }

  // The reply is shown in the conversation, where the focus goes (the form is ready for another).
  async function replied() {
    done = null;
    if (!(await load())) return;
    const last = root.querySelector('.messages > li:last-child');
    if (last) last.focus();
  }

  load();
  return root;
}
