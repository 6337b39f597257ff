// The inline panel that adds a space; it stays open for the next one, as people add rooms in a row.
import { api } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { announce } from '../live.js';
import { button, fill, notice } from '../ui/components.js';
import { errorSummary, formErrors } from '../ui/form.js';
import { onSubmit } from '../ui/submit.js';
import { missing, readSpace, spaceFields } from './fields.js';

export function addSpacePanel({ places, onAdded, onClose }) {
  const panel = h('section', { class: 'panel', id: 'add-space', 'aria-labelledby': 'add-space-heading', hidden: true });

  const show = (defaults = {}) => {
    const fields = spaceFields({ places, space: defaults, withBuilding: true });
    const summary = errorSummary();
    const errors = formErrors(fields, summary);
    const done = h('div', {});
    const submit = button(t('spaces.add.submit'), { type: 'submit' });
    const form = h('form', { class: 'form form--grid', novalidate: true },
      summary, Object.values(fields).map((field) => field.wrapper),
      h('div', { class: 'actions form__full' }, submit, button(t('common.close'), { variant: 'secondary', onclick: onClose })),
      done);
    onSubmit(form, {
      button: submit, errors,
      read: () => {
        fill(done); // the space added before is no longer the news
        return readSpace(fields);
      },
      check: missing,
      send: (values) => api.post('/api/spaces', values),
      done: (space) => {
        const message = t('spaces.add.done', { name: space.name, room: space.room_number || '—' });
        fill(done, notice(h('span', {}, message, ' ',
          h('a', { href: `#/spaces/${encodeURIComponent(space.id)}`, text: t('spaces.add.open') })), 'success'));
        announce(message);
        // Ready for the next room in the same building and floor.
        fields.room_number.control.value = '';
        fields.name.control.value = '';
        fields.room_number.focus();
        onAdded(space);
      },
    });
    fill(panel, h('h2', { id: 'add-space-heading', text: t('spaces.add.title') }), form);
    return fields;
  };

  return {
    panel,
    open(defaults) {
      const fields = show(defaults);
      panel.hidden = false;
      (defaults.building_id ? fields.floor : fields.building_id).focus();
    },
    close() {
      panel.hidden = true;
      panel.replaceChildren();
    },
  };
}
