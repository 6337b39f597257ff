// The fields of a space, shared by "Add a space" and "Edit space".
import { t } from '../i18n.js';
import { selectField, textField } from '../ui/form.js';
import { buildingLabel } from './places.js';

/** places: {campuses, buildings, kinds}; space: current values; withBuilding: include the building choice. */
export function spaceFields({ places, space = {}, withBuilding = false }) {
  const fields = {};
  if (withBuilding) {
    const several = places.campuses.length > 1;
    fields.building_id = selectField({
      name: 'building_id', label: t('spaces.fields.building'), value: space.building_id || '',
      options: [{ value: '', label: t('spaces.fields.chooseBuilding') },
        ...places.buildings.map((b) => ({ value: b.id, label: buildingLabel(b, several) }))],
    });
  }
  fields.floor = textField({ name: 'floor', label: t('spaces.fields.floor'), hint: t('spaces.fields.floorHint'), value: space.floor || '', autocomplete: 'off', class: 'input--short' });
  fields.room_number = textField({ name: 'room_number', label: t('spaces.fields.room'), hint: t('spaces.fields.roomHint'), value: space.room_number || '', autocomplete: 'off', class: 'input--short' });
  fields.name = textField({ name: 'name', label: t('spaces.fields.name'), value: space.name || '', autocomplete: 'off', required: true });
  fields.kind = selectField({
    name: 'kind', label: t('spaces.fields.kind'), value: space.kind || '',
    options: [{ value: '', label: t('spaces.fields.chooseKind') }, ...places.kinds.map((k) => ({ value: k.id, label: k.label }))],
  });
  return fields;
}

export function readSpace(fields) {
  const values = {};
  for (const [key, field] of Object.entries(fields)) values[key] = field.control.value.trim();
  return values;
}

/** Our own checks before asking the server: what is required is there. Returns [field, message] or null. */
export function missing(values) {
  if ('building_id' in values && !values.building_id) return ['building_id', t('spaces.fields.buildingRequired')];
  if (!values.name) return ['name', t('spaces.fields.nameRequired')];
  if (!values.kind) return ['kind', t('spaces.fields.kindRequired')];
  return null;
}
