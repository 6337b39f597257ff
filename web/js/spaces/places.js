// Campuses, buildings and the kinds of space: the lists the spaces screens choose from.
import { api, getAll } from '../api.js';
import { has, t } from '../i18n.js';

export async function loadPlaces() {
  const [campuses, buildings, kinds] = await Promise.all([
    getAll('/api/campuses'), getAll('/api/buildings'), api.get('/api/space-kinds'),
  ]);
  // Kind names come from the message catalogue, so they follow the app's language; the server's English
  // label is the fallback for a kind added on the server before the catalogue knows it.
  const named = kinds.items.map((kind) => ({ ...kind, label: has(`spaces.kinds.${kind.id}`) ? t(`spaces.kinds.${kind.id}`) : kind.label }));
  return { campuses, buildings, kinds: named };
}

export function buildingLabel(building, withCampus = false) {
  const label = t('spaces.buildingLabel', { code: building.code, name: building.name });
  return withCampus ? t('spaces.buildingWithCampus', { building: label, campus: building.campus.name }) : label;
}

export function kindLabel(kinds, id) {
  return kinds.find((kind) => kind.id === id)?.label || id;
}
