// Campuses and their buildings with how many spaces each holds: what a walk will cover.
import { getAll } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { emptyState, fill, loadError, loading } from '../ui/components.js';

function campusBlock(campus, buildings) {
  return h('div', { class: 'campus' },
    h('h3', { class: 'campus__name', text: campus.name }),
    buildings.length
      ? h('ul', { class: 'building-list' }, buildings.map((building) =>
        h('li', {}, h('a', { class: 'building', href: `#/spaces?building=${encodeURIComponent(building.id)}` },
          h('span', { class: 'building__name' },
            h('span', { class: 'building__code', text: building.code }), ' ', building.name),
          h('span', { class: 'building__count', text: t('home.buildings.spaces', { count: building.space_count }) })))))
      : h('p', { class: 'muted', text: t('home.buildings.noBuildings') }));
}

export function buildingsSection() {
  const body = h('div', {}, loading());
  const section = h('section', { class: 'section', 'aria-labelledby': 'buildings-heading' },
    h('h2', { id: 'buildings-heading', text: t('home.buildings.title') }),
    h('p', { class: 'muted', text: t('home.buildings.intro') }),
    body);

  const load = async () => {
    try {
      const [campuses, buildings] = await Promise.all([getAll('/api/campuses'), getAll('/api/buildings')]);
      if (!campuses.length) {
        return fill(body, emptyState(t('home.buildings.emptyTitle'), t('home.buildings.emptyText')));
      }
      const byCampus = new Map(campuses.map((campus) => [campus.id, []]));
      for (const building of buildings) byCampus.get(building.campus.id)?.push(building);
      fill(body, campuses.map((campus) => campusBlock(campus, byCampus.get(campus.id))));
    } catch (error) {
      fill(body, loadError(error, load));
    }
  };
  load();
  return section;
}
