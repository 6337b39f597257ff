// What the committee decides about a report, one form at a time: start the review, turn it into a finding,
// attach it to an existing finding, decline it with a reason the reporter reads, or mark it as spam.
import { api, getAll } from '../api.js';
import { h } from '../dom.js';
import { errorMessage } from '../errors.js';
import { SEVERITIES } from '../findings/common.js';
import { findingHref } from '../findings/work.js';
import { label, t } from '../i18n.js';
import { announce } from '../live.js';
import { button, notice } from '../ui/components.js';
import { checkboxGroup, errorSummary, formErrors, radioGroup, selectField, textareaField, textField } from '../ui/form.js';
import { isBusy, onSubmit, whileBusy } from '../ui/submit.js';
import { REMEDIES } from '../walk/finding-form.js';
import { categoryText, OPEN } from './common.js';

// A report can join a finding still being worked on; a final one (verified, declined...) cannot take it.
const FINAL_FINDING = ['withdrawn', 'declined', 'verified', 'duplicate'];

// The server's table (server/domain/community/states.py): a new report may be taken under review, or decided
// at once (it then passes through review, with its own event); spam from either.
const MOVES = { received: ['under_review', 'finding', 'joined', 'declined', 'spam'], under_review: ['finding', 'joined', 'declined', 'spam'] };

/** The moves open from a status. */
function movesFrom(status) {
  return MOVES[status] || [];
}

function defaultTitle(report) {
  const { space } = report;
  const place = space.room_number ? t('community.finding.placeRoom', { name: space.name, room: space.room_number }) : space.name;
  return t('community.finding.defaultTitle', { category: label('report_category_titles', report.category), place }).slice(0, 200);
}

function findingLabel(finding) {
  const room = finding.space.room_number || finding.space.name;
  return t('community.join.option', { title: finding.title, room, status: label('finding_states', finding.status) });
}

async function joinOptions(report, select) {
  const all = await getAll('/api/findings', { building: report.space.building.id }, { max: 1000 });
  const choices = all.filter((finding) => !FINAL_FINDING.includes(finding.status));
  const here = choices.filter((finding) => finding.space.id === report.space.id);
  const elsewhere = choices.filter((finding) => finding.space.id !== report.space.id);
  const group = (label, list) => (list.length ? h('optgroup', { label },
    list.map((finding) => h('option', { value: finding.id, text: findingLabel(finding) }))) : null);
  select.replaceChildren(
    h('option', { value: '', text: choices.length ? t('community.join.choose') : t('community.join.noneInBuilding') }),
    ...[group(t('community.join.here'), here), group(t('community.join.elsewhere'), elsewhere)].filter(Boolean));
}

// Each move's fields, and how they become the request body; check() names a missing field.
const FORMS = {
  finding: (report) => ({
    fields: {
      title: textField({ name: 'title', label: t('community.finding.titleLabel'), value: defaultTitle(report), maxlength: '200', autocomplete: 'off' }),
      severity: radioGroup({
        name: 'severity', legend: t('findings.fields.severity'), value: 'medium',
        options: SEVERITIES.map((value) => ({ value, label: label('severities', value) })),
      }),
      remedies: checkboxGroup({
        name: 'remedies', legend: t('findings.fields.remedies'), hint: t('findings.fields.remediesHint'),
        options: REMEDIES.map((value) => ({ value, label: label('remedies', value) })),
      }),
    },
    body: (f) => ({ title: f.title.control.value.trim(), severity: f.severity.value(), remedies: f.remedies.values() }),
    check: (body) => (!body.title ? ['title', t('findings.titleRequired')] : !body.severity ? ['severity', t('community.finding.severityRequired')] : null),
  }),
  joined: (report) => {
    const finding = selectField({ name: 'finding_id', label: t('community.join.label'), hint: t('community.join.hint'), options: [{ value: '', label: t('common.loading') }] });
    joinOptions(report, finding.control).catch(() => finding.setError(t('community.offline')));
    return {
      fields: { finding_id: finding },
      body: (f) => ({ finding_id: f.finding_id.control.value }),
      check: (body) => (body.finding_id ? null : ['finding_id', t('community.join.required')]),
    };
  },
  declined: () => ({
    fields: { note: textareaField({ name: 'note', label: t('community.decline.label'), hint: t('community.decline.hint'), maxlength: '4000', rows: 4, required: true }) },
    body: (f) => ({ note: f.note.control.value.trim() }),
    check: (body) => (body.note ? null : ['note', t('community.decline.required')]),
  }),
  spam: () => ({ fields: {}, body: () => ({}), check: () => null, confirm: true }),
};

function moveForm(report, to, { onDone, onCancel }) {
  const spec = FORMS[to](report);
  const summary = errorSummary();
  const errors = formErrors(spec.fields, summary);
  const heading = h('h3', { tabindex: '-1', text: t(`community.moves.${to}.title`) });
  const submit = button(t(`community.moves.${to}.submit`), { type: 'submit', variant: spec.confirm ? 'danger' : 'primary' });
  const form = h('form', { class: ['move-form', spec.confirm ? 'confirm' : null], novalidate: true }, heading,
    h('p', { class: 'field-hint', text: t(`community.moves.${to}.lead`, { category: categoryText(report.category) }) }), summary,
    Object.values(spec.fields).map((field) => field.wrapper),
    h('div', { class: 'actions' }, submit, button(t('common.cancel'), { variant: 'secondary', onclick: onCancel })));
  onSubmit(form, {
    button: submit, errors,
    read: () => spec.body(spec.fields),
    check: spec.check,
    send: (body) => api.post(`/api/community/reports/${encodeURIComponent(report.id)}/transitions`, { to, ...body }),
    done: (updated) => onDone(to, updated),
  });
  return { form, focus: () => heading.focus() };
}

function findingLink(finding) {
  return h('a', { href: findingHref(finding.id), text: t('work.linkTo', { title: finding.title, status: label('finding_states', finding.status) }) });
}

/** Where the report stands in words: the finding it became or joined, the reason it was declined... */
function standing(report) {
  if (report.finding && (report.status === 'finding' || report.status === 'joined')) {
    return h('p', {}, t(`community.standing.${report.status}`), ' ', findingLink(report.finding), '. ', t('community.standing.follows'));
  }
  if (report.status === 'declined') {
    return [h('p', { text: t('community.standing.declined') }),
      h('blockquote', { class: 'quote' }, h('p', { class: 'quote__body', text: report.decline_reason }))];
  }
  return h('p', { text: t(`community.standing.${report.status}`) });
}

/** The report's status in words, and the buttons of the moves the person may make. */
export function decisionSection(report, { canRespond, onDone }) {
  const moves = canRespond ? movesFrom(report.status) : [];
  const body = h('div', {});
  const idle = (focusOn) => {
    // Starting the review needs no form: one press, answered at once.
    const buttons = moves.map((to) => button(t(`community.moves.${to}.open`), {
      variant: to === moves[0] ? 'primary' : to === 'spam' ? 'quiet' : 'secondary', 'data-move': to,
      onclick: (event) => (to === 'under_review' ? startReview(event.currentTarget) : open(to)),
    }));
    body.replaceChildren(h('div', { class: 'actions' }, buttons));
    if (focusOn) buttons.find((b) => b.dataset.move === focusOn)?.focus();
  };
  const open = (to) => {
    const { form, focus } = moveForm(report, to, { onDone, onCancel: () => idle(to) });
    body.replaceChildren(form);
    focus();
  };
  const startReview = async (pressed) => {
    if (isBusy(pressed)) return;
    try {
      onDone('under_review', await whileBusy(pressed, t('common.saving'),
        () => api.post(`/api/community/reports/${encodeURIComponent(report.id)}/transitions`, { to: 'under_review' })));
    } catch (error) {
      const problem = notice(errorMessage(error), 'error', { tabindex: '-1' });
      body.prepend(problem);
      problem.focus();
      announce(problem.textContent, { assertive: true });
    }
  };
  if (moves.length) idle();
  return h('section', { class: 'section', 'aria-labelledby': 'decision-heading' },
    h('h2', { id: 'decision-heading', text: t('community.decision') }),
    standing(report),
    !canRespond && OPEN.includes(report.status) ? h('p', { class: 'muted', text: t('community.readOnly') }) : null,
    body);
}
