// Assign several accepted findings to one facilities member at once (all or none), from the "To assign" list.
import { getAll } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { announce } from '../live.js';
import { button } from '../ui/components.js';
import { busy, errorSummary, formErrors, isBusy, selectField, textField } from '../ui/form.js';
import { PRIORITIES } from './common.js';
import { assignMany } from './work.js';

const today = () => new Date().toISOString().slice(0, 10);

/** selected(): the chosen finding ids; onDone(count) once they are assigned. */
export function bulkAssign({ selected, onDone }) {
  const fields = {
    assignee_id: selectField({ name: 'bulk-assignee', label: t('work.form.assignee'), options: [{ value: '', label: t('common.loading') }] }),
    due_date: textField({ name: 'bulk-due', label: t('work.form.due'), type: 'date', min: today(), hint: t('work.form.dueHint') }),
    priority: selectField({ name: 'bulk-priority', label: t('work.form.priority'), value: 'normal',
      options: PRIORITIES.map((value) => ({ value, label: t(`work.priorities.${value}`) })) }),
  };
  getAll('/api/assignees').then((people) => fields.assignee_id.control.replaceChildren(
    h('option', { value: '', text: t('work.form.choosePerson') }), ...people.map((p) => h('option', { value: p.id, text: p.name }))))
    .catch(() => fields.assignee_id.setError(t('errors.network')));
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
    const body = { assignee_id: fields.assignee_id.control.value, due_date: fields.due_date.control.value, priority: fields.priority.control.value };
    if (!ids.length) return errors.showSummary(t('work.bulk.none'));
    if (!body.assignee_id) return errors.fieldError('assignee_id', t('work.form.assigneeRequired'));
    if (!body.due_date) return errors.fieldError('due_date', t('work.form.dueRequired'));
    if (body.due_date < today()) return errors.fieldError('due_date', t('work.form.duePast'));
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
