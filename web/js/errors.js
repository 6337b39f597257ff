// Words for an error: our own for what the server cannot say (network, retry time); the server's when it says
// something specific (which field, which state, what limit); else the reader's language's wording of its code.
import { ApiError } from './api.js';
import { has, t } from './i18n.js';
import serverDefaults from './messages/en/errors.js';

export function waitTime(seconds) {
  if (seconds < 60) return t('time.seconds', { count: Math.max(1, Math.ceil(seconds)) });
  return t('time.minutes', { count: Math.ceil(seconds / 60) });
}

/**
 * The text for an error the API answered with ({code, message, status}: an ApiError, or a held change's
 * attention). The English catalogue holds the server's default message of every code word for word, so a
 * message that is only that default is shown in the reader's language; any other message is kept.
 */
export function problemText({ code, message, status }) {
  const key = `errors.codes.${code}`;
  const generic = typeof serverDefaults[code] === 'string' && message === serverDefaults[code];
  if (message && !generic) return message;
  if (has(key)) return t(key);
  return message || t('errors.generic', { status });
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
  return problemText(error);
}
