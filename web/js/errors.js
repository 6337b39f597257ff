// Words for an error: our own for what the server cannot say (network, retry time), else the server's.
import { ApiError } from './api.js';
import { has, t } from './i18n.js';

export function waitTime(seconds) {
  if (seconds < 60) return t('time.seconds', { count: Math.max(1, Math.ceil(seconds)) });
  return t('time.minutes', { count: Math.ceil(seconds / 60) });
}

export function errorMessage(error) {
  if (!(error instanceof ApiError)) {
    // A bare `undefined` in the console says nothing: say that no error came, with a stack to the caller.
    console.error(error ?? new Error(`A failure was reported without any error (${error})`));
    return t('errors.unexpected');
  }
  if (error.code === 'network') return t('errors.network');
  if (error.code === 'rate_limited') {
    return error.retryAfter ? t('errors.rateLimitedFor', { time: waitTime(error.retryAfter) }) : t('errors.rateLimited');
  }
  if (error.message) return error.message;
  const key = `errors.codes.${error.code}`;
  return has(key) ? t(key) : t('errors.generic', { status: error.status });
}
