// A finding's page, for everyone who may see it: photos (before and after), details, what happens next,
// the history as a timeline, and comments. Opens offline from the copy kept on the device.
import { h } from '../dom.js';
import { actionsSection } from '../findings/actions.js';
import { dueText, remedyText, severityBadge, statusBadge, when, whereText } from '../findings/common.js';
import { photosSection } from '../findings/photos.js';
import { publishSection } from '../findings/publish.js';
import { timelineSection } from '../findings/timeline.js';
import { addComment, findingHref, loadFinding, needsAttention, withWaiting } from '../findings/work.js';
import { label, t } from '../i18n.js';
import { announce } from '../live.js';
import { session } from '../session.js';
import { subscribe } from '../store/audits.js';
import { backLink, badge, button, details, fill, loadError, loading, notice, pageHeading } from '../ui/components.js';
import { errorSummary, formErrors, textareaField } from '../ui/form.js';
import { onSubmit } from '../ui/submit.js';
import { LISTS } from '../vocabulary.js';

function back(finding) {
  if (session.can('finding.read_all')) {
    const queue = finding && finding.status === 'open' ? 'triage' : finding && finding.status === 'resolved' ? 'verification' : '';
    return backLink(t('work.back.findings'), queue ? `#/findings?queue=${queue}` : '#/findings');
  }
  if (session.can('finding.work')) return backLink(t('work.back.mine'), '#/my-items');
  return finding && finding.audit ? backLink(t('work.back.audit', { title: finding.audit.title }), `#/audits/${encodeURIComponent(finding.audit.id)}`) : null;
}

function link(other) {
  return h('a', { href: findingHref(other.id), text: t('work.linkTo', { title: other.title, status: label('finding_states', other.status) }) });
}

// A finding from a community report says so, by the report's tracking code only: nothing about the reporter.
// The committee may open the report itself; anyone else reads only where the finding came from.
function communityOrigin(finding) {
  if (finding.source !== 'community') return null;
  const report = finding.community_report || {};
  const text = t('community.fromReport', { code: report.tracking_code_display || '' });
  return report.id && session.can('community.read')
    ? h('a', { href: `#/community/${encodeURIComponent(report.id)}`, text }) : text;
}

function categoryTitle(finding) {
  if (finding.source === 'community' && finding.category && LISTS.report_categories.includes(finding.category.id)) {
    return label('report_categories', finding.category.id);
  }
  return (finding.category && finding.category.title) || t('work.noCategory');
}

function detailsList(finding) {
  const dupes = finding.duplicates || [];
  const community = finding.source === 'community';
  return details([
    [t('work.fields.where'), whereText(finding)],
    [t('work.fields.category'), categoryTitle(finding)],
    [t(community ? 'community.findingFields.description' : 'work.fields.description'), finding.description || t('work.noDescription')],
    community ? [t('community.findingFields.source'), communityOrigin(finding)] : null,
    finding.audit ? [t('work.fields.audit'), finding.audit.title] : null,
    [t(community ? 'community.findingFields.recorded' : 'work.fields.reported'), t('work.reportedBy', { name: finding.created_by ? finding.created_by.name : t('work.someone'), at: when(finding.created_at) })],
    [t(community ? 'community.findingFields.suggested' : 'work.fields.suggested'), (finding.suggested_remedies || []).map(remedyText).join(', ') || t('findings.noRemedies')],
    [t('work.fields.remedy'), finding.status === 'declined' && !finding.remedy ? t('reports.audit.declined') : remedyText(finding.remedy)],
    finding.assignee ? [t('work.fields.assignee'), finding.assignee.name] : null,
    finding.due_date ? [t('work.fields.due'), dueText(finding)] : null,
    [t('work.fields.priority'), label('priorities', finding.priority || 'normal')],
    finding.resolved_by ? [t('work.fields.resolvedBy'), finding.resolved_by.name] : null,
    finding.duplicate_of ? [t('work.fields.duplicateOf'), link(finding.duplicate_of)] : null,
    dupes.length ? [t('work.fields.duplicates'), h('ul', { class: 'plain-list' }, dupes.map((d) => h('li', {}, link(d))))] : null,
  ]);
}

function commentForm(finding, rerender) {
  const field = textareaField({ name: 'comment', label: t('work.comments.label'), hint: t('work.comments.hint'), maxlength: '4000', rows: 3 });
  const summary = errorSummary();
  const errors = formErrors({ text: field }, summary);
  const submit = button(t('work.comments.submit'), { type: 'submit', variant: 'secondary' });
  const form = h('form', { class: 'comment-form', novalidate: true }, summary, field.wrapper, h('div', { class: 'actions' }, submit));
  onSubmit(form, {
    button: submit, errors,
    read: () => field.control.value.trim(),
    check: (text) => (text ? null : ['text', t('work.comments.required')]),
    send: (text) => addComment(finding, text),
    done: (outcome) => {
      if (outcome.status === 'held') return errors.show(outcome.error || t('sync.held'));
      field.control.value = '';
      announce(t(outcome.status === 'sent' ? 'work.comments.added' : 'work.comments.kept'));
      return rerender();
    },
  });
  return h('section', { class: 'section', 'aria-labelledby': 'comment-heading' },
    h('h2', { id: 'comment-heading', text: t('work.comments.title') }), form);
}

export function render({ params, setTitle }) {
  setTitle(t('work.findingTitle'));
  const root = h('div', { class: 'finding-page' }, back(null), loading());
  let state = null; // {detail, kept}
  let outcomeNotice = null;
  let shownWaiting = -1;

  const draw = () => {
    const finding = withWaiting(state.detail);
    shownWaiting = finding.waiting;
    setTitle(finding.title);
    const keptNote = state.kept ? notice(t('work.keptCopy'), 'info') : null;
    const attention = needsAttention(finding.id)
      ? notice(h('span', {}, t('work.attention'), ' ', h('a', { href: '#/sync', text: t('work.attentionLink') })), 'error') : null;
    fill(root, back(finding),
      pageHeading(finding.title),
      h('p', { class: 'badges' }, statusBadge(finding.status), severityBadge(finding.severity),
        finding.overdue ? badge(t('work.overdue'), 'danger') : null,
        finding.waiting ? badge(t('work.waitingBadge'), 'warning') : null),
      finding.source === 'community' ? h('p', { class: 'finding-origin' }, communityOrigin(finding)) : null,
      outcomeNotice, keptNote, attention,
      // The photo first (it is how the place is found), then what to do, then the rest.
      photosSection(finding),
      actionsSection(finding, { onDone: moved }),
      publishSection(finding, { onChanged: published }),
      h('section', { class: 'section', 'aria-labelledby': 'details-heading' },
        h('h2', { id: 'details-heading', text: t('work.details') }), detailsList(finding)),
      timelineSection(finding, thumbUrls(finding)),
      commentForm(finding, draw));
  };

  function moved(to, outcome) {
    if (outcome.status === 'sent' && outcome.data) state = { detail: outcome.data, kept: false };
    const key = outcome.status === 'sent' ? `work.actions.${to}.done` : 'work.keptMove';
    // Focus moves to the outcome, which screen readers read; the live region is not used as well (it would
    // read the same words twice).
    outcomeNotice = notice(t(key), outcome.status === 'sent' ? 'success' : 'info', { tabindex: '-1' });
    outcomeNotice.classList.add('outcome');
    draw();
    outcomeNotice.focus();
  }

  // Published or taken off the progress page (or a photo blurred for it): the server's copy, with the event.
  async function published(doneText) {
    try {
      state = await loadFinding(params.id);
    } catch {
      return;
    }
    outcomeNotice = doneText ? notice(doneText, 'success', { tabindex: '-1' }) : null;
    if (outcomeNotice) outcomeNotice.classList.add('outcome');
    draw();
    if (outcomeNotice) outcomeNotice.focus();
  }

  const load = async () => {
    try {
      state = await loadFinding(params.id);
      draw();
    } catch (error) {
      fill(root, back(null), pageHeading(t('work.findingTitle')), loadError(error, load));
    }
  };
  load();

  // Redraw when a change to this finding is answered or refused (from the server's new copy), or when the
  // waiting changes shown change; never while the person is typing or choosing in a form.
  const typing = () => root.contains(document.activeElement) && document.activeElement.matches('input, textarea, select');
  const stop = subscribe((event) => {
    if (!root.isConnected) return stop();
    if (!state || typing() || root.querySelector('.move-form')) return null;
    if (event.type === 'finding' && event.id === params.id) {
      return loadFinding(params.id).then((next) => {
        state = next;
        if (root.isConnected) draw();
      }).catch(() => {});
    }
    if (event.type === 'sync' && withWaiting(state.detail).waiting !== shownWaiting) draw();
    return null;
  });
  return root;
}

// Thumbnails of the photos on the server, by id, for the timeline's events.
function thumbUrls(finding) {
  const map = new Map();
  for (const photo of [...finding.photos.evidence, ...finding.photos.after]) map.set(photo.id, photo.urls.thumb);
  return map;
}
