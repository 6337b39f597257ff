// Only the latest of a run of requests counts: the late answer to an earlier one (a search typed over, a
// filter changed again, a route left) must not overwrite what a later one shows.

/**
 * const ask = latest(); then for each request: const current = ask(); ... await ...; if (!current()) return;
 * current() is true while no later request has been asked for.
 */
export function latest() {
  let newest = 0;
  return () => {
    newest += 1;
    const mine = newest;
    return () => mine === newest;
  };
}
