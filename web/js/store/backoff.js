// How long the outbox waits before trying again after the server could not be reached: 2 s, 4 s, 8 s ...
// doubling with each failure in a row, at most 5 minutes, plus up to half a second of jitter so a room full
// of phones coming back online does not retry in step.

export const MAX_DELAY_MS = 5 * 60 * 1000;
const JITTER_MS = 500;

/** The wait in ms after `failures` failed attempts in a row (1 for the first); random() gives the jitter. */
export function retryDelay(failures, random = Math.random) {
  return Math.min(MAX_DELAY_MS, 1000 * 2 ** failures) + random() * JITTER_MS;
}
