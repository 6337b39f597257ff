// Spaces: choose a campus and building, search by room number or name; administrators add spaces.
import { api } from '../api.js';
import { communitySettings } from '../community/sites.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { announce } from '../live.js';
import { updateQuery } from '../router.js';
import { session } from '../session.js';
import { addSpacePanel } from '../spaces/add.js';
import { coveragePanel } from '../spaces/coverage.js';
import { buildingLabel, loadPlaces } from '../spaces/places.js';
import { spacesTable } from '../spaces/table.js';
import { button, emptyState, fill, linkButton, loadError, loading, notice, pageHeading } from '../ui/components.js';
import { selectField, setOptions, textField } from '../ui/form.js';
import { pagedList } from '../ui/paged-list.js';

const PAGE = 50;

function listView(root, places, query) {
  const several = places.campuses.length > 1;
  const campus = selectField({
    name: 'campus', label: t('spaces.filters.campus'), value: query.get('campus') || '',
    options: [{ value: '', label: t('spaces.filters.anyCampus') }, ...places.campuses.map((c) => ({ value: c.id, label: c.name }))],
  });
  const building = selectField({ name: 'building', label: t('spaces.filters.building'), options: [] });
  const search = textField({ name: 'q', label: t('spaces.filters.search'), hint: t('spaces.filters.searchHint'), type: 'search', value: query.get('q') || '', autocomplete: 'off' });

  const buildingOptions = () => {
    const inCampus = places.buildings.filter((b) => !campus.control.value || b.campus.id === campus.control.value);
    setOptions(building.control, [
      { value: '', label: campus.control.value ? t('spaces.filters.chooseBuilding') : t('spaces.filters.anyBuilding') },
      ...inCampus.map((b) => ({ value: b.id, label: buildingLabel(b) })),
    ], building.control.value || query.get('building') || '');
  };
  // A building chosen in the address (e.g. from the home page) picks its campus too.
  const preset = places.buildings.find((b) => b.id === query.get('building'));
  if (preset && several) campus.control.value = preset.campus.id;
  buildingOptions();

  const filters = h('form', { class: 'filters', role: 'search', 'aria-label': t('spaces.filters.label') },
    several ? campus.wrapper : null, building.wrapper, search.wrapper);
  // Administrators turn community reports on for the campus and building chosen above, and print posters.
  const community = session.can('community.manage') ? communitySettings({ places, open: query.get('community') === '1' }) : null;
  let shown = {};
  // Whether the panel is open is kept in the address too, so a reload (or a shared link) opens it again.
  community?.panel.addEventListener('toggle', () => updateQuery('/spaces', { ...shown, community: community.panel.open ? '1' : '' }));
  const count = h('p', { class: 'result-count' });
  const results = h('div', {}, loading());
  const more = h('div', { class: 'actions' });
  // A chosen building is the building's page: below its spaces, when each was last audited.
  const coverage = h('div', {});
  let coveredBuilding = null;
  const showCoverage = (buildingId) => {
    if (buildingId === coveredBuilding) return;
    coveredBuilding = buildingId;
    if (!buildingId) return coverage.replaceChildren();
    const panel = coveragePanel(buildingId);
    coverage.replaceChildren(panel.node);
    return panel.load();
  };
  const { load } = pagedList({
    results, more,
    before: () => {
      shown = { campus: several ? campus.control.value : '', building: building.control.value, q: search.control.value.trim() };
      updateQuery('/spaces', { ...shown, community: community && community.panel.open ? '1' : '' });
      if (community) community.show(shown.campus, shown.building);
      showCoverage(shown.building);
      if (!shown.campus || shown.building) return true;
      // The API filters spaces by building; a whole campus is chosen building by building.
      count.textContent = '';
      more.replaceChildren();
      fill(results, notice(t('spaces.chooseBuildingFirst'), 'info'));
      return false;
    },
    fetchPage: (offset) => api.get('/api/spaces', { building_id: shown.building, q: shown.q, limit: PAGE, offset }),
    show: (items, page, { announceCount }) => {
      const text = t('spaces.count', { count: page.total });
      count.textContent = text;
      if (announceCount) announce(text);
      fill(results, items.length
        ? spacesTable(items, { kinds: places.kinds, showBuilding: !shown.building })
        // Straight under the page's h1 (the filters have no heading of their own): an h2, not an h3.
        : emptyState(t(shown.q ? 'spaces.noMatchTitle' : 'spaces.emptyTitle'), t(shown.q ? 'spaces.noMatchText' : 'spaces.emptyText'), 2));
    },
  });

  let timer = null;
  campus.control.addEventListener('change', () => {
    building.control.value = '';
    buildingOptions();
    load({ announceCount: true });
  });
  building.control.addEventListener('change', () => load({ announceCount: true }));
  search.control.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => load({ announceCount: true }), 300);
  });
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    load({ announceCount: true });
  });

  let addButton = null;
  let adder = null;
  if (session.can('site.manage')) {
    addButton = button(t('spaces.add.open_panel'), { 'aria-expanded': 'false', 'aria-controls': 'add-space' });
    adder = addSpacePanel({
      places,
      onAdded: () => load(),
      onClose: () => {
        adder.close();
        addButton.setAttribute('aria-expanded', 'false');
        addButton.focus();
      },
    });
    addButton.addEventListener('click', () => {
      if (addButton.getAttribute('aria-expanded') === 'true') return adder.panel.querySelector('select, input')?.focus();
      addButton.setAttribute('aria-expanded', 'true');
      adder.open({ building_id: building.control.value });
    });
  }

  // Administrators reach the import from here too, not only from the menu: it is where a registry starts.
  const importLink = session.can('site.manage') ? linkButton(t('spaces.importLink'), '#/import') : null;
  fill(root,
    h('div', { class: 'page-head' }, pageHeading(t('spaces.title')),
      addButton ? h('div', { class: 'actions page-head__actions' }, addButton, importLink) : null),
    adder ? adder.panel : null,
    places.buildings.length ? null : notice(t('spaces.noBuildings'), 'info'),
    filters, community ? community.panel : null, count, results, more, coverage);
  load();
}

export function render({ query, setTitle }) {
  setTitle(t('spaces.title'));
  const root = h('div', {}, pageHeading(t('spaces.title')), loading());
  const start = async () => {
    try {
      listView(root, await loadPlaces(), query);
    } catch (error) {
      fill(root, pageHeading(t('spaces.title')), loadError(error, start));
    }
  };
  start();
  return root;
}
