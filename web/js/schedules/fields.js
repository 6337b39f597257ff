// The fields a schedule is set with: how often (6, 12, 24 months or another number, 1 to 120) and who is
// responsible. Shared by the add form and the edit screen.
import { h, uid } from '../dom.js';
import { t } from '../i18n.js';
import { selectField, textField } from '../ui/form.js';

const COMMON = [6, 12, 24];

/** How often: three common choices and "another number of months" with its own box. */
export function intervalField(months = 12) {
  const id = uid('interval');
  const errorEl = h('p', { id: `${id}-error`, class: 'field-error', tabindex: '-1', hidden: true });
  const custom = !COMMON.includes(months);
  const options = [...COMMON.map(String), 'custom'];
  const radios = options.map((value) => h('input', {
    type: 'radio', id: `${id}-${value}`, name: id, value, checked: custom ? value === 'custom' : value === String(months),
  }));
  const number = textField({
    name: 'months', label: t('schedules.interval.customLabel'), type: 'number', min: '1', max: '120', step: '1',
    inputmode: 'numeric', value: custom ? String(months) : '',
  });
  number.wrapper.classList.add('interval-custom');
  const showNumber = () => {
    number.wrapper.hidden = radios[3].checked === false;
  };
  const labels = [...COMMON.map((m) => t('schedules.interval.months', { count: m })), t('schedules.interval.custom')];
  const wrapper = h('fieldset', { class: 'field fieldset' },
    h('legend', { class: 'field-label', text: t('schedules.interval.legend') }), errorEl,
    h('div', { class: 'choices' }, radios.map((radio, index) =>
      h('div', { class: 'choice' }, radio, h('label', { for: radio.id, text: labels[index] })))),
    number.wrapper);
  wrapper.addEventListener('change', showNumber);
  showNumber();
  const setError = (message) => {
    errorEl.textContent = message || '';
    errorEl.hidden = !message;
    wrapper.classList.toggle('field--invalid', Boolean(message));
    if (radios[3].checked) number.setError(message);
    else number.clearError();
  };
  return {
    wrapper, setError, clearError: () => setError(''),
    focus: () => (radios[3].checked ? number.control : errorEl).focus(),
    /** The months chosen, or null when "another number" holds no whole number from 1 to 120. */
    months: () => {
      const chosen = radios.find((r) => r.checked)?.value;
      if (chosen !== 'custom') return Number(chosen);
      const typed = number.control.value.trim();
      return /^\d+$/.test(typed) && Number(typed) >= 1 && Number(typed) <= 120 ? Number(typed) : null;
    },
  };
}

export function responsibleField(people, value = '') {
  return selectField({
    name: 'responsible', label: t('schedules.responsible'), hint: t('schedules.responsibleHint'), value,
    options: [{ value: '', label: t('schedules.chooseResponsible') }, ...people.map((p) => ({ value: p.id, label: p.name }))],
  });
}
