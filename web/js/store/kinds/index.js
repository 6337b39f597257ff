// The one registry of the kinds of change the outbox carries. Each kind lives in its own module and says
// there how it shows before the server answers, how it is sent, what the server's answer changes and how a
// conflict with someone else's change is merged. A new kind of change is a new module and a line below.
//
// A kind is {
//   kind                            the records' `kind` (kept in IndexedDB across versions: never rename one)
//   make(...)                       a new record of this kind
//   apply(state, record)            what a waiting change does to its audit's view (state.js)
//   prepare(record, ctx)            the body to send (default: record.body)
//   file, send(record)              sent on its own as a file, with its progress shown, by send()
//   sent(record, data, ctx)         what the server's acknowledgement changes on the device
//   conflict(record, current, ctx)  a 409 with the server's current record: the attention to hold the record
//                                   with ({kind: 'conflict' | 'state' | 'refused', ...}), or null when merged
//   held(record, message)           the server refused it (the store shows it on the Changes screen)
//   discarded(record)               the person dropped it for good
//   restore(record, attention, state)  "use mine" after a lost merge: the record to send, or null
//   describe(record, state)         {text, spaceId?, itemId?}: what it is, in words, for the list of changes
// }
// ctx is what the store lends a kind: {base(auditId), saved(auditId), emit(event), queue(record), rewrite(key,
// fn), hasWaiting(key), holdWaiting(key, attention)}.
import answer from './answer.js';
import caption from './caption.js';
import comment from './comment.js';
import { auditKind } from './common.js';
import finding from './finding.js';
import move from './move.js';
import photo from './photo.js';
import plan from './plan.js';
import skip from './skip.js';
import transition from './transition.js';
import withdraw from './withdraw.js';

const KINDS = new Map([plan, answer, finding, withdraw, skip, transition, photo, caption, move, comment]
  .map((kind) => [kind.kind, kind]));

// A record of a kind this version does not know (left by another version of the app) is still sent as it is.
const UNKNOWN = auditKind({ kind: '' });

export function kindOf(record) {
  return KINDS.get(record.kind) || UNKNOWN;
}
