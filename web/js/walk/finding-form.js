// A finding, recorded in place: under the item whose answer raised it (prefilled from the item's defaults),
// or on its own for something the checklist does not ask about. Saved through the store (PUT /api/findings).
import { h, uid } from '../dom.js';
import { label, t } from '../i18n.js';
import { announce } from '../live.js';
import { saveFinding } from '../store/walk.js';
import { badge, button } from '../ui/components.js';
import { checkboxGroup, errorSummary, formErrors, radioGroup, textareaField, textField } from '../ui/form.js';
import { onSubmit, whileBusy } from '../ui/submit.js';
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
    send: saveFinding,
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
