// The finding under one item: a form opens when the answer raises it, a summary once it is recorded.
// Withdrawing a finding whose answer no longer raises it is the walk screen's job (it sees every item).
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { announce } from '../live.js';
import { findingDefaults, findingForm, findingSummary } from './finding-form.js';

function findingOf(state, spaceId, itemId) {
  return [...state.findings.values()].find((f) => f.space_id === spaceId && f.item_id === itemId) || null;
}

export function itemFindingPanel(item, { auditId, spaceId, readOnly }) {
  const root = h('div', { class: 'item-finding' });
  let mode = 'closed'; // closed | form | summary
  let shownKey = '';

  const close = () => {
    mode = 'closed';
    shownKey = '';
    replace(root);
  };

  function showSummary(finding, focus = false) {
    const key = JSON.stringify([finding.title, finding.description, finding.severity, finding.remedies, finding.photo_ids]);
    if (mode === 'summary' && key === shownKey && !focus) return;
    mode = 'summary';
    shownKey = key;
    replace(root, findingSummary(finding, { readOnly, onEdit: () => showForm(finding, false) }));
    if (focus) root.querySelector('.finding__title').focus();
  }

  function showForm(finding, isNew) {
    mode = 'form';
    const form = findingForm(finding, {
      item, auditId, isNew,
      onDone: (saved) => showSummary(saved, true),
      onCancel: isNew ? null : () => showSummary(finding, true),
    });
    replace(root, form.root);
    if (!isNew) form.focus();
  }

  /** Bring the panel in line with the state: raises is true when the item is shown and its answer raises. */
  function sync(state, raises) {
    const existing = findingOf(state, spaceId, item.id);
    if (mode === 'form') {
      if (!raises && !existing) close();
      return;
    }
    if (existing) return showSummary(existing);
    if (raises && !readOnly) {
      showForm(findingDefaults({ auditId, spaceId, item }), true);
      announce(t('findings.raisedAnnounce'));
      return;
    }
    close();
  }

  return { root, sync };
}
