// Assign several accepted findings to one facilities member at once (all or none), from the "To assign" list.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { announce } from '../live.js';
import { button } from '../ui/components.js';
import { busy, errorSummary, formErrors, isBusy } from '../ui/form.js';
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

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (isBusy(submit)) return;
    errors.clear();
    const ids = selected();
    const body = assignBody(fields);
    if (!ids.length) return errors.showSummary(t('work.bulk.none'));
    const problem = assignProblem(body);
    if (problem) return errors.fieldError(...problem);
    busy(submit, true, t('common.saving'));
    try {
      const done = await assignMany(ids, body);
      announce(t('work.bulk.done', { count: done.length }));
      return onDone(done.length);
    } catch (error) {
      return errors.show(error);
    } finally {
      busy(submit, false);
    }
  });
  return {
    form,
    /** Show how many are chosen. */
    update: (n) => {
      count.textContent = t('work.bulk.selected', { count: n });
    },
  };
}
