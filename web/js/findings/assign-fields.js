// The fields of an assignment (who, by when, how urgent), shared by one finding's Assign form and the
// committee's bulk assignment, and what each needs before it is sent.
import { getAll } from '../api.js';
import { h } from '../dom.js';
import { label, t } from '../i18n.js';
import { selectField, textField } from '../ui/form.js';
import { PRIORITIES } from './common.js';

// Due dates are calendar days in UTC, as the server counts them.
const today = () => new Date().toISOString().slice(0, 10);

/** {assignee_id, due_date, priority} fields; the assignee list (facilities staff) fills in when it arrives. */
export function assignFields(prefix = '') {
  const fields = {
    assignee_id: selectField({ name: `${prefix}assignee`, label: t('work.form.assignee'), options: [{ value: '', label: t('common.loading') }] }),
    due_date: textField({ name: `${prefix}due`, label: t('work.form.due'), type: 'date', min: today(), hint: t('work.form.dueHint') }),
    priority: selectField({ name: `${prefix}priority`, label: t('work.form.priority'), value: 'normal',
      options: PRIORITIES.map((value) => ({ value, label: label('priorities', value) })) }),
  };
  getAll('/api/assignees').then((people) => fields.assignee_id.control.replaceChildren(
    h('option', { value: '', text: t('work.form.choosePerson') }), ...people.map((p) => h('option', { value: p.id, text: p.name }))))
    .catch(() => fields.assignee_id.setError(t('errors.network')));
  return fields;
}

export function assignBody(fields) {
  return { assignee_id: fields.assignee_id.control.value, due_date: fields.due_date.control.value, priority: fields.priority.control.value };
}

/** [field, message] for the first thing missing or wrong, else null. */
export function assignProblem(body) {
  if (!body.assignee_id) return ['assignee_id', t('work.form.assigneeRequired')];
  if (!body.due_date) return ['due_date', t('work.form.dueRequired')];
  return body.due_date < today() ? ['due_date', t('work.form.duePast')] : null;
}
