// Who is logged in: GET /api/session ({user}, null when nobody is: no 401 for the console to report on the
// login screen), kept in memory and remembered so the app can open offline.
import { api, ApiError } from './api.js';

const KEY = 'spaces-audit.me';
let user = null;
let offline = false;
const listeners = new Set();

function remember(value) {
  user = value;
  try {
    if (value) localStorage.setItem(KEY, JSON.stringify(value));
    else localStorage.removeItem(KEY);
  } catch {
    // Storage can be unavailable (private mode, quota); the app still works online.
  }
  listeners.forEach((listener) => listener(user));
}

function recall() {
  try {
    return JSON.parse(localStorage.getItem(KEY) || 'null');
  } catch {
    return null;
  }
}

export const session = {
  get user() {
    return user;
  },
  /** True when the last check of the session could not reach the server. */
  get offline() {
    return offline;
  },
  can(verb) {
    return Boolean(user && user.verbs && user.verbs.includes(verb));
  },
  hasRole(role) {
    return Boolean(user && user.roles && user.roles.includes(role));
  },
  /** True when someone was logged in on this device last time (kept for offline use): a hint only. */
  remembered() {
    return Boolean(recall());
  },
  onChange(listener) {
    listeners.add(listener);
  },
  async restore() {
    try {
      await this.refresh();
    } catch (error) {
      if (error instanceof ApiError && (error.status === 0 || error.status >= 500)) {
        offline = true;
        user = recall();
        listeners.forEach((listener) => listener(user));
      } else {
        remember(null);
      }
    }
  },
  async refresh() {
    // A captive portal's 200 page is not the server saying nobody is logged in (api.js: no answer, status 0).
    const answer = await api.get('/api/session', null, { auth: false });
    // Not this server's answer (it always says who, or null): as good as no answer.
    if (!answer || !('user' in answer)) throw new ApiError({ status: 0, code: 'no_answer', message: 'No answer from the server.' });
    const me = answer.user;
    offline = false;
    remember(me);
    return me;
  },
  async login(email, password) {
    await api.post('/api/session', { email, password }, { auth: false });
    return this.refresh();
  },
  async logout() {
    try {
      await api.delete('/api/session', { auth: false });
    } catch (error) {
      // Already ended on the server is as good as logged out; a network failure is not.
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
    }
    remember(null);
  },
  /** Keep the person's language in their profile (emails and PDFs follow it too). */
  async saveLanguage(lang) {
    const me = await api.patch('/api/me', { lang });
    remember({ ...user, ...me });
    return me;
  },
  /** The server said the session is over (401 elsewhere): forget the user. */
  forget() {
    remember(null);
  },
};
