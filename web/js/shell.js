// The parts around every screen: who is logged in, log out, the main navigation, and the style sheet of the
// screens of someone logged in (at the end: one file, since the page loads both with the shell). On a phone the
// parts fold behind one "Menu" button (a disclosure: aria-expanded, Escape closes it and gives focus back to the
// button, choosing a screen or leaving the menu closes it); from 48rem they are always shown and the button is not.
import { h, replace } from './dom.js';
import { errorMessage } from './errors.js';
import { formatList, label, t } from './i18n.js';
import { announce } from './live.js';
import { go } from './router.js';
import { session } from './session.js';
import { languageSwitch } from './ui/language.js';

const NAV = [
  { path: '/', label: 'nav.home' },
  { path: '/audits', label: 'nav.audits', verb: ['audit.create', 'audit.read_all'] },
  { path: '/dashboard', label: 'nav.dashboard', verb: 'report.read' },
  { path: '/findings', label: 'nav.findings', verb: 'finding.read_all' },
  { path: '/community', label: 'nav.community', verb: 'community.read' },
  { path: '/schedules', label: 'nav.schedules', verb: 'schedule.read' },
  { path: '/my-items', label: 'nav.myItems', verb: 'finding.work' },
  { path: '/inbox', label: 'nav.inbox', verb: 'finding.read' },
  { path: '/spaces', label: 'nav.spaces', verb: 'site.read' },
  { path: '/users', label: 'nav.users', verb: 'user.manage' },
  { path: '/import', label: 'nav.import', verb: 'site.manage' },
  // Administrators reach it from their home (their menu is full); the committee, who publish to it, from here.
  { path: '/progress', label: 'nav.progress', verb: 'progress.publish' },
];

export function roleNames(roles) {
  return formatList(roles.map((role) => label('roles', role)));
}

/** Fill the static text of index.html from the catalogue. */
export function applyStaticText() {
  document.getElementById('skip-link').textContent = t('shell.skip');
  document.querySelector('#app-name span').textContent = t('app.name');
  document.getElementById('app-nav').setAttribute('aria-label', t('shell.navLabel'));
  document.querySelector('#menu-button .menu-button__text').textContent = t('shell.menu');
}

const header = () => document.querySelector('.app-header');
const menuButton = () => document.getElementById('menu-button');

function setMenu(open, { focusButton = false } = {}) {
  const button = menuButton();
  button.setAttribute('aria-expanded', String(open));
  header().classList.toggle('is-menu-open', open);
  if (focusButton) button.focus();
}

const menuOpen = () => menuButton().getAttribute('aria-expanded') === 'true';

/** The menu button's behaviour, set up once: it toggles; Escape, a tap outside, focus leaving or a link closes. */
export function setUpMenu() {
  const button = menuButton();
  button.addEventListener('click', () => setMenu(!menuOpen()));
  header().addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && menuOpen()) {
      event.preventDefault();
      setMenu(false, { focusButton: true });
    }
  });
  header().addEventListener('focusout', (event) => {
    if (menuOpen() && event.relatedTarget && !header().contains(event.relatedTarget)) setMenu(false);
  });
  document.addEventListener('click', (event) => {
    if (menuOpen() && !header().contains(event.target)) setMenu(false);
  });
  document.getElementById('app-nav').addEventListener('click', (event) => {
    if (event.target.closest('a')) setMenu(false);
  });
}

// The device's store (outbox, offline copy) is imported only by signed-in screens, never with the shell: the
// login screen opens without it. Logging out needs it, and by then it has long been loaded.
const store = () => import('./store/store.js');

/** Log out now. With nothing waiting to be sent, the offline copy goes too (a shared phone keeps nobody's work). */
export async function logOutNow() {
  const { syncStatus } = await store();
  await session.logout();
  const { pending, held } = syncStatus();
  if (!pending && !held) await (await import('./store/offline-copy.js')).forgetOfflineCopy();
  go('/login', { reason: 'logged-out' });
}

async function logOut(event) {
  const button = event.currentTarget;
  if (button.getAttribute('aria-disabled') === 'true') return;
  const { pending, held } = (await store()).syncStatus();
  if (pending || held) {
    go('/logout');
    return;
  }
  button.setAttribute('aria-disabled', 'true');
  try {
    await logOutNow();
  } catch (error) {
    announce(t('shell.logoutFailed', { reason: errorMessage(error) }), { assertive: true });
  } finally {
    button.removeAttribute('aria-disabled');
  }
}

export function renderShell(currentPath) {
  const account = document.getElementById('account');
  const nav = document.getElementById('app-nav');
  const user = session.user;
  setMenu(false);
  menuButton().hidden = !user;
  if (!user) {
    replace(account);
    replace(nav);
    nav.hidden = true;
    return;
  }
  replace(account,
    h('p', { class: 'account__who' },
      h('span', { class: 'visually-hidden', text: t('shell.loggedInAs') }),
      h('span', { class: 'account__name', text: user.name || user.email }),
      h('span', { class: 'account__roles', text: user.roles.length ? roleNames(user.roles) : t('roles.none') })),
    languageSwitch(),
    h('button', { type: 'button', class: 'btn btn--quiet account__logout', onclick: logOut, text: t('shell.logout') }));

  const section = `/${currentPath.split('/')[1] || ''}`;
  const links = NAV.filter((item) => !item.verb || [].concat(item.verb).some((verb) => session.can(verb))).map((item) =>
    h('li', {}, h('a', {
      href: `#${item.path}`,
      class: 'app-nav__link',
      'aria-current': item.path === section ? 'page' : null,
      text: t(item.label),
    })));
  replace(nav, h('ul', { class: 'app-nav__list' }, links));
  nav.hidden = false;
}

// The style sheet of the screens of someone logged in (findings, reports, community, schedules). index.html
// links only app.css, which is all the login screen needs, so a first visit neither downloads nor waits for
// these; the first screen of someone logged in waits for them instead (a page asked for with a session preloads
// them: server/http/shell.py reads this list), so nothing is drawn unstyled.
export const SIGNED_IN_STYLES = ['/css/signed-in.css'];

let loading = null;

/** Link the style sheets once; settles when each has loaded or failed (offline before it was kept). */
export function loadStyles() {
  loading ??= Promise.all(SIGNED_IN_STYLES.map((href) => new Promise((resolve) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    link.addEventListener('load', resolve);
    link.addEventListener('error', resolve);
    document.head.append(link);
  })));
  return loading;
}
