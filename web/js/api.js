// The one door to the JSON API: same-origin JSON requests, and errors turned into ApiError.
import { t } from './i18n.js';

export class ApiError extends Error {
  constructor({ status, code, message, field = null, retryAfter = null, line = null, problems = [], details = {} }) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryAfter = retryAfter;
    this.line = line;
    this.problems = problems;
    // The whole error object as the server sent it: some codes carry more (409 `current`, 422 `unanswered`).
    this.details = details;
  }
}

let onUnauthorized = () => {};

/** Called with the error when an authenticated request answers 401 (the session ended). */
export function setUnauthorizedHandler(handler) {
  onUnauthorized = handler;
}

function buildUrl(path, query) {
  const url = new URL(path, location.origin);
  for (const [key, value] of Object.entries(query || {})) {
    if (value === undefined || value === null || value === '') continue;
    url.searchParams.set(key, String(value));
  }
  return url.pathname + url.search;
}

async function readBody(response) {
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  if (!type.includes('json')) return null;
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/**
 * request('GET', '/api/spaces', {query: {q}}) -> parsed JSON.
 * Options: query, json (a body to send as JSON), body + contentType (sent as is), headers, auth (default
 * true: a 401 means the session ended and the app goes to the login screen), ack (default true: a 2xx counts
 * only with a JSON body or 204; a captive portal's or proxy's 200 page is "no answer", status 0, like a
 * network error, so nothing takes it for the server's word).
 */
export async function request(method, path, { query, json, body, contentType, headers: extra, auth = true, ack = true } = {}) {
  const headers = { Accept: 'application/json', ...extra };
  let payload = body;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(json);
  } else if (contentType) {
    headers['Content-Type'] = contentType;
  }
  let response;
  try {
    response = await fetch(buildUrl(path, query), {
      method,
      headers,
      body: payload,
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError({ status: 0, code: 'network', message: t('errors.network') });
  }
  const data = await readBody(response);
  if (response.ok) {
    if (ack && response.status !== 204 && (data === null || typeof data !== 'object')) throw notAnAnswer();
    return data;
  }
  // A login page or other HTML in the way (a captive portal's 401/403/500) is no answer from the API either.
  if (ack && data === null) throw notAnAnswer();

  const error = (data && data.error) || {};
  const header = Number(response.headers.get('Retry-After'));
  const failure = new ApiError({
    status: response.status,
    code: error.code || `http_${response.status}`,
    message: error.message || '',
    field: error.field ?? null,
    retryAfter: error.retry_after ?? (Number.isFinite(header) && header > 0 ? header : null),
    line: error.line ?? null,
    problems: Array.isArray(error.problems) ? error.problems : [],
    details: error,
  });
  if (response.status === 401 && auth) onUnauthorized(failure);
  throw failure;
}

function notAnAnswer() {
  return new ApiError({ status: 0, code: 'no_answer', message: t('errors.network') });
}

// The first screen's data asked for while the screen's code is still on its way (app.js, fetchFirstScreen):
// the screen's own request for the same address takes that answer, once, instead of asking again.
const early = new Map();

/** Ask for a GET now; the next api.get of this address (and query) gets its answer. */
export function askEarly(path, query) {
  const url = buildUrl(path, query);
  if (early.has(url)) return;
  // A 401 goes to the unauthorized handler when it is taken, as the screen's own request would.
  const answer = request('GET', path, { query, auth: false });
  answer.catch(() => {});
  early.set(url, answer);
}

function takeEarly(path, query, { auth = true } = {}) {
  const url = buildUrl(path, query);
  const answer = early.get(url);
  if (!answer) return null;
  early.delete(url);
  return answer.catch((error) => {
    if (error.status === 401 && auth) onUnauthorized(error);
    throw error;
  });
}

export const api = {
  get: (path, query, options = {}) => takeEarly(path, query, options) || request('GET', path, { ...options, query }),
  post: (path, json, options = {}) => request('POST', path, { ...options, json }),
  patch: (path, json, options = {}) => request('PATCH', path, { ...options, json }),
  delete: (path, options = {}) => request('DELETE', path, options),
  /** Send a file as the raw request body. */
  upload: (path, file, query, contentType = 'text/csv') =>
    request('POST', path, { query, body: file, contentType }),
};

/**
 * Send a Blob as the raw body with XMLHttpRequest, so upload progress is known: onProgress(loaded, total).
 * Resolves with the JSON answer of a 2xx; anything else rejects with an ApiError like request() (a 2xx
 * without JSON counts as no answer: status 0, tried again later).
 */
export function sendBlob(method, path, blob, { query, contentType = 'application/octet-stream', headers = {}, onProgress } = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, buildUrl(path, query));
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', contentType);
    Object.entries(headers).forEach(([name, value]) => xhr.setRequestHeader(name, value));
    xhr.withCredentials = true;
    if (onProgress) xhr.upload.addEventListener('progress', (event) => onProgress(event.loaded, event.lengthComputable ? event.total : blob.size));
    const network = () => reject(new ApiError({ status: 0, code: 'network', message: t('errors.network') }));
    xhr.addEventListener('error', network);
    xhr.addEventListener('abort', network);
    xhr.addEventListener('timeout', network);
    xhr.addEventListener('load', () => {
      let data = null;
      try {
        data = (xhr.getResponseHeader('Content-Type') || '').includes('json') ? JSON.parse(xhr.responseText) : null;
      } catch {
        data = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        if (data && typeof data === 'object') resolve(data);
        else network();
        return;
      }
      if (!data) {
        network(); // not the API answering (a captive portal, a proxy's error page): try again later
        return;
      }
      const error = data.error || {};
      const failure = new ApiError({
        status: xhr.status, code: error.code || `http_${xhr.status}`, message: error.message || '',
        field: error.field ?? null, retryAfter: error.retry_after ?? null, details: error,
      });
      if (xhr.status === 401) onUnauthorized(failure);
      reject(failure);
    });
    xhr.send(blob);
  });
}

/** An audit on the server, with its checklist when the screen needs both (the walk, the audit screen). Here, in
 * the shell, so app.js asks for a first screen's audit as soon as it starts, ahead of the screen's modules. */
export const auditAddress = (id, withChecklist) => `/api/audits/${encodeURIComponent(id)}${withChecklist ? '?with=checklist' : ''}`;

/** Ask early (see askEarly) for the first page getAll() asks for. */
export function askAllEarly(path, query = {}) {
  askEarly(path, { ...query, limit: 200, offset: 0 });
}

/** Every item of a list endpoint, a page of 200 at a time (the server's maximum). */
export async function getAll(path, query = {}, { max = 5000 } = {}) {
  // A list that links its pages (next_cursor: the findings) is followed link by link; others by offset.
  const items = [];
  let cursor = null;
  for (let offset = 0; offset < max; offset += 200) {
    const page = await api.get(path, { ...query, limit: 200, ...(cursor ? { cursor } : { offset }) });
    items.push(...page.items);
    cursor = page.next_cursor;
    if (items.length >= page.total || page.items.length === 0 || cursor === null) break;
  }
  return items;
}
