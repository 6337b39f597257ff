// A finding, recorded in place: under the item whose answer raised it (prefilled from the item's defaults),
// or on its own for something the checklist does not ask about. Saved through the store (PUT /api/findings).
// (The panel under an item and the list of findings not tied to one are here too: one file, not three, before
// a space of the walk is drawn.)
import { h, replace, uid } from '../dom.js';
import { label, t } from '../i18n.js';
import { announce } from '../live.js';
import { badge, button } from '../ui/components.js';
import { checkboxGroup, errorSummary, formErrors, radioGroup, textareaField, textField } from '../ui/form.js';
import { onSubmit, whileBusy } from '../ui/submit.js';
import { withStore } from './device.js';
import { photoGallery, photoPicker } from './photos.js';
import { LISTS } from '../vocabulary.js';

// What a checklist may suggest: every remedy but "other", which only the committee chooses (with a note).
export const REMEDIES = LISTS.remedies.filter((remedy) => remedy !== 'other');
const SEVERITIES = [...LISTS.severities].reverse(); // the most severe first
const SEVERITY_BADGE = { high: 'danger', medium: 'warning', low: 'neutral' };

/** What a new finding starts with: the item's prompt, default severity and suggested remedies. */
export function findingDefaults({ auditId, spaceId, item }) {
  return {
    id: crypto.randomUUID(), audit_id: auditId, space_id: spaceId, item_id: item ? item.id : null,
    title: item ? item.prompt.slice(0, 200) : '', description: '', severity: item ? item.finding.severity : 'medium',
    remedies: item ? [...item.finding.remedies] : [], photo_ids: [],
  };
}

function fieldsFor(finding, { item, auditId }) {
  const suggested = item ? item.finding.remedies.map((r) => label('remedies', r)) : [];
  return {
    title: textField({
      name: 'finding-title', label: t('findings.fields.title'), value: finding.title, maxlength: '200', autocomplete: 'off',
    }),
    description: textareaField({
      name: 'finding-description', label: t('findings.fields.description'), hint: t('findings.fields.descriptionHint'),
      value: finding.description, maxlength: '4000',
    }),
    severity: radioGroup({
      name: 'severity', legend: t('findings.fields.severity'), value: finding.severity,
      options: SEVERITIES.map((s) => ({ value: s, label: label('severities', s) })),
    }),
    remedies: checkboxGroup({
      name: 'remedies', legend: t('findings.fields.remedies'), values: finding.remedies,
      hint: suggested.length ? t('findings.fields.remediesSuggested', { list: suggested.join(', ') }) : t('findings.fields.remediesHint'),
      options: REMEDIES.map((r) => ({ value: r, label: label('remedies', r) })),
    }),
    photo_ids: photoPicker({
      label: t('findings.fields.photos'), auditId, ids: finding.photo_ids, manage: true, onChange: () => {},
      hint: t(item && item.finding.photo_required ? 'findings.fields.photosRequired' : 'findings.fields.photosOptional'),
    }),
  };
}

/**
 * The form. finding: the saved finding or findingDefaults() (isNew). onDone(finding) after saving; onCancel
 * closes it (only offered when there is something to go back to). level: the heading level that fits where
 * the form is (under an item's h3, or a section's h2).
 */
export function findingForm(finding, { item, auditId, isNew, onDone, onCancel, level = 4 }) {
  const fields = fieldsFor(finding, { item, auditId });
  const summary = errorSummary();
  const errors = formErrors(fields, summary);
  const headingId = uid('finding');
  const save = button(t(isNew ? 'findings.save' : 'findings.saveChanges'), { type: 'submit' });
  const form = h('form', { class: 'finding-form', novalidate: true, 'aria-labelledby': headingId },
    h(`h${level}`, { id: headingId, class: 'finding-form__title', tabindex: '-1', text: t(item ? 'findings.raised' : 'findings.newFree') }),
    item ? h('p', { class: 'field-hint', text: t('findings.raisedHint') }) : null,
    summary, Object.values(fields).map((field) => field.wrapper),
    h('div', { class: 'actions' }, save, onCancel ? button(t('common.cancel'), { variant: 'secondary', onclick: onCancel }) : null));

  onSubmit(form, {
    button: save, errors,
    read: async () => {
      // Photos still being shrunk are waited for, with the button busy meanwhile.
      await whileBusy(save, t('common.saving'), () => fields.photo_ids.ready());
      return {
        ...finding, title: fields.title.control.value.trim(), description: fields.description.control.value.trim(),
        severity: fields.severity.value(), remedies: fields.remedies.values(), photo_ids: fields.photo_ids.ids(),
      };
    },
    check: (values) => {
      if (!values.title) return ['title', t('findings.titleRequired')];
      if (item && item.finding.photo_required && !values.photo_ids.length) return ['photo_ids', t('findings.photoRequired')];
      return null;
    },
    send: (finding) => withStore(({ walk }) => walk.saveFinding(finding)),
    // Held by the server's refusal (its error) or because someone else changed the finding's state meanwhile
    // (withdrawn: no error, the Changes screen shows both sides).
    done: (outcome, values) => {
      if (outcome.status === 'held') return errors.show(outcome.error || t('sync.held'));
      announce(t('findings.saved', { title: values.title }));
      return onDone(values);
    },
  });
  return { root: form, focus: () => form.querySelector('.finding-form__title').focus() };
}

/** A recorded finding at a glance, with a way to change it (and to withdraw one not tied to an item). */
export function findingSummary(finding, { readOnly, onEdit, onWithdraw, level = 4 }) {
  const remedies = finding.remedies.map((r) => label('remedies', r));
  return h('div', { class: 'finding' },
    h(`h${level}`, { class: 'finding__title', tabindex: '-1' }, h('span', { class: 'finding__label', text: t('findings.recorded') }), ' ', finding.title),
    h('p', {}, badge(t('findings.severityBadge', { severity: label('severities', finding.severity) }), SEVERITY_BADGE[finding.severity])),
    finding.description ? h('p', { class: 'finding__text', text: finding.description }) : null,
    h('p', { class: 'muted', text: remedies.length ? t('findings.remediesList', { list: remedies.join(', ') }) : t('findings.noRemedies') }),
    finding.photo_ids.length ? photoGallery(finding.photo_ids, { level }) : null,
    readOnly ? null : h('div', { class: 'actions' },
      button(t('findings.edit'), { variant: 'secondary', onclick: onEdit, 'aria-label': t('findings.editLabel', { title: finding.title }) }),
      onWithdraw
        ? button(t('findings.withdraw'), { variant: 'quiet', onclick: onWithdraw, 'aria-label': t('findings.withdrawLabel', { title: finding.title }) })
        : null));
}

// The finding under one item: a form opens when the answer raises it, a summary once it is recorded.
// Withdrawing a finding whose answer no longer raises it is the walk screen's job (it sees every item).

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

// Findings not tied to any item: something exclusionary that the checklist does not ask about.

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
        withStore(({ walk }) => walk.withdrawFinding(auditId, finding.id));
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
