// One schedule (committee, administrators): change how often or who is responsible, or remove it.
import { api, getAll } from '../api.js';
import { errorMessage } from '../errors.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { announce } from '../live.js';
import { go } from '../router.js';
import { dueText, lastText, pairWords, stateBadge } from '../schedules/common.js';
import { intervalField, responsibleField } from '../schedules/fields.js';
import { backLink, button, details, fill, loadError, loading, pageHeading } from '../ui/components.js';
import { errorSummary, formErrors } from '../ui/form.js';
import { isBusy, onSubmit, savedNotice, whileBusy } from '../ui/submit.js';

function editForm(schedule, people) {
  const fields = {
    interval_months: intervalField(schedule.interval_months),
    responsible_id: responsibleField(people, schedule.responsible.id),
  };
  const summary = errorSummary();
  const errors = formErrors(fields, summary);
  const submit = button(t('schedules.editScreen.save'), { type: 'submit' });
  const saved = savedNotice(t('schedules.editScreen.saved'));
  const form = h('form', { class: 'form', novalidate: true }, summary, fields.interval_months.wrapper,
    fields.responsible_id.wrapper, h('div', { class: 'actions' }, submit), saved.element);
  onSubmit(form, {
    button: submit, errors, saved,
    read: () => ({ interval_months: fields.interval_months.months(), responsible_id: fields.responsible_id.control.value }),
    check: (v) => (v.interval_months == null ? ['interval_months', t('schedules.interval.invalid')] : null),
    send: (values) => api.patch(`/api/schedules/${encodeURIComponent(schedule.id)}`, values),
  });
  return form;
}

function removal(schedule) {
  const area = h('div', {});
  const showIdle = () => fill(area, h('div', { class: 'actions' },
    button(t('schedules.editScreen.remove'), { variant: 'danger', onclick: confirm })));
  function confirm() {
    const heading = h('h2', { id: 'remove-heading', tabindex: '-1', text: t('schedules.editScreen.removeHeading') });
    const error = h('p', { class: 'field-error', tabindex: '-1', hidden: true });
    const yes = button(t('schedules.editScreen.removeYes'), { variant: 'danger' });
    yes.addEventListener('click', async () => {
      if (isBusy(yes)) return;
      try {
        await whileBusy(yes, t('common.saving'), () => api.delete(`/api/schedules/${encodeURIComponent(schedule.id)}`));
        announce(t('schedules.editScreen.removed'));
        go('/schedules');
      } catch (err) {
        error.textContent = errorMessage(err);
        error.hidden = false;
        error.focus();
      }
    });
    fill(area, h('div', { class: 'confirm', role: 'group', 'aria-labelledby': 'remove-heading' }, heading,
      h('p', { text: t('schedules.editScreen.removeText') }), error,
      h('div', { class: 'actions' }, yes, button(t('common.cancel'), { variant: 'secondary', onclick: showIdle }))));
    heading.focus();
  }
  showIdle();
  return area;
}

export function render({ params, setTitle }) {
  setTitle(t('schedules.editScreen.title'));
  const back = () => backLink(t('schedules.editScreen.back'), '#/schedules');
  const root = h('div', { class: 'narrow' }, back(), pageHeading(t('schedules.editScreen.title')), loading());
  const load = async () => {
    try {
      const [schedule, people] = await Promise.all([api.get(`/api/schedules/${encodeURIComponent(params.id)}`),
        getAll('/api/schedules/people')]);
      fill(root, back(), pageHeading(t('schedules.editScreen.heading', pairWords(schedule))),
        details([[t('schedules.columns.due'), h('span', { class: 'schedule-when' }, stateBadge(schedule),
          h('span', { text: dueText(schedule) }), h('span', { class: 'muted', text: lastText(schedule) }))]]),
        editForm(schedule, people), removal(schedule));
    } catch (error) {
      fill(root, back(), pageHeading(t('schedules.editScreen.title')), loadError(error, load));
    }
  };
  load();
  return root;
}
