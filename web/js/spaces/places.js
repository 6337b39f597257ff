// Campuses, buildings and the kinds of space: the lists the spaces screens choose from.
import { api, getAll } from '../api.js';
import { label, t } from '../i18n.js';

export async function loadPlaces() {
  const [campuses, buildings, kinds] = await Promise.all([
    getAll('/api/campuses'), getAll('/api/buildings'), api.get('/api/space-kinds'),
  ]);
  // Kind names come from the vocabulary, so they follow the app's language; the server's English label is
  // the fallback for a kind added on the server after this copy of the app was made.
  const named = kinds.items.map((kind) => ({ ...kind, label: label('space_kinds', kind.id, kind.label) }));
  return { campuses, buildings, kinds: named };
}

export function buildingLabel(building, withCampus = false) {
  const label = t('spaces.buildingLabel', { code: building.code, name: building.name });
  return withCampus ? t('spaces.buildingWithCampus', { building: label, campus: building.campus.name }) : label;
}

export function kindLabel(kinds, id) {
  return kinds.find((kind) => kind.id === id)?.label || id;
}
