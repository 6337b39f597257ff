// One audit: where it stands, its spaces, where to carry on, and submitting it. Read-only once submitted.
import { followSection } from '../audits/follow.js';
import { canWalk, itemsText, onLeave, progressBar, recall, spaceLabel, spacesText, statusBadge, walkHref } from '../audits/common.js';
import { spaceList } from '../audits/space-list.js';
import { submitSection } from '../audits/submit.js';
import { langOf } from '../checklists/localize.js';
import { tWithText } from '../checklists/text.js';
import { h } from '../dom.js';
import { formatDateTime, formatList, t } from '../i18n.js';
import { session } from '../session.js';
import { buildingLabel } from '../spaces/places.js';
import { coalesced, subscribe, view } from '../store/audits.js';
import { openAudit } from '../store/load.js';
import { backLink, details, fill, linkButton, loadError, loading, notice, pageHeading } from '../ui/components.js';
import { auditProgress, spaceProgress } from '../walk/rules.js';

function facts({ audit, checklist }) {
  // The title in the person's language, from the pinned checklist the store holds with the audit.
  const title = checklist ? checklist.title : audit.checklist.title;
  return details([
    [t('audits.fields.status'), statusBadge(audit.status)],
    [t('audits.fields.building'), buildingLabel(audit.building)],
    [t('audits.fields.checklist'), tWithText('audits.checklistVersion', { version: audit.checklist.version }, 'title', title, langOf(checklist, 'title'))],
    [t('audits.fields.team'), audit.members.length ? formatList(audit.members.map((m) => m.name)) : t('audits.noTeam')],
    [t('audits.fields.plannedBy'), audit.created_by.name],
    audit.submitted_at ? [t('audits.fields.submitted'), formatDateTime(audit.submitted_at)] : null,
  ]);
}

/** Where "continue" goes: the remembered space and item, else the first space not done yet. */
function continueLink(state) {
  const remembered = recall(state.audit.id);
  const space = remembered && state.audit.spaces.find((s) => s.id === remembered.spaceId);
  if (space) {
    return linkButton(t('audits.continue', { space: spaceLabel(space) }), walkHref(state.audit.id, space.id, remembered.itemId), { variant: 'primary' });
  }
  const next = state.audit.spaces.find((s) => ['not_started', 'in_progress'].includes(spaceProgress(state, s).status));
  if (!next) return null;
  return linkButton(t('audits.start', { space: spaceLabel(next) }), walkHref(state.audit.id, next.id), { variant: 'primary' });
}

function progressBlock(state) {
  const progress = auditProgress(state);
  return h('section', { class: 'section', 'aria-labelledby': 'progress-heading' },
    h('h2', { id: 'progress-heading', text: t('audits.progressTitle') }),
    progressBar(itemsText(progress), progress.answered, progress.total),
    progressBar(spacesText(progress.spacesDone, progress.spacesTotal), progress.spacesDone, progress.spacesTotal),
    h('p', { text: t('audits.findingsCount', { count: state.findings.size }) }),
    state.audit.status !== 'submitted' && canWalk(state.audit) ? h('div', { class: 'actions' }, continueLink(state)) : null);
}

function page(state, submit) {
  const { audit } = state;
  const submitted = audit.status === 'submitted';
  return [
    backLink(t('audits.back'), '#/audits'),
    pageHeading(audit.title),
    submitted ? notice(t('audits.readOnly'), 'success') : null,
    !submitted && !canWalk(audit) ? notice(t('audits.notOnTeam'), 'info') : null,
    facts(state),
    // The report (printable, or as PDF) reads what the server has: not for an audit planned offline and not sent.
    audit.local ? null : h('div', { class: 'actions' }, linkButton(t('reports.audit.open'), `#/audits/${encodeURIComponent(audit.id)}/report`)),
    progressBlock(state),
    spaceList(state),
    !submitted && canWalk(audit) ? submit.root : null,
    submitted && session.can('finding.read') ? followSection(audit.id) : null,
  ];
}

// Re-render only when something the screen shows changed (not on every acknowledgement), so typing in the
// search box or reading the submit check is not interrupted.
function signature(state) {
  return JSON.stringify([state.audit.status, state.audit.submitted_at, state.audit.title, state.findings.size,
    state.audit.spaces.map((s) => [spaceProgress(state, s).answered, s.skipped])]);
}

export function render({ params, setTitle }) {
  setTitle(t('audits.loading'));
  const root = h('div', {}, backLink(t('audits.back'), '#/audits'), pageHeading(t('audits.loading')), loading());
  const load = async () => {
    try {
      const state = await openAudit(params.id);
      setTitle(state.audit.title);
      let shown = signature(state);
      // One submit section for the life of the screen: a submission shows the audit as submitted at once,
      // and if the server then refuses it (audit_incomplete) the same section comes back with the list.
      const submit = submitSection(() => view(params.id));
      fill(root, page(state, submit));
      let left = false;
      const redraw = coalesced(() => {
        const next = view(params.id);
        if (left || !next || signature(next) === shown) return;
        shown = signature(next);
        fill(root, page(next, submit));
      });
      const stop = subscribe((event) => {
        if (event.type === 'audit' && event.id === params.id) redraw();
      });
      onLeave(() => {
        left = true;
        stop();
      });
    } catch (error) {
      fill(root, backLink(t('audits.back'), '#/audits'), pageHeading(t('audits.notLoaded')), loadError(error, load));
    }
  };
  load();
  return root;
}
