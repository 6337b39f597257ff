// Sending the head of the outbox (queue.js) and what each answer means for its record.
//
// - Acknowledged means a 2xx with the JSON the API answers. A captive portal's 200 page, or a proxy's, is not
//   an acknowledgement: the record stays and is tried again (api.js turns it into status 0).
// - A batch answered only in part (or not as the API answers) leaves the rest queued, tried, to be replayed
//   with the same operation ids.
//
// q: the outbox's {entries, hooks, send, run, finish, hold, settle}; each function resolves with 'done'
// (go on with the next), 'retry' (no connection: wait and try again) or 'pause' (the session ended).
import { ApiError } from '../api.js';

const BATCH_MAX = 100;

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
  for (const [index, entry] of group.entries()) {
    const result = results[index];
    if (!result || result.id !== entry.record.opId) return 'retry';
    const outcome = await settleAnswer(q, entry, result.status, result.body);
    if (outcome !== 'done') return outcome;
  }
  return 'done';
}

// The head of the queue and the JSON changes right behind it, up to the first file or a second change to
// one record (whose base_revision is known only once the first is answered).
function nextGroup(q) {
  const group = [];
  const keys = new Set();
  for (const entry of q.entries) {
    if (q.hooks.isFile(entry.record) || keys.has(entry.record.key) || group.length >= BATCH_MAX) break;
    keys.add(entry.record.key);
    group.push(entry);
  }
  return group;
}

/** Send what comes next: a group of JSON changes, or the file at the head of the queue. */
export async function sendNext(q) {
  const group = nextGroup(q);
  const head = group.length ? group : [q.entries[0]];
  await Promise.all(head.map((entry) => entry.saved));
  head.forEach((entry) => {
    entry.tried = true;
  });
  return head.length > 1 ? sendBatch(q, head) : sendOne(q, head[0]);
}
