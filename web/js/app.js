// Start-up and routing: who is logged in, which screen the address names, and focus on route change.
import { askAllEarly, askEarly, auditAddress, setUnauthorizedHandler } from './api.js';
import { afterPaint, backgroundFree, firstScreenDrawn, h, replace, screenDrawn } from './dom.js';
import { chooseLocale, loadEveryScreen, onLanguageChange, t } from './i18n.js';
import { latest } from './latest.js';
import { announce } from './live.js';
import { go, parse } from './router.js';
import { session } from './session.js';
import { applyStaticText, loadStyles, renderShell, setUpMenu } from './shell.js';
import { mountSyncBar } from './sync/bar.js';
import { followProfile } from './ui/language.js';
import { registerServiceWorker } from './update.js';
import { notFound, offline } from './views/fallback.js';

// Screens are loaded when first opened: the first visit downloads only what its screen needs (the service
// worker keeps the rest for offline use in the background). `early(params)`: the first screen's data, asked
// for while its code loads (see fetchFirstScreen), ahead of that code on the connection.
const auditEarly = ({ id }) => askEarly(auditAddress(id, true));
const ROUTES = [
  { path: ['login'], view: () => import('./views/login.js'), public: true, name: 'login' },
  { path: ['invitation', ':token'], view: () => import('./views/invitation.js'), public: true },
  { path: [], view: () => import('./views/home.js') },
  { path: ['sync'], view: () => import('./views/sync.js') },
  { path: ['logout'], view: () => import('./views/logout.js') },
  { path: ['users'], view: () => import('./views/users.js'), verb: 'user.manage' },
  { path: ['users', ':id'], view: () => import('./views/user-detail.js'), verb: 'user.manage' },
  { path: ['spaces'], view: () => import('./views/spaces.js'), verb: 'site.read' },
  { path: ['spaces', ':id'], view: () => import('./views/space-detail.js'), verb: 'site.read' },
  { path: ['import'], view: () => import('./views/import.js'), verb: 'site.manage' },
  // Who may open one audit is also a matter of its team; the server answers 404 for anyone else.
  { path: ['audits'], view: () => import('./views/audits.js'), verb: ['audit.create', 'audit.read_all'] },
  { path: ['audits', 'new'], view: () => import('./views/audit-plan.js'), verb: 'audit.create' },
  { path: ['audits', ':id'], view: () => import('./views/audit.js'), verb: ['audit.create', 'audit.conduct', 'audit.read_all'], early: auditEarly },
  { path: ['audits', ':id', 'spaces', ':spaceId'], view: () => import('./views/walk.js'), verb: ['audit.create', 'audit.conduct', 'audit.read_all'], early: auditEarly },
  { path: ['findings'], view: () => import('./views/findings.js'), verb: 'finding.read_all' },
  // Who may see one finding is also a matter of their part in it; the server answers 404 for anyone else.
  { path: ['findings', ':id'], view: () => import('./views/finding.js'), verb: 'finding.read' },
  { path: ['my-items'], view: () => import('./views/my-items.js'), verb: 'finding.work', early: () => askAllEarly('/api/findings', { queue: 'mine' }) },
  { path: ['inbox'], view: () => import('./views/inbox.js'), verb: 'finding.read' },
  { path: ['community'], view: () => import('./views/community.js'), verb: 'community.read' },
  { path: ['community', ':id'], view: () => import('./views/community-report.js'), verb: 'community.read' },
  { path: ['dashboard'], view: () => import('./views/dashboard.js'), verb: 'report.read' },
  { path: ['schedules'], view: () => import('./views/schedules.js'), verb: 'schedule.read' },
  { path: ['schedules', ':id'], view: () => import('./views/schedule.js'), verb: 'schedule.manage' },
  { path: ['inventory'], view: () => import('./views/inventory.js'), verb: 'report.read' },
  { path: ['progress'], view: () => import('./views/progress.js'), verb: ['progress.manage', 'progress.publish'] },
  { path: ['audits', ':id', 'report'], view: () => import('./views/audit-report.js'), verb: ['audit.create', 'audit.conduct', 'audit.read_all'] },
];

/** A route's verb is one verb, or a list of which any one will do. */
function allowed(verb) {
  return !verb || [].concat(verb).some((one) => session.can(one));
}

function match(segments) {
  for (const route of ROUTES) {
    if (route.path.length !== segments.length) continue;
    const params = {};
    const ok = route.path.every((part, index) => {
      if (part.startsWith(':')) {
        params[part.slice(1)] = segments[index];
        return true;
      }
      return part === segments[index];
    });
    if (ok) return { route, params };
  }
  return null;
}

const main = () => document.getElementById('main');
let firstRender = true;
let firstScreenShown;
// Settled once the first screen shows what it loads (no "Loading…" line left, or another screen opened):
// background work such as the offline copy waits for it rather than competing for the connection with the
// screen's own data. A screen that never finishes loading holds it back for FIRST_SCREEN_MS at most.
const FIRST_SCREEN_MS = 10000;
const firstScreen = new Promise((resolve) => {
  firstScreenShown = resolve;
});

// Once it has been painted, not as soon as its content is put in: what starts before that paint (the offline
// copy's module and its reads) competes with it for the connection and the main thread.
function whenFirstScreenLoaded() {
  const loaded = () => !main().querySelector('.loading');
  if (loaded()) return afterPaint(firstScreenShown);
  const observer = new MutationObserver(() => {
    if (loaded()) afterPaint(firstScreenShown);
  });
  observer.observe(main(), { childList: true, subtree: true });
  setTimeout(firstScreenShown, FIRST_SCREEN_MS);
  return firstScreen.then(() => observer.disconnect());
}

function show(view, context) {
  const node = view.render(context);
  replace(main(), node);
  // Which route the main area shows, for tests (and styles) that must not mistake the previous screen for it.
  main().dataset.path = context.path;
  // On the first load the browser starts at the top of the page; afterwards focus the new heading so
  // keyboard and screen reader users land on what changed.
  if (!firstRender) {
    const heading = main().querySelector('h1');
    (heading || main()).focus();
    window.scrollTo(0, 0);
  }
  if (firstRender) {
    // Drawn with what it loads, not its "Loading…" line: the store waits for that (dom.js screenDrawn).
    whenFirstScreenLoaded();
    firstScreen.then(firstScreenDrawn);
  } else firstScreenShown();
  firstRender = false;
}

function setTitle(text) {
  document.title = text ? t('app.titleWith', { page: text }) : t('app.name');
}

const routing = latest();

// A screen's module is fetched on first use (from the service worker once installed). A later route change
// wins over a load still under way; a module that cannot be fetched (offline before the shell was kept)
// shows the offline screen rather than nothing.
async function showLoaded(target, context, current) {
  let view;
  try {
    view = await target.view();
  } catch (error) {
    console.warn('Could not load the screen', error);
    view = offline;
  }
  if (current()) show(view, context);
}

// The screens of someone logged in need the rest of the words and style sheets (the login screen's page has
// only its own): the first of them waits for them, once; meanwhile the screen on view stays.
let signedInParts = 'none'; // 'loading', 'ready'

function loadSignedInParts() {
  if (signedInParts !== 'none') return;
  signedInParts = 'loading';
  Promise.all([loadEveryScreen(), loadStyles()]).then(() => {
    signedInParts = 'ready';
    route();
  });
}

function route() {
  if (session.user && signedInParts !== 'ready') return loadSignedInParts();
  const current = routing();
  const { path, segments, query } = parse();
  if (!location.hash || location.hash === '#') {
    history.replaceState(history.state, '', '#/');
  }
  renderShell(path);
  const found = match(segments);
  const context = { params: found ? found.params : {}, query, path, setTitle, user: session.user };
  if (!found) return show(notFound, context);
  const { route: target } = found;

  if (target.name === 'login' && session.user) return go('/', {}, { replace: true });
  if (!target.public && !session.user) {
    if (session.offline) return show(offline, context);
    return go('/login', path === '/' ? {} : { next: path + (query.toString() ? `?${query}` : '') }, { replace: true });
  }
  if (!allowed(target.verb)) return show(notFound, { ...context, forbidden: true });
  return showLoaded(target, context, current);
}

function sessionEnded() {
  if (!session.user) return;
  session.forget();
  const { path, query } = parse();
  announce(t('login.reasons.expired'), { assertive: true });
  go('/login', { reason: 'expired', next: path + (query.toString() ? `?${query}` : '') }, { replace: true });
}

function skipToMain(event) {
  event.preventDefault();
  const heading = main().querySelector('h1');
  (heading || main()).focus();
}

// The offline copy is refreshed in the background; failing (no signal) is normal and changes nothing.
function keepForOffline() {
  if (!session.can('audit.conduct') && !session.can('finding.work')) return;
  import('./store/offline-copy.js').then(({ refreshOfflineCopy }) => refreshOfflineCopy()).catch(() => {});
}

// The device's store (the outbox, what is kept for offline use) is imported once someone is logged in, not
// with the shell: the login screen opens without it; and once the first screen is drawn (dom.js screenDrawn),
// which then sends what the outbox holds. A screen that needs the store (the walk) imports it itself. The offline copy (audits, findings and their photos)
// downloads after the first screen is drawn: on a slow connection it would otherwise hold back the screen the
// person opened.
function startWork() {
  screenDrawn.then(() => import('./store/store.js')).then(({ startStore }) => startStore());
  if (!session.offline) firstScreen.then(backgroundFree).then(keepForOffline);
}

// One short line that opens on demand to say what works offline (a phone's screen is for the work).
function offlineBanner() {
  const summary = h('summary', { class: 'banner__text' });
  const more = h('p', { class: 'banner__more' });
  const text = () => {
    summary.textContent = t('offline.short');
    more.textContent = t('offline.more');
  };
  text();
  document.getElementById('banners').append(h('details', { class: 'banner banner--offline' }, summary, more));
  onLanguageChange(text);
}

// The first screen's module is fetched while the language and the session are settled, not after them: one
// round trip less before anything is drawn. A screen for logged-in people only when someone probably is: the
// page's answer said so (Server-Timing "session", server/http/shell.py) or someone was last time (the page
// may come from the service worker). The login screen of a new visitor fetches nothing of theirs (a stale hint
// costs one unused fetch; the session itself still decides).
function probablySignedIn() {
  const [page] = performance.getEntriesByType('navigation');
  return Boolean(page && (page.serverTiming || []).some((entry) => entry.name === 'session')) || session.remembered();
}

function fetchFirstScreen() {
  const found = match(parse().segments);
  const signedIn = probablySignedIn();
  // Its data first, when the route names it (the screen's own request then takes that answer): asked for after
  // the screen's forty modules, it waited for them on HTTP/1.1's six connections.
  if (signedIn && found?.route.early) Promise.resolve(found.route.early(found.params)).catch(() => {});
  if (found && (found.route.public || signedIn)) found.route.view().catch(() => {});
  if (!signedIn) return;
  loadStyles();
  // The screen's own imports, all at once rather than level by level (server/http/view_graph.py).
  if (found) {
    import('./view-graph.js').then(({ default: graph }) => {
      for (const href of graph[found.route.path.join('/')] || []) {
        document.head.append(Object.assign(document.createElement('link'), { rel: 'modulepreload', href }));
      }
    }).catch(() => {}); // offline, or an older server: the screen's imports come level by level
  }
}

async function start() {
  fetchFirstScreen();
  await chooseLocale();
  applyStaticText();
  setUpMenu();
  const boot = document.getElementById('boot-message');
  if (boot) boot.textContent = t('common.loading');
  document.getElementById('skip-link').addEventListener('click', skipToMain);
  setUnauthorizedHandler(sessionEnded);
  registerServiceWorker();
  await session.restore();
  await followProfile();
  // Changes left in the outbox by an earlier visit are sent whichever screen the person opens first (or
  // as soon as they have logged in).
  const renderSyncBar = mountSyncBar(document.getElementById('sync-bar'));
  if (session.user) startWork();
  session.onChange((user) => {
    if (user) startWork();
  });
  // Another language: everything on screen is drawn again in it (a screen keeps no text of its own).
  onLanguageChange(() => {
    applyStaticText();
    renderSyncBar();
    route();
  });
  // Back online: refresh what is kept for offline use (the outbox itself listens for this too).
  window.addEventListener('online', () => {
    if (session.user) keepForOffline();
  });
  window.addEventListener('hashchange', route);
  route();
  if (session.offline && session.user) offlineBanner();
}

start();
