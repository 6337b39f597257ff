// One checklist item in one space: the prompt, the answer controls, then one row with its guidance (closed
// until asked for) and "Add a note", and the finding its answer may raise. An answered card is drawn
// compact (still editable). A `text` item is itself a note: it has no second one. Every change goes to the
// store at once; the walk screen then re-syncs all cards.
import { langOf } from '../checklists/localize.js';
import { h, uid } from '../dom.js';
import { t } from '../i18n.js';
import { announce } from '../live.js';
import { answer, noteOf, setNote } from '../store/walk.js';
import { button } from '../ui/components.js';
import { answerControls } from './controls.js';
import { itemFindingPanel } from './item-finding.js';
import { isAnswered, raisesFinding } from './rules.js';

function guidance(item) {
  return h('details', { class: 'guidance' },
    h('summary', { text: t('walk.guidance') }),
    h('h4', { text: t('walk.lookFor') }), h('p', { text: item.guidance.look_for, lang: langOf(item, 'look_for') }),
    h('h4', { text: t('walk.why') }), h('p', { text: item.guidance.why, lang: langOf(item, 'why') }));
}

/**
 * "Add a note": a button (for the card's row of tools) that opens a box, open from the start when there is a
 * note already. With `offer` false there is no button: the box shows only a note made earlier.
 */
function noteArea(item, { auditId, spaceId, readOnly }, { offer = true } = {}) {
  const id = uid('note');
  const area = h('textarea', { id, rows: '2', maxlength: '2000', disabled: readOnly });
  const hint = h('p', { id: `${id}-hint`, class: 'field-hint', text: t('walk.noteHint') });
  const box = h('div', { class: 'field note', hidden: true },
    h('label', { for: id, class: 'field-label', text: t('walk.note') }), hint, area);
  area.setAttribute('aria-describedby', hint.id);
  const open = button(t('walk.addNote'), { variant: 'quiet', class: 'note__open', 'aria-expanded': 'false', 'aria-controls': id });
  open.addEventListener('click', () => {
    box.hidden = false;
    open.hidden = true;
    area.focus();
  });
  area.addEventListener('change', () => {
    setNote(auditId, spaceId, item.id, area.value.trim());
  });
  const set = () => {
    const note = noteOf(auditId, spaceId, item.id);
    if (document.activeElement !== area) area.value = note;
    if (note) {
      box.hidden = false;
      open.hidden = true;
    }
  };
  return { open: readOnly || !offer ? null : open, box, set };
}

/**
 * ctx: auditId, spaceId, readOnly, onAnswered(item) after the person changes the answer.
 * Returns {root, item, focus(), sync(state, shown, answers)}.
 */
export function itemCard(item, ctx) {
  const promptId = `prompt-${item.id}`;
  const prompt = h('h3', { id: promptId, class: 'item-card__prompt', tabindex: '-1', text: item.prompt, lang: langOf(item, 'prompt') });
  const message = h('p', { class: 'item-card__message', hidden: true });
  // After the person empties the controls, the screen keeps what they see (not the last saved answer) until
  // they answer again; the message says the saved answer stands.
  let emptied = false;

  const say = (text, kind) => {
    message.textContent = text;
    message.className = `item-card__message item-card__message--${kind}`;
    message.hidden = !text;
  };
  const controls = answerControls(item, {
    promptId, readOnly: ctx.readOnly, auditId: ctx.auditId,
    onAnswer: (value) => {
      emptied = value === null;
      if (emptied) return say(t('walk.emptyNotSaved'), 'info');
      say('', 'info');
      answer(ctx.auditId, ctx.spaceId, item.id, value);
      ctx.onAnswered(item);
    },
    onInvalid: (text) => {
      say(text, 'error');
      announce(text, { assertive: true });
    },
  });
  const note = noteArea(item, ctx, { offer: item.type !== 'text' });
  const finding = item.finding ? itemFindingPanel(item, ctx) : null;
  const root = h('div', { class: 'item-card', id: `item-${item.id}`, dataset: { item: item.id } },
    prompt, h('div', { class: 'item-card__answer' }, controls.node), message,
    h('div', { class: 'item-card__tools' }, guidance(item), note.open), note.box, finding ? finding.root : null);

  return {
    root,
    item,
    focus: () => {
      prompt.focus({ preventScroll: true });
      root.scrollIntoView({ block: 'start' });
    },
    sync(state, shown, answers) {
      root.hidden = !shown;
      root.classList.toggle('is-answered', isAnswered(answers.get(item.id)));
      if (!emptied) controls.set(answers.get(item.id));
      note.set();
      if (finding) finding.sync(state, shown && raisesFinding(item, answers.get(item.id)));
    },
  };
}
