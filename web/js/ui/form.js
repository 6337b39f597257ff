// Form fields with their label, hint and error wired for screen readers, and one way to show errors.
import { h, uid } from '../dom.js';
import { errorMessage } from '../errors.js';
import { announce } from '../live.js';

function describe(control, ids) {
  const value = ids.filter(Boolean).join(' ');
  if (value) control.setAttribute('aria-describedby', value);
  else control.removeAttribute('aria-describedby');
}

function wire({ wrapper, controls, hintId, errorEl, focusTarget }) {
  const update = (message) => {
    errorEl.textContent = message || '';
    errorEl.hidden = !message;
    wrapper.classList.toggle('field--invalid', Boolean(message));
    for (const control of controls) {
      if (message) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
      describe(control, [hintId, message ? errorEl.id : null]);
    }
  };
  return {
    wrapper,
    control: controls[0],
    controls,
    setError: (message) => update(message),
    clearError: () => update(''),
    focus: () => focusTarget.focus(),
  };
}

// One labelled control: its label, hint and error above it, wired for screen readers. make(id) makes the control.
function singleField({ name, label, hint, make }) {
  const id = uid(`f-${name}`);
  const hintId = hint ? `${id}-hint` : null;
  const control = make(id);
  const errorEl = h('p', { id: `${id}-error`, class: 'field-error', hidden: true });
  const wrapper = h('div', { class: 'field' },
    h('label', { for: id, class: 'field-label', text: label }),
    hint ? h('p', { id: hintId, class: 'field-hint', text: hint }) : null,
    errorEl,
    control);
  const field = wire({ wrapper, controls: [control], hintId, errorEl, focusTarget: control });
  field.clearError();
  return field;
}

/** A labelled <input>. Options: name, label, type, value, hint, required, autocomplete, inputmode... */
export function textField({ name, label, hint, type = 'text', value = '', ...attributes }) {
  return singleField({ name, label, hint, make: (id) => h('input', { id, name, type, value, ...attributes }) });
}

/** A labelled <select>. options: [{value, label}]. */
export function selectField({ name, label, hint, options, value = '', ...attributes }) {
  return singleField({
    name, label, hint,
    make: (id) => {
      const select = h('select', { id, name, ...attributes });
      setOptions(select, options, value);
      return select;
    },
  });
}

export function setOptions(select, options, value = select.value) {
  select.replaceChildren(...options.map((option) =>
    h('option', { value: option.value, text: option.label, lang: option.lang, selected: option.value === value })));
  select.value = options.some((option) => option.value === value) ? value : (options[0]?.value ?? '');
}

/** A fieldset of checkboxes. options: [{value, label, hint?}]; values: the checked ones. */
export function checkboxGroup({ name, legend, hint, options, values = [] }) {
  const id = uid(`f-${name}`);
  const hintId = hint ? `${id}-hint` : null;
  const errorEl = h('p', { id: `${id}-error`, class: 'field-error', hidden: true });
  const boxes = options.map((option) => {
    const boxId = `${id}-${option.value}`;
    return h('input', { type: 'checkbox', id: boxId, name, value: option.value, checked: values.includes(option.value) });
  });
  const wrapper = h('fieldset', { class: 'field fieldset' },
    h('legend', { class: 'field-label', text: legend }),
    hint ? h('p', { id: hintId, class: 'field-hint', text: hint }) : null,
    errorEl,
    h('div', { class: 'checkboxes' }, options.map((option, index) =>
      h('div', { class: 'checkbox' },
        boxes[index],
        h('label', { for: boxes[index].id, text: option.label })))));
  const field = wire({ wrapper, controls: boxes, hintId, errorEl, focusTarget: boxes[0] });
  field.clearError();
  field.values = () => boxes.filter((box) => box.checked).map((box) => box.value);
  field.setValues = (list) => boxes.forEach((box) => { box.checked = list.includes(box.value); });
  return field;
}

/** The box above a form for errors that are not about one field. */
export function errorSummary() {
  return h('div', { class: 'notice notice--error', tabindex: '-1', hidden: true });
}

/**
 * Shows errors where they belong: at the field the server names (focused), else in the summary.
 * fields: {email: field, ...}. Returns {clear, show(error), fieldError(name, message)}.
 */
export function formErrors(fields, summary) {
  const clear = () => {
    Object.values(fields).forEach((field) => field.clearError());
    summary.hidden = true;
    summary.textContent = '';
  };
  const showSummary = (message) => {
    summary.textContent = message;
    summary.hidden = false;
    summary.focus();
    announce(message, { assertive: true });
  };
  const fieldError = (name, message) => {
    const field = fields[name];
    if (!field) return showSummary(message);
    field.setError(message);
    field.focus();
    announce(message, { assertive: true });
  };
  const show = (error) => {
    const message = typeof error === 'string' ? error : errorMessage(error);
    if (error && error.field && fields[error.field]) fieldError(error.field, message);
    else showSummary(message);
  };
  return { clear, show, fieldError, showSummary };
}

/** A labelled <textarea>. Options: name, label, hint, value, rows, maxlength... */
export function textareaField({ name, label, hint, value = '', rows = 3, ...attributes }) {
  return singleField({
    name, label, hint,
    make: (id) => {
      const textarea = h('textarea', { id, name, rows: String(rows), ...attributes });
      textarea.value = value;
      return textarea;
    },
  });
}

/** A fieldset of large radio buttons. options: [{value, label}]; value: the chosen one. */
export function radioGroup({ name, legend, hint, options, value = '' }) {
  const id = uid(`f-${name}`);
  const hintId = hint ? `${id}-hint` : null;
  const errorEl = h('p', { id: `${id}-error`, class: 'field-error', hidden: true });
  const radios = options.map((option) =>
    h('input', { type: 'radio', id: `${id}-${option.value}`, name: id, value: option.value, checked: option.value === value }));
  const wrapper = h('fieldset', { class: 'field fieldset' },
    h('legend', { class: 'field-label', text: legend }),
    hint ? h('p', { id: hintId, class: 'field-hint', text: hint }) : null,
    errorEl,
    h('div', { class: 'choices' }, options.map((option, index) =>
      h('div', { class: 'choice' }, radios[index], h('label', { for: radios[index].id, text: option.label })))));
  const field = wire({ wrapper, controls: radios, hintId, errorEl, focusTarget: radios.find((r) => r.checked) || radios[0] });
  field.clearError();
  field.value = () => radios.find((radio) => radio.checked)?.value || '';
  return field;
}
