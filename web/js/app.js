// Start-up and routing: who is logged in, which screen the address names, and focus on route change.
import { setUnauthorizedHandler } from './api.js';
import { h, replace } from './dom.js';
import { chooseLocale, t } from './i18n.js';
import { announce } from './live.js';
import { go, parse } from './router.js';
import { session } from './session.js';
import { applyStaticText, renderShell } from './shell.js';
import { startStore } from './store/store.js';
import { registerServiceWorker } from './update.js';
import * as audit from './views/audit.js';
import * as auditPlan from './views/audit-plan.js';
import * as audits from './views/audits.js';
import * as home from './views/home.js';
import * as importView from './views/import.js';
import * as invitation from './views/invitation.js';
import * as login from './views/login.js';
import * as notFound from './views/not-found.js';
import * as offline from './views/offline.js';
import * as spaceDetail from './views/space-detail.js';
import * as spaces from './views/spaces.js';
import * as userDetail from './views/user-detail.js';
import * as users from './views/users.js';
import * as walk from './views/walk.js';

const ROUTES = [
  { path: ['login'], view: login, public: true },
  { path: ['invitation', ':token'], view: invitation, public: true },
  { path: [], view: home },
  { path: ['users'], view: users, verb: 'user.manage' },
  { path: ['users', ':id'], view: userDetail, verb: 'user.manage' },
  { path: ['spaces'], view: spaces, verb: 'site.read' },
  { path: ['spaces', ':id'], view: spaceDetail, verb: 'site.read' },
  { path: ['import'], view: importView, verb: 'site.manage' },
  // Who may open one audit is also a matter of its team; the server answers 404 for anyone else.
  { path: ['audits'], view: audits, verb: ['audit.create', 'audit.read_all'] },
  { path: ['audits', 'new'], view: auditPlan, verb: 'audit.create' },
  { path: ['audits', ':id'], view: audit, verb: ['audit.create', 'audit.conduct', 'audit.read_all'] },
  { path: ['audits', ':id', 'spaces', ':spaceId'], view: walk, verb: ['audit.create', 'audit.conduct', 'audit.read_all'] },
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

function show(view, context) {
  const node = view.render(context);
  replace(main(), node);
  // On the first load the browser starts at the top of the page; afterwards focus the new heading so
  // keyboard and screen reader users land on what changed.
  if (!firstRender) {
    const heading = main().querySelector('h1');
    (heading || main()).focus();
    window.scrollTo(0, 0);
  }
  firstRender = false;
}

function setTitle(text) {
  document.title = text ? t('app.titleWith', { page: text }) : t('app.name');
}

function route() {
  const { path, segments, query } = parse();
  if (!location.hash || location.hash === '#') {
    history.replaceState(history.state, '', '#/');
  }
  renderShell(path);
  const found = match(segments);
  const context = { params: found ? found.params : {}, query, path, setTitle, user: session.user };
  if (!found) return show(notFound, context);
  const { route: target } = found;

  if (target.view === login && session.user) return go('/', {}, { replace: true });
  if (!target.public && !session.user) {
    if (session.offline) return show(offline, context);
    return go('/login', path === '/' ? {} : { next: path + (query.toString() ? `?${query}` : '') }, { replace: true });
  }
  if (!allowed(target.verb)) return show(notFound, { ...context, forbidden: true });
  return show(target.view, context);
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

async function start() {
  chooseLocale();
  applyStaticText();
  const boot = document.getElementById('boot-message');
  if (boot) boot.textContent = t('common.loading');
  document.getElementById('skip-link').addEventListener('click', skipToMain);
  setUnauthorizedHandler(sessionEnded);
  registerServiceWorker();
  await session.restore();
  // Changes left in the outbox by an earlier visit are sent whichever screen the person opens first (or
  // as soon as they have logged in).
  if (session.user) startStore();
  session.onChange((user) => {
    if (user) startStore();
  });
  window.addEventListener('hashchange', route);
  route();
  if (session.offline && session.user) {
    document.getElementById('banners').append(
      h('div', { class: 'banner banner--offline' }, h('p', { class: 'banner__text', text: t('offline.banner') })));
  }
}

start();
