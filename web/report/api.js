// Requests of the public pages: no cookie goes out (credentials: 'omit', even for someone logged in to the app
// on this phone), no referrer, nothing cached; answers come back in the page's language.
import { currentLocale, t } from './i18n.js';

export class ApiError extends Error {
  constructor(status, code, message, field = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

async function request(method, path, body, type) {
  const headers = { Accept: 'application/json', 'Accept-Language': currentLocale() };
  if (type) headers['Content-Type'] = type;
  let response;
  try {
    response = await fetch(path, {
      method, headers, body, credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer',
    });
  } catch {
    throw new ApiError(0, 'offline', t('offline'));
  }
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (data && data.error) || {};
    throw new ApiError(response.status, error.code || 'error', error.message || t('server'), error.field || null);
  }
  return data;
}

export function getJson(path) {
  return request('GET', path);
}

export function postJson(path, body) {
  return request('POST', path, JSON.stringify(body), 'application/json');
}

export function putBlob(path, blob) {
  return request('PUT', path, blob, blob.type || 'application/octet-stream');
}
