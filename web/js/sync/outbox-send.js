// Sending the outbox (web/js/store/queue.js): what goes next, and what each answer means for its record.
//
// - Two lanes run at once: JSON changes, one request at a time (a batch through POST /api/batch, which the
//   server applies in order), and files, two at a time (a photo's bytes are most of the wait, and the server
//   processes two at once on its two cores).
// - Order is kept where it matters, not everywhere: a record waits for every earlier record it depends on
//   (the same record, the finding a photo belongs to, a photo an answer or a move names, or anything of the
//   audit before its plan or submission: see dependsOn). Otherwise it may go ahead of earlier files, so a
//   finding queued between two photos goes in the next batch instead of alone after the photo.
// - JSON changes stay in the order they were made: a batch is the first waiting changes, up to one that must
//   wait for a file, a second change to one record (whose base_revision is known only once the first is
//   answered), one the server does not batch (a photo's caption), or the size limit.
// - Acknowledged means a 2xx with the JSON the API answers. A captive portal's 200 page, or a proxy's, is not
//   an acknowledgement: the record stays and is tried again (api.js turns it into status 0).
// - A batch answered only in part (or not as the API answers) leaves the rest queued, tried, to be replayed
//   with the same operation ids.
//
// q: the outbox's {entries, hooks, send, run, finish, hold, settle}; sendNext resolves with 'done' (go on),
// 'retry' (no connection: wait and try again) or 'pause' (the session ended) once one request has ended.
import { ApiError } from '../api.js';

const BATCH_MAX = 100; // the server takes up to 200 (server/api/batch.py)
const BATCH_CHARS = 192 * 1024; // under the server's 256 KB limit on a request body
const FILES_AT_ONCE = 2;
const LOOKAHEAD = 2000; // records looked at for what may go now (a longer queue waits its turn)
// The server batches writes to audits, answers and findings; a photo's caption goes alone.
const ALONE = /^\/api\/photos\//;

const retryable = (status, details) => status === 0 || status >= 500 || status === 429 || status === 401
  // The first copy of this operation is still running on the server: ask again shortly.
  || (status === 409 && details && details.field === 'Idempotency-Key');

const waitFor = (status) => (status === 401 ? 'pause' : 'retry');

/** What one answer means for its record. data: the JSON body (or an error's). */
async function settleAnswer(q, entry, status, data) {
  const { record } = entry;
  if (status >= 200 && status < 300) {
    await q.finish(entry, { status: 'sent', data }, () => q.hooks.sent(record, data));
    return 'done';
  }
  const details = (data && data.error) || {};
  if (retryable(status, details)) {
    q.settle(entry, { status: 'waiting' });
    return waitFor(status);
  }
  // Withdrawing what the server does not have ends in the state that was wanted.
  if (record.method === 'DELETE' && status === 404) {
    await q.finish(entry, { status: 'sent', data: null }, () => q.hooks.sent(record, null));
    return 'done';
  }
  const message = details.message || '';
  if (status === 409 && details.current) {
    const attention = q.hooks.conflict(record, details.current);
    if (attention) await q.hold(entry, { status, message, ...attention }, { status: 'held', data: details.current });
    else await q.finish(entry, { status: 'conflict', data: details.current }, () => {});
    return 'done';
  }
  const code = details.code || `http_${status}`;
  await q.hold(entry, { status, code, field: details.field ?? null, message },
    { status: 'held', error: new ApiError({ status, code, message, field: details.field ?? null, details }) });
  return 'done';
}

// Send one record on its own (a file, or a lone change): its answer, or an ApiError's status and body.
async function sendOne(q, entry) {
  const { record } = entry;
  const file = q.hooks.isFile(record);
  try {
    const data = await (file ? q.hooks.sendFile(record) : q.send(record.method, record.path, {
      json: q.hooks.prepare(record), headers: { 'Idempotency-Key': record.opId },
    }));
    if (file && q.run) q.run.filesDone += 1;
    return settleAnswer(q, entry, 200, data);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return settleAnswer(q, entry, error.status, { error: error.details });
  }
}

// Several JSON changes in one request; each result is settled in order.
async function sendBatch(q, group) {
  const operations = group.map(({ record }) => ({
    id: record.opId, method: record.method, path: record.path,
    ...(record.method === 'DELETE' ? {} : { body: q.hooks.prepare(record) }),
  }));
  let answer;
  try {
    answer = await q.send('POST', '/api/batch', { json: { operations } });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    // The batch as a whole was refused (it should not be): send the first change alone to learn why.
    return retryable(error.status, error.details) ? waitFor(error.status) : sendOne(q, group[0]);
  }
  const results = Array.isArray(answer && answer.results) ? answer.results : [];
  // Each result is settled in order (the store hears of them in order); their records are forgotten on the
  // device together rather than one after another (each is its own IndexedDB transaction). From the first
  // result that must be tried again (or is missing) on, the records stay queued.
  const settling = [];
  for (const [index, entry] of group.entries()) {
    const result = results[index];
    if (!result || result.id !== entry.record.opId) {
      settling.push(Promise.resolve('retry'));
      break;
    }
    settling.push(settleAnswer(q, entry, result.status, result.body));
    if (retryable(result.status, (result.body && result.body.error) || {})) break;
  }
  const outcomes = await Promise.all(settling);
  return outcomes.find((outcome) => outcome !== 'done') || 'done';
}

/** What a record names: itself, its finding, the photos its body lists (a finding's, a move's, a photo answer's). */
function refsOf(record) {
  const refs = [record.key, record.id, record.findingId];
  const body = record.body || {};
  for (const list of [body.photo_ids, body.answer]) {
    if (Array.isArray(list)) refs.push(...list.filter((id) => typeof id === 'string'));
  }
  return refs.filter(Boolean);
}

// Planning an audit and moving it on (submitting it) are about the whole audit: nothing of it overtakes them,
// and they overtake nothing of it.
const auditWide = (record) => Boolean(record.auditId) && record.id === record.auditId;

/** What is still unacknowledged before a record: the names and audits it must not overtake. */
function earlier() {
  return { refs: new Set(), audits: new Set(), wide: new Set() };
}

function blockedBy(before, record, refs) {
  return refs.some((ref) => before.refs.has(ref)) || (record.auditId && before.wide.has(record.auditId))
    || (auditWide(record) && before.audits.has(record.auditId));
}

function remember(before, record, refs) {
  refs.forEach((ref) => before.refs.add(ref));
  if (record.auditId) before.audits.add(record.auditId);
  if (auditWide(record)) before.wide.add(record.auditId);
}

const size = (record) => JSON.stringify(record.body || null).length + record.path.length + 100;

/**
 * What may go now: the next batch of JSON changes (when none is on its way) and files for the free file slots.
 * One pass from the head: `all` holds what every earlier unacknowledged record names, `files` what the earlier
 * files name (a JSON change waits only for files: the JSON changes before it go before it anyway).
 */
function choose(q) {
  const all = earlier();
  const files = earlier();
  const batch = [];
  const uploads = [];
  const keys = new Set();
  let chars = 0;
  let batchOpen = !q.flight.json;
  for (const entry of q.entries.slice(0, LOOKAHEAD)) {
    const { record } = entry;
    if (!q.hooks.canSend(record)) break; // another person's change: it and what follows wait for their login
    const refs = refsOf(record);
    if (q.hooks.isFile(record)) {
      if (!entry.sending && !blockedBy(all, record, refs) && q.flight.files + uploads.length < FILES_AT_ONCE) {
        uploads.push(entry);
      }
      remember(files, record, refs);
    } else if (batchOpen) {
      const alone = ALONE.test(record.path);
      const fits = !entry.sending && !blockedBy(files, record, refs) && !keys.has(record.key)
        && (!batch.length || (!alone && batch.length < BATCH_MAX && chars + size(record) <= BATCH_CHARS));
      if (fits) {
        batch.push(entry);
        keys.add(record.key);
        chars += size(record);
      }
      batchOpen = fits && !alone;
    }
    remember(all, record, refs);
  }
  return { batch, uploads };
}

// Send these entries with send(); when it ends, free its lane (ended()) before telling sendNext.
function launch(q, entries, send, ended) {
  entries.forEach((entry) => {
    entry.tried = true;
    entry.sending = true;
  });
  const task = Promise.all(entries.map((entry) => entry.saved))
    .then(() => send())
    .catch((error) => {
      console.error(error); // a bug, not the network: kept and tried again later
      return 'retry';
    })
    .then((outcome) => {
      entries.forEach((entry) => {
        entry.sending = false;
      });
      ended();
      q.flight.tasks.delete(task);
      q.flight.outcomes.push(outcome);
      q.flight.wake();
    });
  q.flight.tasks.add(task);
}

function startWhatMayGo(q) {
  const { batch, uploads } = choose(q);
  if (batch.length) {
    q.flight.json = true;
    launch(q, batch, () => (batch.length > 1 ? sendBatch(q, batch) : sendOne(q, batch[0])), () => {
      q.flight.json = false;
    });
  }
  for (const entry of uploads) {
    q.flight.files += 1;
    launch(q, [entry], () => sendOne(q, entry), () => {
      q.flight.files -= 1;
    });
  }
}

/**
 * Start what may go now, then wait until a request ends: 'pause' if any ended with the session, 'retry' if
 * any met no connection, else 'done'. Requests still on their way go on (the queue waits for them next time).
 */
export async function sendNext(q) {
  if (!q.flight) {
    q.flight = { json: false, files: 0, tasks: new Set(), outcomes: [], wake: () => {} };
  }
  q.flight.outcomes.length = 0; // what ended while the queue waited to retry has been settled already
  startWhatMayGo(q);
  if (!q.flight.tasks.size) return 'retry'; // nothing may go (it should not happen): wait rather than spin
  if (!q.flight.outcomes.length) {
    await new Promise((resolve) => {
      q.flight.wake = resolve;
    });
  }
  const outcomes = q.flight.outcomes.splice(0);
  if (outcomes.includes('pause')) return 'pause';
  return outcomes.includes('retry') ? 'retry' : 'done';
}
