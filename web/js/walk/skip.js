// "Skip this space" with a reason (locked, under renovation, no access, other + note), and undoing it.
// A skipped space counts as done and its items are not asked.
import { h } from '../dom.js';
import { label, t } from '../i18n.js';
import { announce } from '../live.js';
import { button, fill } from '../ui/components.js';
import { errorSummary, formErrors, radioGroup, textareaField } from '../ui/form.js';
import { LISTS } from '../vocabulary.js';
import { withStore } from './device.js';

const SKIP_REASONS = LISTS.skip_reasons;

export function skipSection({ auditId, space, readOnly }) {
  const body = h('div', {});
  const root = h('div', { class: 'skip' }, body);

  function idle(focus = false) {
    if (readOnly) return fill(body);
    const open = button(t('walk.skip.open'), { variant: 'secondary', 'aria-expanded': 'false' });
    open.addEventListener('click', () => form());
    fill(body, open);
    if (focus) open.focus();
  }

  function skipped(current, focus = false) {
    const reason = label('skip_reasons', current.reason);
    const heading = h('h2', { class: 'skip__title', tabindex: '-1', text: t('walk.skip.skippedTitle', { reason }) });
    const undo = readOnly ? null : button(t('walk.skip.undo'), {
      variant: 'secondary',
      onclick: () => {
        withStore(({ walk }) => walk.skipSpace(auditId, space.id, null));
        announce(t('walk.skip.undone'));
      },
    });
    fill(body, h('div', { class: 'notice' }, heading,
      current.note ? h('p', { text: current.note }) : null,
      h('p', { text: t('walk.skip.skippedText') }), undo));
    if (focus) heading.focus();
  }

  function form() {
    const fields = {
      'skipped.reason': radioGroup({
        name: 'reason', legend: t('walk.skip.reason'), options: SKIP_REASONS.map((r) => ({ value: r, label: label('skip_reasons', r) })),
      }),
      'skipped.note': textareaField({ name: 'skip-note', label: t('walk.skip.note'), hint: t('walk.skip.noteHint'), maxlength: '500' }),
    };
    const summary = errorSummary();
    const errors = formErrors(fields, summary);
    const heading = h('h2', { class: 'skip__title', tabindex: '-1', text: t('walk.skip.title') });
    const el = h('form', { class: 'skip__form', novalidate: true }, heading, summary,
      Object.values(fields).map((field) => field.wrapper),
      h('div', { class: 'actions' }, button(t('walk.skip.submit'), { type: 'submit' }),
        button(t('common.cancel'), { variant: 'secondary', onclick: () => idle(true) })));
    el.addEventListener('submit', (event) => {
      event.preventDefault();
      errors.clear();
      const reason = fields['skipped.reason'].value();
      const note = fields['skipped.note'].control.value.trim();
      if (!reason) return errors.fieldError('skipped.reason', t('walk.skip.reasonRequired'));
      if (reason === 'other' && !note) return errors.fieldError('skipped.note', t('walk.skip.noteRequired'));
      withStore(({ walk }) => walk.skipSpace(auditId, space.id, { reason, note }));
      announce(t('walk.skip.done', { reason: label('skip_reasons', reason) }));
    });
    fill(body, el);
    heading.focus();
  }

  return {
    root,
    /** Show the space's skip state (called after every change of the audit). */
    sync(current) {
      const state = current.skipped ? JSON.stringify(current.skipped) : '';
      if (state === root.dataset.state && body.childNodes.length) return;
      const before = root.dataset.state;
      root.dataset.state = state;
      if (current.skipped) skipped(current.skipped, before !== undefined);
      else idle(before !== undefined && before !== '');
    },
  };
}
