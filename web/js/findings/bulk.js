// Assign several accepted findings to one facilities member at once (all or none), from the "To assign" list.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { announce } from '../live.js';
import { button } from '../ui/components.js';
import { errorSummary, formErrors } from '../ui/form.js';
import { onSubmit } from '../ui/submit.js';
import { assignBody, assignFields, assignProblem } from './assign-fields.js';
import { assignMany } from './work.js';

/** selected(): the chosen finding ids; onDone(count) once they are assigned. */
export function bulkAssign({ selected, onDone }) {
  const fields = assignFields('bulk-');
  const summary = errorSummary();
  const errors = formErrors({ ...fields, finding_ids: { clearError() {}, setError() {}, focus() {} } }, summary);
  const count = h('p', { class: 'result-count', 'aria-live': 'polite' });
  const submit = button(t('work.bulk.submit'), { type: 'submit' });
  const form = h('form', { class: 'bulk', novalidate: true, 'aria-labelledby': 'bulk-heading' },
    h('h2', { id: 'bulk-heading', text: t('work.bulk.title') }), count, summary,
    h('div', { class: 'bulk__fields' }, Object.values(fields).map((field) => field.wrapper)),
    h('div', { class: 'actions' }, submit));

  onSubmit(form, {
    button: submit, errors,
    read: () => ({ ids: selected(), body: assignBody(fields) }),
    check: ({ ids, body }) => (ids.length ? assignProblem(body) : [null, t('work.bulk.none')]),
    send: ({ ids, body }) => assignMany(ids, body),
    done: (assigned) => {
      announce(t('work.bulk.done', { count: assigned.length }));
      return onDone(assigned.length);
    },
  });
  return {
    form,
    /** Show how many are chosen. */
    update: (n) => {
      count.textContent = t('work.bulk.selected', { count: n });
    },
  };
}
