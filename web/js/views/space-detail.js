// One space: where it is and what kind; administrators edit it here.
import { api } from '../api.js';
import { spaceCommunitySection } from '../community/sites.js';
import { h } from '../dom.js';
import { formatDateTime, t } from '../i18n.js';
import { session } from '../session.js';
import { missing, readSpace, spaceFields } from '../spaces/fields.js';
import { buildingLabel, kindLabel, loadPlaces } from '../spaces/places.js';
import { backLink, button, details, fill, loadError, loading, pageHeading } from '../ui/components.js';
import { errorSummary, formErrors } from '../ui/form.js';
import { onSubmit, savedNotice } from '../ui/submit.js';

function summary(space, kinds) {
  return details([
    [t('spaces.columns.campus'), space.building.campus.name],
    [t('spaces.columns.building'), buildingLabel(space.building)],
    [t('spaces.columns.floor'), space.floor || '—'],
    [t('spaces.columns.room'), space.room_number || '—'],
    [t('spaces.columns.kind'), kindLabel(kinds, space.kind)],
    [t('spaces.columns.updated'), formatDateTime(space.updated_at)],
  ]);
}

function editForm(space, places, onSaved) {
  const fields = spaceFields({ places, space });
  const errorBox = errorSummary();
  const errors = formErrors(fields, errorBox);
  const saved = savedNotice(t('spaces.edit.saved'));
  const submit = button(t('spaces.edit.submit'), { type: 'submit' });
  const form = h('form', { class: 'form form--grid', novalidate: true },
    errorBox, Object.values(fields).map((field) => field.wrapper),
    h('div', { class: 'actions form__full' }, submit), saved.element);
  onSubmit(form, {
    button: submit, errors, saved,
    read: () => readSpace(fields),
    check: missing,
    send: (values) => api.patch(`/api/spaces/${encodeURIComponent(space.id)}`, values),
    done: onSaved,
  });
  return h('section', { class: 'section', 'aria-labelledby': 'edit-space-heading' },
    h('h2', { id: 'edit-space-heading', text: t('spaces.edit.title') }), form);
}

export function render({ params, setTitle }) {
  setTitle(t('spaces.detail.loading'));
  const back = (space) => backLink(t('spaces.detail.back'), space ? `#/spaces?building=${encodeURIComponent(space.building.id)}` : '#/spaces');
  const root = h('div', {}, back(), pageHeading(t('spaces.detail.loading')), loading());

  const load = async () => {
    try {
      const [space, places] = await Promise.all([api.get(`/api/spaces/${encodeURIComponent(params.id)}`), loadPlaces()]);
      setTitle(space.name);
      const facts = h('div', {}, summary(space, places.kinds));
      fill(root,
        back(space),
        pageHeading(space.name),
        facts,
        session.can('site.manage')
          ? editForm(space, places, (updated) => {
            root.querySelector('h1').textContent = updated.name;
            setTitle(updated.name);
            fill(facts, summary(updated, places.kinds));
          })
          : null,
        session.can('community.manage') ? spaceCommunitySection(space, places.buildings.find((b) => b.id === space.building.id)) : null);
    } catch (error) {
      fill(root, back(), pageHeading(t('spaces.detail.notLoaded')), loadError(error, load));
    }
  };
  load();
  return root;
}
