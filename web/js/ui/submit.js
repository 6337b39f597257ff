// Sending what a person entered: the button shows that work is under way and ignores a second press, and a
// refusal is shown where it belongs (formErrors in form.js). One way for every form and button that sends.
import { t } from '../i18n.js';
import { announce } from '../live.js';
import { notice } from './components.js';

/** Show that the button's work is under way (busyLabel while it runs), or that it is done. */
export function busy(button, pending, busyLabel) {
  if (pending) {
    button.dataset.label = button.textContent;
    if (busyLabel) button.textContent = busyLabel;
    button.setAttribute('aria-disabled', 'true');
    button.classList.add('is-busy');
  } else {
    if (button.dataset.label) button.textContent = button.dataset.label;
    button.removeAttribute('aria-disabled');
    button.classList.remove('is-busy');
  }
}

export function isBusy(button) {
  return button.getAttribute('aria-disabled') === 'true';
}

/** Run work() with the button busy; resolves or rejects as work() does, with the button free again. */
export async function whileBusy(button, busyLabel, work) {
  busy(button, true, busyLabel);
  try {
    return await work();
  } finally {
    busy(button, false);
  }
}

/**
 * A form that sends what it holds. On submit (ignored while the last one is still being sent): the errors
 * are cleared; read() gives the values (it may wait, e.g. for photos still being prepared); check(values)
 * names the first problem as [field, message] (field null: not about one field), or null; send(values) runs
 * with the button busy; then done(answer, values). A refusal goes to failed(error), by default shown at its
 * field or above the form. saved: a savedNotice() shown after sending, hidden at the next edit.
 */
export function onSubmit(form, { button, errors, read = () => ({}), check = () => null, send, done = () => {},
  failed = (error) => errors.show(error), busyLabel = t('common.saving'), saved = null }) {
  if (saved) form.addEventListener('input', saved.hide);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (isBusy(button)) return undefined;
    errors.clear();
    if (saved) saved.hide();
    const values = await read(event);
    const problem = check(values);
    if (problem) return errors.fieldError(...problem);
    let answer;
    try {
      answer = await whileBusy(button, busyLabel, () => send(values));
    } catch (error) {
      return failed(error);
    }
    if (saved) saved.show();
    return done(answer, values);
  });
}

/** "Saved" under a form that edits something in place (give it to onSubmit, put its element in the form). */
export function savedNotice(text) {
  const element = notice(text, 'success', { hidden: true });
  return {
    element,
    hide() {
      element.hidden = true;
    },
    show() {
      element.hidden = false;
      announce(text);
    },
  };
}
