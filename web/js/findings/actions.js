// What the person may do next with a finding, one form at a time: accept with a remedy, decline with a
// rationale, assign, start, resolve with after-photos, verify, reopen with a reason, mark as a duplicate.
// The server says which moves are allowed (finding.actions); the forms ask for exactly what each needs.
import { getAll } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { announce } from '../live.js';
import { button } from '../ui/components.js';
import { errorSummary, formErrors, radioGroup, selectField, textareaField } from '../ui/form.js';
import { onSubmit } from '../ui/submit.js';
import { photoPicker } from '../walk/photos.js';
import { assignBody, assignFields, assignProblem } from './assign-fields.js';
import { REMEDIES, remedyText } from './common.js';
import { decide, isWorkMove, workMove } from './work.js';

const ACTION_ORDER = ['in_progress', 'resolved', 'accepted', 'declined', 'assigned', 'verified', 'reopened', 'duplicate'];

function noteField(name, { required = false, labelKey, hintKey } = {}) {
  return textareaField({
    name, label: t(labelKey || (required ? 'work.form.reason' : 'work.form.note')),
    hint: hintKey ? t(hintKey) : null, maxlength: '4000', required,
  });
}

async function duplicateOptions(finding) {
  const others = await getAll('/api/findings', { building: finding.building.id }, { max: 1000 });
  const choices = others.filter((other) => other.id !== finding.id && !['withdrawn', 'declined', 'duplicate'].includes(other.status));
  return [{ value: '', label: t('work.form.chooseFinding') },
    ...choices.map((other) => ({ value: other.id, label: t('work.form.findingOption', { title: other.title, room: other.space.room_number || other.space.name }) }))];
}

// Each move's fields, and how they become the request body. Returns null when a field is missing.
const FORMS = {
  accepted: (finding) => ({
    fields: {
      remedy: radioGroup({
        name: 'remedy', legend: t('work.form.remedy'), hint: t('work.form.remedyHint'),
        value: (finding.suggested_remedies || [])[0] || '',
        options: REMEDIES.map((value) => ({ value, label: remedyText(value) })),
      }),
      note: noteField('note'),
    },
    body: (f) => ({ remedy: f.remedy.value(), note: f.note.control.value.trim() }),
    check: (body) => (body.remedy ? null : ['remedy', t('work.form.remedyRequired')]),
  }),
  declined: () => ({
    fields: { note: noteField('note', { required: true, labelKey: 'work.form.rationale', hintKey: 'work.form.rationaleHint' }) },
    body: (f) => ({ note: f.note.control.value.trim() }),
    check: (body) => (body.note ? null : ['note', t('work.form.rationaleRequired')]),
  }),
  assigned: () => {
    const fields = { ...assignFields(), note: noteField('note') };
    return {
      fields,
      body: (f) => ({ ...assignBody(f), note: f.note.control.value.trim() }),
      check: assignProblem,
    };
  },
  in_progress: () => ({ fields: { note: noteField('note') }, body: (f) => ({ note: f.note.control.value.trim() }), check: () => null }),
  resolved: (finding) => {
    const keep = finding.remedy === 'keep_with_rationale';
    const photos = photoPicker({
      label: t(keep ? 'work.form.afterOptional' : 'work.form.afterPhotos'), button: t('work.form.takeAfter'),
      hint: t('work.form.afterHint'), auditId: finding.audit ? finding.audit.id : null, onChange: () => photos.clearError(),
    });
    return {
      fields: {
        photo_ids: photos,
        note: noteField('note', keep ? { required: true, labelKey: 'work.form.rationale', hintKey: 'work.form.keepHint' } : {}),
      },
      body: (f) => ({ photo_ids: f.photo_ids.ids(), note: f.note.control.value.trim() }),
      check: (body) => (!keep && !body.photo_ids.length ? ['photo_ids', t('work.form.afterRequired')]
        : keep && !body.note ? ['note', t('work.form.rationaleRequired')] : null),
      ready: () => photos.ready(),
    };
  },
  verified: () => ({ fields: { note: noteField('note') }, body: (f) => ({ note: f.note.control.value.trim() }), check: () => null }),
  reopened: () => ({
    fields: { note: noteField('note', { required: true, hintKey: 'work.form.reopenHint' }) },
    body: (f) => ({ note: f.note.control.value.trim() }),
    check: (body) => (body.note ? null : ['note', t('work.form.reasonRequired')]),
  }),
  duplicate: (finding) => {
    const original = selectField({ name: 'duplicate_of', label: t('work.form.original'), hint: t('work.form.originalHint'), options: [{ value: '', label: t('common.loading') }] });
    duplicateOptions(finding).then((options) => original.control.replaceChildren(...options.map((o) => h('option', { value: o.value, text: o.label }))))
      .catch(() => original.setError(t('errors.network')));
    return {
      fields: { duplicate_of: original, note: noteField('note') },
      body: (f) => ({ duplicate_of: f.duplicate_of.control.value, note: f.note.control.value.trim() }),
      check: (body) => (body.duplicate_of ? null : ['duplicate_of', t('work.form.originalRequired')]),
    };
  },
};

function withoutEmpty(body) {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== '' && !(Array.isArray(value) && !value.length)));
}

/** The form of one move. onDone(outcome) after it was sent or kept; onCancel() to close it. */
function moveForm(finding, to, { onDone, onCancel }) {
  const spec = FORMS[to](finding);
  const summary = errorSummary();
  const errors = formErrors(spec.fields, summary);
  const heading = h('h3', { tabindex: '-1', text: t(`work.actions.${to}.title`) });
  const submit = button(t(`work.actions.${to}.submit`), { type: 'submit' });
  const form = h('form', { class: 'move-form', novalidate: true }, heading,
    h('p', { class: 'field-hint', text: t(`work.actions.${to}.lead`) }), summary,
    Object.values(spec.fields).map((field) => field.wrapper),
    h('div', { class: 'actions' }, submit, button(t('common.cancel'), { variant: 'secondary', onclick: onCancel })));
  onSubmit(form, {
    button: submit, errors,
    read: async () => {
      if (spec.ready) await spec.ready();
      return spec.body(spec.fields);
    },
    check: spec.check,
    // The assignee's own work goes through the outbox (kept on the device without signal); the other moves
    // are decided by the server at once.
    send: async (body) => (isWorkMove(finding, to)
      ? workMove(finding, to, { note: body.note, photoIds: body.photo_ids || [] })
      : { status: 'sent', data: await decide(finding, { to, ...withoutEmpty(body) }) }),
    done: (outcome) => {
      if (outcome.status === 'held') return errors.show(outcome.error || t('sync.held'));
      return onDone(to, outcome);
    },
  });
  return { form, focus: () => heading.focus() };
}

/** The buttons of the allowed moves, each opening its form in place of the buttons. */
export function actionsSection(finding, { onDone }) {
  const moves = ACTION_ORDER.filter((to) => finding.actions.includes(to));
  const body = h('div', {});
  const section = h('section', { class: 'section', 'aria-labelledby': 'next-heading' },
    h('h2', { id: 'next-heading', text: t('work.next') }), body);
  if (!moves.length) return null;
  const idle = (focusOn) => {
    const buttons = moves.map((to) => button(t(`work.actions.${to}.open`), {
      variant: to === moves[0] ? 'primary' : 'secondary', 'data-move': to, onclick: () => open(to),
    }));
    body.replaceChildren(h('div', { class: 'actions' }, buttons));
    if (focusOn) buttons.find((b) => b.dataset.move === focusOn)?.focus();
  };
  const open = (to) => {
    const { form, focus } = moveForm(finding, to, { onDone, onCancel: () => idle(to) });
    body.replaceChildren(form);
    focus();
    announce(t(`work.actions.${to}.title`));
  };
  idle();
  return section;
}
