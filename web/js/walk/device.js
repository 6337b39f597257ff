// The device's store (the outbox, the photos kept on this phone, the kinds of change: about thirty modules), as
// the walk and the photo tiles reach it. The walk draws a space from its audit as the server sent it while
// these modules are still on their way: fetched with the walk's own, they held the first card back by most of a
// second on a phone's connection. Every use of the store by those parts goes through here.
//
// Until the store has arrived the walk keeps its controls disabled (views/walk.js): an answer given in that
// moment would have nowhere to go, and a phone that lost its signal then (before the service worker controls
// the page) could not fetch the store at all: the person is told so and nothing they entered is lost.
import { afterPaint, backgroundFree } from '../dom.js';

let asked = null;
let loaded = null;

/**
 * Resolves with the store's modules: {walk, audits, load, photos, outbox, core, redact}. Fetched once, after the
 * screen on view has been painted (asked for while it is drawn, they would hold its paint back).
 */
export function whenStore() {
  asked ??= new Promise((painted) => afterPaint(painted)).then(backgroundFree).then(() => Promise.all([
    import('../store/walk.js'), import('../store/audits.js'), import('../store/load.js'), import('../store/photos.js'),
    import('../store/outbox.js'), import('../store/store.js'), import('./redact.js'),
  ])).then(([walk, audits, load, photos, outbox, core, redact]) => {
    loaded = { walk, audits, load, photos, outbox, core, redact };
    return loaded;
  });
  return asked;
}

/** The store's modules once they have arrived, else null. */
export const store = () => loaded;

/** fn(modules) now when the store is here (its result as is), else once it arrives (a promise of it). */
export function withStore(fn) {
  return loaded ? fn(loaded) : whenStore().then(fn);
}
