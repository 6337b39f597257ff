// The outbox acknowledges a batch of up to 100 changes in one go, and the store tells the screens of each
// one: a screen that redraws from the audit's whole view on every event did so 100 times a batch, which was
// most of a sync's time on the phone. Wrapped in coalesced(), a burst of events redraws once, right after it.

/** fn, called once after the current burst of calls (a microtask later), however many calls there were. */
export function coalesced(fn) {
  let queued = false;
  return () => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      fn();
    });
  };
}
