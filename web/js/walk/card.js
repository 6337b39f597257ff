// One checklist item in one space: the prompt, the answer controls and, at the end of their last row, two
// small toggles: guidance (closed until asked for) and "Add a note". The guidance and the note open below the
// answer, across the card. An answered card is drawn compact (still editable). A `text` item is itself a
// note: it has no second one. Every change goes to the store at once; the walk screen then re-syncs all cards.
import { langOf } from '../checklists/localize.js';
import { h, uid } from '../dom.js';
import { t } from '../i18n.js';
import { announce } from '../live.js';
import { answerControls } from './controls.js';
import { withStore } from './device.js';
import { itemFindingPanel } from './finding-form.js';
import { noteOf } from './notes.js';
import { isAnswered, raisesFinding } from './rules.js';

/**
 * A toggle for the card's row of tools: a button that says what it opens to screen readers (`name`) and shows
 * a short mark (`mark`, hidden from them), with aria-expanded kept with the panel it controls.
 */
function toolButton(name, mark, panel, kind) {
  return h('button', { type: 'button', class: ['item-tool', `item-tool--${kind}`], title: name, 'aria-expanded': 'false', 'aria-controls': panel.id },
    h('span', { class: 'item-tool__mark', 'aria-hidden': 'true', text: mark }), h('span', { class: 'visually-hidden', text: name }));
}

/** "What to look for" and "Why it matters", closed until its button opens it. */
function guidance(item) {
  const panel = h('div', { class: 'guidance', id: uid('guidance'), hidden: true },
    h('h4', { text: t('walk.lookFor') }), h('p', { text: item.guidance.look_for, lang: langOf(item, 'look_for') }),
    h('h4', { text: t('walk.why') }), h('p', { text: item.guidance.why, lang: langOf(item, 'why') }));
  const open = toolButton(t('walk.guidance'), '?', panel, 'guidance');
  open.addEventListener('click', () => {
    panel.hidden = !panel.hidden;
    open.setAttribute('aria-expanded', String(!panel.hidden));
  });
  return { open, panel };
}

/**
 * "Add a note": a button (for the card's row of tools) that opens a box, open from the start when there is a
 * note already. With `offer` false there is no button: the box shows only a note made earlier.
 */
function noteArea(item, { auditId, spaceId, readOnly }, { offer = true } = {}) {
  const id = uid('note');
  const area = h('textarea', { id, rows: '2', maxlength: '2000', disabled: readOnly });
  const hint = h('p', { id: `${id}-hint`, class: 'field-hint', text: t('walk.noteHint') });
  const box = h('div', { class: 'field note', id: `${id}-box`, hidden: true },
    h('label', { for: id, class: 'field-label', text: t('walk.note') }), hint, area);
  area.setAttribute('aria-describedby', hint.id);
  const open = toolButton(t('walk.addNote'), t('walk.note'), box, 'note');
  open.classList.add('note__open');
  open.addEventListener('click', () => {
    box.hidden = false;
    open.hidden = true;
    area.focus();
  });
  area.addEventListener('change', () => {
    const note = area.value.trim();
    withStore(({ walk }) => walk.setNote(auditId, spaceId, item.id, note));
  });
  const set = (state) => {
    const note = noteOf(state, spaceId, item.id);
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
      withStore(({ walk }) => {
        walk.answer(ctx.auditId, ctx.spaceId, item.id, value);
        ctx.onAnswered(item);
      });
    },
    onInvalid: (text) => {
      say(text, 'error');
      announce(text, { assertive: true });
    },
  });
  const note = noteArea(item, ctx, { offer: item.type !== 'text' });
  const help = guidance(item);
  const finding = item.finding ? itemFindingPanel(item, ctx) : null;
  // The tools come after the answer (the order they are reached in) and are drawn at the end of its last row.
  const root = h('div', { class: 'item-card', id: `item-${item.id}`, dataset: { item: item.id } },
    prompt, h('div', { class: 'item-card__answer' }, controls.node, h('div', { class: 'item-card__tools' }, help.open, note.open)),
    message, help.panel, note.box, finding ? finding.root : null);

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
      note.set(state);
      if (finding) finding.sync(state, shown && raisesFinding(item, answers.get(item.id)));
    },
  };
}

/**
 * itemCard, built the first time it is shown: in most spaces most of a checklist's items are hidden by their
 * conditions until an answer shows them (three of the sixteen portraits items in a space without portraits),
 * and building all of them held the walk's first drawing back. Until then it is an empty hidden card.
 */
export function itemCardWhenShown(item, ctx) {
  let card = null;
  const stub = h('div', { class: 'item-card', id: `item-${item.id}`, hidden: true, dataset: { item: item.id } });
  return {
    item,
    get root() {
      return card ? card.root : stub;
    },
    focus: () => card?.focus(),
    sync(state, shown, answers) {
      if (!card && !shown) return;
      if (!card) {
        card = itemCard(item, ctx);
        stub.replaceWith(card.root);
      }
      card.sync(state, shown, answers);
    },
  };
}
