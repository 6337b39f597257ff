// The answer controls of one item, by type. "Not applicable" is always offered: in the radio group for
// yes/no and single choice, as its own box for the others. onAnswer(value) gets the answer to save, or null
// when the person emptied the controls (an empty answer cannot be saved; the card says so).
import { langOf } from '../checklists/localize.js';
import { h, uid } from '../dom.js';
import { t } from '../i18n.js';
import { photoPicker } from './photos.js';

const NA = 'not_applicable';

function option(type, name, value, label, disabled, lang = null) {
  const id = uid('answer');
  // "Not applicable" is always the last control: the card draws its tools beside it.
  return h('div', { class: ['choice', value === NA && 'choice--na'] },
    h('input', { type, id, name, value, disabled }),
    h('label', { for: id, text: label, lang }));
}

function radios(item, { promptId, readOnly, onAnswer }) {
  const name = uid('answer');
  const options = item.type === 'yes_no'
    ? [['yes', t('walk.answers.yes')], ['no', t('walk.answers.no')]]
    : item.choices.map((choice) => [choice.id, choice.label, langOf(choice, 'label')]);
  const node = h('div', { class: ['choices', item.type === 'yes_no' && 'choices--row'], role: 'radiogroup', 'aria-labelledby': promptId },
    [...options, [NA, t('walk.answers.notApplicable')]].map(([value, label, lang]) => option('radio', name, value, label, readOnly, lang)));
  node.addEventListener('change', (event) => onAnswer(event.target.value));
  const inputs = [...node.querySelectorAll('input')];
  return { node, set: (answer) => inputs.forEach((input) => { input.checked = input.value === answer; }) };
}

/** A box that stands for one word answer ("Not applicable", "Unknown") and clears the other controls. */
function wordBox(value, label, readOnly) {
  return option('checkbox', uid('word'), value, label, readOnly);
}

function multiple(item, { promptId, readOnly, onAnswer }) {
  const boxes = h('div', { class: 'choices' }, item.choices.map((choice) => option('checkbox', uid('answer'), choice.id, choice.label, readOnly, langOf(choice, 'label'))));
  const na = wordBox(NA, t('walk.answers.notApplicable'), readOnly);
  const naInput = na.querySelector('input');
  const picked = () => [...boxes.querySelectorAll('input:checked')].map((input) => input.value);
  boxes.addEventListener('change', () => {
    naInput.checked = false;
    onAnswer(picked().length ? picked() : null);
  });
  naInput.addEventListener('change', () => {
    if (naInput.checked) boxes.querySelectorAll('input').forEach((input) => { input.checked = false; });
    onAnswer(naInput.checked ? NA : null);
  });
  const node = h('div', { role: 'group', 'aria-labelledby': promptId }, boxes, h('div', { class: 'choices choices--words' }, na));
  const set = (answer) => {
    naInput.checked = answer === NA;
    boxes.querySelectorAll('input').forEach((input) => { input.checked = Array.isArray(answer) && answer.includes(input.value); });
  };
  return { node, set };
}

function count(item, { promptId, readOnly, onAnswer, onInvalid }) {
  const id = uid('count');
  const input = h('input', { id, type: 'number', inputmode: 'numeric', min: '0', max: '100000', step: '1', class: 'input--short', disabled: readOnly });
  const unknown = wordBox('unknown', t('walk.answers.unknown'), readOnly);
  const na = wordBox(NA, t('walk.answers.notApplicable'), readOnly);
  const words = [unknown.querySelector('input'), na.querySelector('input')];
  input.addEventListener('change', () => {
    const raw = input.value.trim();
    if (raw === '') return onAnswer(null);
    if (!/^\d+$/.test(raw) || Number(raw) > 100000) return onInvalid(t('walk.countInvalid'));
    words.forEach((box) => { box.checked = false; });
    onAnswer(Number(raw));
  });
  words.forEach((box) => box.addEventListener('change', () => {
    words.forEach((other) => { if (other !== box) other.checked = false; });
    if (box.checked) input.value = '';
    onAnswer(box.checked ? box.value : null);
  }));
  const node = h('div', { class: 'answer-count', role: 'group', 'aria-labelledby': promptId },
    h('div', { class: 'field' }, h('label', { for: id, class: 'field-label', text: t('walk.countLabel') }), input),
    h('div', { class: 'choices choices--words' }, unknown, na));
  const set = (answer) => {
    if (document.activeElement !== input) input.value = typeof answer === 'number' ? String(answer) : '';
    words.forEach((box) => { box.checked = box.value === answer; });
  };
  return { node, set };
}

function text(item, { promptId, readOnly, onAnswer }) {
  const id = uid('text');
  const area = h('textarea', { id, rows: '3', maxlength: '2000', disabled: readOnly, 'aria-labelledby': promptId });
  const na = wordBox(NA, t('walk.answers.notApplicable'), readOnly);
  const naInput = na.querySelector('input');
  // Saved when the person leaves the box (change), not on every key: one request per thought.
  area.addEventListener('change', () => {
    const value = area.value.trim();
    if (value) naInput.checked = false;
    onAnswer(value || null);
  });
  naInput.addEventListener('change', () => {
    if (naInput.checked) area.value = '';
    onAnswer(naInput.checked ? NA : null);
  });
  const node = h('div', { role: 'group', 'aria-labelledby': promptId }, area, h('div', { class: 'choices choices--words' }, na));
  const set = (answer) => {
    if (document.activeElement !== area) area.value = typeof answer === 'string' && answer !== NA ? answer : '';
    naInput.checked = answer === NA;
  };
  return { node, set };
}

function photos(item, { promptId, readOnly, onAnswer, auditId }) {
  const na = wordBox(NA, t('walk.answers.notApplicable'), readOnly);
  const naInput = na.querySelector('input');
  const picker = photoPicker({
    hint: readOnly ? null : t('photos.hint'), auditId, readOnly, uploads: !readOnly,
    onChange: (ids) => {
      if (ids.length) naInput.checked = false;
      onAnswer(ids.length ? ids : null);
    },
  });
  naInput.addEventListener('change', () => {
    if (naInput.checked) picker.setIds([]);
    onAnswer(naInput.checked ? NA : null);
  });
  const node = h('div', { role: 'group', 'aria-labelledby': promptId }, picker.wrapper, h('div', { class: 'choices choices--words' }, na));
  const set = (answer) => {
    const ids = Array.isArray(answer) ? answer : [];
    if (ids.join() !== picker.ids().join()) picker.setIds(ids);
    naInput.checked = answer === NA;
  };
  return { node, set };
}

const BY_TYPE = { yes_no: radios, single_choice: radios, multiple_choice: multiple, count, text, photo: photos };

/** {node, set(answer)} for the item's type. options: promptId, readOnly, auditId, onAnswer, onInvalid. */
export function answerControls(item, options) {
  return BY_TYPE[item.type](item, options);
}
