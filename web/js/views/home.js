// Home: the sections of each of the user's roles, each shown once. (The sections are in this one module, not one
// file each: every file is one more request before a phone on a slow connection draws the screen.)
import { api, getAll } from '../api.js';
import { auditCards, STATUS_ORDER } from '../audits/cards.js';
import { communityHomeSection } from '../community/summary.js';
import { h } from '../dom.js';
import { findingCards } from '../findings/common.js';
import { formatNumber, t } from '../i18n.js';
import { session } from '../session.js';
import { dueSection } from '../schedules/due-list.js';
import { roleNames } from '../shell.js';
import { freshnessLine } from '../sync/freshness.js';
import { emptyState, fill, linkButton, loadError, loading, pageHeading } from '../ui/components.js';

// Where an administrator's work starts: people, places, the import of places and the public progress page.
const TASKS = [
  { href: '#/users', key: 'users' },
  { href: '#/spaces', key: 'spaces' },
  { href: '#/import', key: 'import' },
  { href: '#/progress', key: 'progress' },
];

function adminSection() {
  return h('section', { class: 'section', 'aria-labelledby': 'admin-heading' },
    h('h2', { id: 'admin-heading', text: t('home.admin.title') }),
    h('ul', { class: 'tasks' }, TASKS.map((task) =>
      h('li', {}, h('a', { class: 'task', href: task.href },
        h('span', { class: 'task__title', text: t(`home.admin.${task.key}.title`) }),
        h('span', { class: 'task__text', text: t(`home.admin.${task.key}.text`) }))))));
}

// Campuses and their buildings with how many spaces each holds: what a walk will cover.
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

function buildingsSection() {
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

// The committee's findings at a glance: how many wait to be triaged, assigned and verified, each a link to
// its list.
const FIGURES = [
  ['triage', { queue: 'triage' }],
  ['assign', { status: 'accepted,reopened' }],
  ['verification', { queue: 'verification' }],
  ['overdue', { overdue: '1' }],
];

function findingsSection() {
  const body = h('div', {}, loading());
  const load = async () => {
    try {
      const counts = await Promise.all(FIGURES.map(([, query]) => api.get('/api/findings', { ...query, limit: 1 }).then((page) => page.total)));
      fill(body, h('dl', { class: 'figures' }, FIGURES.map(([key], index) => h('div', { class: 'figure' },
        h('dt', { class: 'figure__label' }, h('a', { href: key === 'overdue' ? '#/findings?queue=all&overdue=1' : `#/findings?queue=${key}`, text: t(`home.findings.${key}`) })),
        h('dd', { class: 'figure__value', text: formatNumber(counts[index]) })))));
    } catch (error) {
      fill(body, loadError(error, load));
    }
  };
  load();
  return h('section', { class: 'section', 'aria-labelledby': 'findings-heading' },
    h('h2', { id: 'findings-heading', text: t('home.findings.title') }), body,
    h('div', { class: 'actions' }, linkButton(t('home.findings.all'), '#/findings?queue=all')));
}

// Figures about the registry of places (and people, for administrators), read from the API.
async function total(path) {
  const page = await api.get(path, { limit: 1 });
  return page.total;
}

function overviewSection(user) {
  const isAdmin = user.verbs.includes('user.manage');
  const body = h('div', {}, loading());
  const section = h('section', { class: 'section', 'aria-labelledby': 'overview-heading' },
    h('h2', { id: 'overview-heading', text: t('home.overview.title') }), body);

  const load = async () => {
    try {
      const figures = [
        ['campuses', '/api/campuses', null],
        ['buildings', '/api/buildings', null],
        ['spaces', '/api/spaces', '#/spaces'],
      ];
      if (isAdmin) figures.push(['users', '/api/users', '#/users']);
      const counts = await Promise.all(figures.map(([, path]) => total(path)));
      fill(body, h('dl', { class: 'figures' }, figures.map(([key, , link], index) =>
        h('div', { class: 'figure' },
          h('dt', { class: 'figure__label' }, link ? h('a', { href: link, text: t(`home.overview.${key}`) }) : t(`home.overview.${key}`)),
          h('dd', { class: 'figure__value', text: formatNumber(counts[index]) })))));
    } catch (error) {
      fill(body, loadError(error, load));
    }
  };
  load();
  return section;
}

// Lists of a person's own work: the audits they plan and walk, and the findings assigned to them.
// The lists come through the device's store (kept for offline use), imported when they load: the page's
// headings are drawn without waiting for the store's thirty modules.
const listAudits = () => import('../store/load.js').then((load) => load.listAudits());
const listMine = () => import('../findings/work.js').then((work) => work.listMine());

// The home page shows the work at hand; submitted audits are one tap away on the Audits screen.
function current(audits) {
  return audits.filter((audit) => audit.status !== 'submitted')
    .sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status));
}

// While a list loads its place is kept at about one card's height (the usual few cards then move nothing much
// below them; see .list-slot in app.css).
function auditsSection() {
  const body = h('div', { class: 'list-slot' }, loading());
  const actions = h('div', { class: 'actions' },
    session.can('audit.create') ? linkButton(t('home.audits.plan'), '#/audits/new', { variant: 'primary' }) : null,
    linkButton(t('home.audits.all'), '#/audits'));
  const section = h('section', { class: 'section', 'aria-labelledby': 'audits-heading' },
    h('h2', { id: 'audits-heading', text: t('home.audits.title') }),
    session.can('audit.conduct') ? freshnessLine() : null, body, actions);

  const load = async () => {
    try {
      const open = current(await listAudits());
      fill(body, open.length ? auditCards(open) : emptyState(t('home.audits.emptyTitle'), t('home.audits.emptyText')));
    } catch (error) {
      fill(body, loadError(error, load));
    }
  };
  load();
  return section;
}

const HOME_ITEMS = 5;

function itemsSection() {
  const body = h('div', { class: 'list-slot' }, loading());
  const load = async () => {
    try {
      const { items } = await listMine();
      const first = items.slice(0, HOME_ITEMS);
      fill(body, items.length ? findingCards(first, { priority: true }) : emptyState(t('home.items.emptyTitle'), t('home.items.emptyText')),
        items.length > first.length ? h('p', { text: t('home.items.more', { count: items.length - first.length }) }) : null);
    } catch (error) {
      fill(body, loadError(error, load));
    }
  };
  load();
  return h('section', { class: 'section', 'aria-labelledby': 'items-heading' },
    h('h2', { id: 'items-heading', text: t('home.items.title') }), freshnessLine({ what: 'items' }), body,
    h('div', { class: 'actions' }, linkButton(t('home.items.all'), '#/my-items', { variant: 'primary' })));
}

export function render({ user, setTitle }) {
  setTitle(t('home.title'));
  const roles = new Set(user.roles);
  const sections = [];
  // The person's own work first, then figures, then administration.
  if (roles.has('auditor')) sections.push(auditsSection());
  if (roles.has('facilities')) sections.push(itemsSection());
  if (roles.has('admin') || roles.has('committee')) sections.push(findingsSection());
  if (session.can('schedule.read')) sections.push(dueSection());
  if (session.can('community.read')) sections.push(communityHomeSection());
  if (roles.has('admin') || roles.has('committee')) sections.push(overviewSection(user));
  if (roles.has('admin')) sections.push(adminSection());
  if (roles.has('auditor') || roles.has('facilities')) sections.push(buildingsSection());

  return h('div', { class: 'home' },
    pageHeading(t('home.greeting', { name: user.name || user.email })),
    h('p', { class: 'lead', text: roles.size ? t('home.roles', { roles: roleNames(user.roles), count: roles.size }) : t('home.noRoleLead') }),
    sections.length ? sections : emptyState(t('home.noRole.title'), t('home.noRole.text'), 2));
}
