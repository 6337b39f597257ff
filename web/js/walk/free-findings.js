// Findings not tied to any item: something exclusionary that the checklist does not ask about.
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { announce } from '../live.js';
import { withdrawFinding } from '../store/walk.js';
import { button } from '../ui/components.js';
import { findingDefaults, findingForm, findingSummary } from './finding-form.js';

export function freeFindings({ auditId, spaceId, readOnly }) {
  const list = h('div', { class: 'free-findings' });
  const editor = h('div', {});
  const add = button(t('findings.addFree'), { variant: 'secondary' });
  let editing = null; // the id of the finding whose form is open
  let last = '';
  let current = [];

  const closeEditor = (focusAdd) => {
    editing = null;
    replace(editor);
    add.hidden = readOnly;
    renderList(true);
    if (focusAdd) add.focus();
  };

  function open(finding, isNew) {
    editing = finding.id;
    add.hidden = true;
    const form = findingForm(finding, {
      item: null, auditId, isNew, level: 3, onDone: () => closeEditor(true), onCancel: () => closeEditor(true),
    });
    replace(editor, form.root);
    renderList(true);
    form.focus();
  }

  function renderList(force = false) {
    const key = JSON.stringify([editing, current]);
    if (key === last && !force) return;
    last = key;
    replace(list, current.filter((f) => f.id !== editing).map((finding) => findingSummary(finding, {
      readOnly,
      level: 3,
      onEdit: () => open(finding, false),
      onWithdraw: () => {
        withdrawFinding(auditId, finding.id);
        announce(t('findings.withdrawn', { title: finding.title }));
        add.focus();
      },
    })));
  }

  add.addEventListener('click', () => open(findingDefaults({ auditId, spaceId, item: null }), true));
  add.hidden = readOnly;
  const root = h('section', { class: 'section', 'aria-labelledby': 'free-heading' },
    h('h2', { id: 'free-heading', text: t('findings.freeTitle') }),
    h('p', { class: 'muted', text: t('findings.freeIntro') }), list, editor, add);

  return {
    root,
    sync(state) {
      current = [...state.findings.values()].filter((f) => f.space_id === spaceId && !f.item_id);
      renderList();
    },
  };
}
