// Building the public pages' DOM from data: elements and text nodes only, never HTML strings.

/** el('p', {class: 'x', text: 'Hi'}, child...): attributes as given; on* are listeners; value/checked are properties. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value == null || value === false) continue;
    if (key === 'text') node.textContent = value;
    else if (key === 'class') node.className = value;
    else if (key === 'value' || key === 'checked') node[key] = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  node.append(...children.flat().filter((child) => child != null && child !== false));
  return node;
}

/** Say something to screen readers through the page's polite status region. */
export function announce(message) {
  const status = document.getElementById('status');
  status.textContent = '';
  // A new text node after clearing is what makes screen readers read a repeated message again.
  window.setTimeout(() => { status.textContent = message; }, 50);
}

/**
 * A labelled form field: label, optional hint, the control, and an error line (role=alert) that the control
 * points to. Returns the wrapper; the control gets aria-describedby for the hint and the error.
 */
export function field({ id, label, hint, control, optional }) {
  const described = [];
  const labelNode = el('label', { for: id, class: 'field__label' }, label);
  if (optional) labelNode.append(' ', el('span', { class: 'field__optional', text: optional }));
  const nodes = [labelNode];
  if (hint) {
    nodes.push(el('p', { class: 'field__hint', id: `${id}-hint`, text: hint }));
    described.push(`${id}-hint`);
  }
  control.id = id;
  described.push(`${id}-error`);
  control.setAttribute('aria-describedby', described.join(' '));
  nodes.push(el('p', { class: 'field__error', id: `${id}-error`, role: 'alert' }), control);
  return el('div', { class: 'field', 'data-field': id }, nodes);
}

/** Show a message at the field named `name` (its error line), or at the form's own error line. */
export function showError(form, name, message) {
  const box = (name && form.querySelector(`[data-field="${name}"]`)) || form;
  const line = box.querySelector(box === form ? '.form__error' : '.field__error');
  line.textContent = message;
  const control = box === form ? null : box.querySelector('input:not([type=hidden]), textarea, button');
  if (control) {
    if (control.matches('input, textarea')) control.setAttribute('aria-invalid', 'true');
    control.focus();
  }
}

export function clearErrors(form) {
  form.querySelectorAll('.field__error, .form__error').forEach((line) => { line.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((control) => control.removeAttribute('aria-invalid'));
}

/** A UUID made on the phone (crypto.randomUUID needs a secure context; getRandomValues does not). */
export function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** "Founders Amphitheater, floor 2" and "room 201 · Founders Hall · Main Campus" for a space. */
export function spaceLines(space, t) {
  const name = [space.name];
  if (space.floor != null && space.floor !== '') name.push(t('where.floor', { floor: space.floor }));
  const nameOf = (value) => (value && typeof value === 'object' ? value.name : value);
  const rest = [];
  if (space.room_number) rest.push(t('where.room', { room: space.room_number }));
  rest.push(nameOf(space.building), nameOf(space.campus));
  return { name: name.join(', '), rest: rest.filter(Boolean).join(' · ') };
}
