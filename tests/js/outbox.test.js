// The outbox (web/js/store/queue.js, sending in web/js/sync/outbox-send.js) on the browser's real IndexedDB, with a fake server as its network.
import { db, STORES } from '/js/store/db.js';
import { createOutbox } from '/js/store/queue.js';
import { assert, test, until } from './assert.js';
import { fakeServer, manualTimers } from './fakes.js';

const storage = {
  getAll: () => db.getAll(STORES.outbox),
  put: (record) => db.put(STORES.outbox, record),
  delete: (seq) => db.delete(STORES.outbox, seq),
};

/** The keys of the records kept on the device. */
const stored = async () => (await db.getAll(STORES.outbox)).sort((a, b) => a.seq - b.seq).map((record) => record.key);

const thing = (name, body = {}) => ({
  kind: 'thing', key: `thing:${name}`, method: 'PUT', path: `/api/things/${name}`, body: { name, ...body },
});
const photo = (name) => ({ kind: 'photo', key: `photo:${name}`, method: 'PUT', path: `/api/photos/${name}` });

/** A started outbox over an empty store; events: what its hooks were told. */
async function fresh({ server = fakeServer(), keepStored = false, conflict = () => null } = {}) {
  if (!keepStored) await db.clear(STORES.outbox);
  const timers = manualTimers();
  const events = { sent: [], held: [], conflicts: [] };
  const box = createOutbox({ storage, send: server.send, timers });
  await box.start({
    canSend: () => true,
    isFile: (record) => record.kind === 'photo',
    sendFile: (record) => server.upload(record),
    prepare: (record) => record.body,
    sent: (record, data) => events.sent.push({ key: record.key, data }),
    conflict: (record, current) => {
      events.conflicts.push({ key: record.key, current });
      return conflict(record, current);
    },
    held: (record) => events.held.push(record),
    waitingForNetwork: () => {},
  });
  return { box, server, timers, events };
}

/** Queue these records while the connection is down, then let them go with the server holding its answers. */
async function queuedOffline({ box, server, timers }, records) {
  server.next.push(...records.map(() => 'offline'));
  const outcomes = await Promise.all(records.map((record) => box.enqueue(record)));
  assert.ok(outcomes.every((outcome) => outcome.status === 'waiting'), 'kept on the device');
  await until(() => timers.pending.size === 1 && server.inFlight === 0, 'the outbox waits for the connection');
  server.next.length = 0;
  server.requests.length = 0;
  const release = server.gate();
  timers.fire();
  return { release, done: idle(box) };
}

const idle = (box) => until(() => box.status().state === 'idle' && !box.status().pending, 'the outbox is idle');

test('changes are sent in the order they were made, and each is acknowledged', async () => {
  const { box, server, events } = await fresh();
  const outcomes = await Promise.all(['a', 'b', 'c'].map((name) => box.enqueue(thing(name))));
  assert.deepEqual(outcomes.map((outcome) => outcome.status), ['sent', 'sent', 'sent']);
  assert.deepEqual(server.sentPaths(), ['/api/things/a', '/api/things/b', '/api/things/c']);
  assert.deepEqual(events.sent.map((event) => event.key), ['thing:a', 'thing:b', 'thing:c']);
  assert.equal(outcomes[1].data.path, '/api/things/b', 'the outcome carries the server answer');
  assert.ok(server.requests.length < 3, 'the changes behind the first went together in one batch');
});

test('JSON changes go one request at a time: nothing else of them goes while an answer is awaited', async () => {
  const { box, server } = await fresh();
  const release = server.gate();
  const first = box.enqueue(thing('a', { n: 1 }));
  await until(() => server.inFlight === 1, 'the first change is on its way');
  // Tried already: a newer change to the same record is queued behind it, not merged into it.
  const second = box.enqueue(thing('a', { n: 2 }));
  const other = box.enqueue(thing('b'));
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(server.requests.length, 1, 'requests while the first is unanswered');
  release();
  await Promise.all([first, second, other]);
  assert.equal(server.maxInFlight, 1, 'requests in flight at once');
  assert.deepEqual(server.requests.flatMap((request) => request.ops.map((op) => op.body.n ?? op.body.name)), [1, 2, 'b']);
});

test('files go two at a time, and changes that do not depend on them go ahead of them', async () => {
  const outbox = await fresh();
  const { server } = outbox;
  const { release, done } = await queuedOffline(outbox, [thing('a'), photo('p1'), photo('p2'), photo('p3'), thing('b')]);
  await until(() => server.inFlight === 3, 'a batch and two files are on their way');
  const batch = server.requests.find((request) => request.path === '/api/batch');
  assert.deepEqual(batch.ops.map((op) => op.path), ['/api/things/a', '/api/things/b'], 'b did not wait for the photos');
  const files = server.requests.filter((request) => request.path !== '/api/batch').map((request) => request.path);
  assert.deepEqual(files.sort(), ['/api/photos/p1', '/api/photos/p2'], 'the first two photos at once');
  release();
  await done;
  assert.equal(server.maxInFlight, 3, 'never more than one batch and two files');
  assert.deepEqual(server.requests.at(-1).path, '/api/photos/p3');
});

const finding = (name, photoIds) => ({
  kind: 'finding', key: `finding:${name}`, id: name, auditId: 'A', method: 'PUT', path: `/api/findings/${name}`,
  body: { name, photo_ids: photoIds },
});
const findingPhoto = (name, findingId) => ({ ...photo(name), id: name, auditId: 'A', findingId });

test("a finding's photos wait for the finding; a finding queued between photos is not left alone", async () => {
  const outbox = await fresh();
  const { server } = outbox;
  const { release, done } = await queuedOffline(outbox, [
    finding('f1', ['p1']), findingPhoto('p1', 'f1'), finding('f2', ['p2', 'p3']), findingPhoto('p2', 'f2'), findingPhoto('p3', 'f2'),
    { kind: 'comment', key: 'comment:c', id: 'c', findingId: 'f2', method: 'POST', path: '/api/findings/f2/comments', body: {} },
  ]);
  await until(() => server.requests.length === 1, 'the first request is on its way');
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(server.requests.length, 1, 'no photo goes before its finding is acknowledged');
  assert.deepEqual(server.requests[0].ops.map((op) => op.path), ['/api/findings/f1', '/api/findings/f2'], 'both findings in one batch');
  release();
  await done;
  const order = server.sentPaths();
  assert.ok(order.indexOf('/api/findings/f2/comments') > order.indexOf('/api/photos/p3'), 'a change to a finding waits for its earlier photos');
  assert.equal(server.requests.length, 5, 'one batch, the three photos (two at a time), the comment');
});

test('nothing of an audit overtakes its submission, and the submission waits for its photos', async () => {
  const outbox = await fresh();
  const { server } = outbox;
  const submit = { kind: 'transition', key: 'transition:A/submitted', id: 'A', auditId: 'A', method: 'POST', path: '/api/audits/A/transitions', body: { to: 'submitted' } };
  const { release, done } = await queuedOffline(outbox, [finding('f1', ['p1']), findingPhoto('p1', 'f1'), submit,
    findingPhoto('p2', 'f9')]);
  release();
  await done;
  assert.deepEqual(server.sentPaths(), ['/api/findings/f1', '/api/photos/p1', '/api/audits/A/transitions', '/api/photos/p2']);
});

test('a change not yet tried is replaced by a newer change to the same record', async () => {
  const { box, server } = await fresh();
  const release = server.gate();
  const head = box.enqueue(thing('head'));
  await until(() => server.inFlight === 1, 'the head is on its way');
  const older = box.enqueue(thing('a', { n: 1 }));
  const newer = box.enqueue(thing('a', { n: 2 }));
  release();
  const outcomes = await Promise.all([head, older, newer]);
  assert.deepEqual(outcomes.map((outcome) => outcome.status), ['sent', 'sent', 'sent']);
  const sent = server.requests.flatMap((request) => request.ops).filter((op) => op.path === '/api/things/a');
  assert.deepEqual(sent.map((op) => op.body.n), [2], 'only the latest state goes');
});

test('a record is deleted from the device only after the server acknowledged it', async () => {
  const { box, server } = await fresh();
  const release = server.gate();
  const outcome = box.enqueue(thing('a'));
  await until(() => server.inFlight === 1, 'the change is on its way');
  await until(async () => (await stored()).length === 1, 'the change is kept on the device');
  assert.deepEqual(await stored(), ['thing:a'], 'kept while the answer is awaited');
  release();
  assert.equal((await outcome).status, 'sent');
  await until(async () => (await stored()).length === 0, 'the acknowledged change is forgotten');
});

test('kept on a network error, and sent when the retry comes', async () => {
  const { box, server, timers } = await fresh();
  server.next.push('offline');
  const outcome = await box.enqueue(thing('a'));
  assert.equal(outcome.status, 'waiting');
  await until(() => box.status().state === 'waiting', 'the outbox waits for the network');
  assert.ok(box.status().retryAt > Date.now(), 'a retry is planned');
  assert.deepEqual(await stored(), ['thing:a']);
  assert.equal(server.applied.length, 0);
  // While a retry is planned, a new change is kept at once and waits for it.
  assert.equal((await box.enqueue(thing('b'))).status, 'waiting');
  assert.equal(server.requests.length, 1);
  timers.fire();
  await idle(box);
  assert.deepEqual(server.applied.length, 2);
  await until(async () => (await stored()).length === 0, 'both are forgotten once acknowledged');
});

test('kept on 401: the queue pauses until the next login', async () => {
  const { box, server } = await fresh();
  server.next.push(401);
  assert.equal((await box.enqueue(thing('a'))).status, 'waiting');
  await until(() => box.status().state === 'paused', 'the outbox pauses');
  assert.equal((await box.enqueue(thing('b'))).status, 'waiting', 'a change made meanwhile is kept');
  assert.equal(server.requests.length, 1, 'nothing more is sent while paused');
  assert.deepEqual(await stored(), ['thing:a', 'thing:b']);
  box.resume();
  await idle(box);
  assert.deepEqual(server.sentPaths(), ['/api/things/a', '/api/things/a', '/api/things/b']);
  await until(async () => (await stored()).length === 0, 'sent after the login');
});

test('a replay after a lost answer is applied once (same operation id)', async () => {
  const { box, server, timers } = await fresh();
  server.next.push('lost');
  assert.equal((await box.enqueue(thing('a'))).status, 'waiting');
  await until(() => timers.pending.size === 1, 'a retry is planned');
  assert.equal(server.applied.length, 1, 'the server applied it, but its answer was lost');
  assert.deepEqual(await stored(), ['thing:a']);
  timers.fire();
  await idle(box);
  const [first, again] = server.requests.map((request) => request.ops[0].id);
  assert.equal(again, first, 'the replay carries the same Idempotency-Key');
  assert.equal(server.applied.length, 1, 'applied once');
});

test('a change left by an earlier visit is replayed with its operation id after a reload', async () => {
  const server = fakeServer();
  const before = await fresh({ server });
  server.next.push('lost');
  await before.box.enqueue(thing('a'));
  // The page is reloaded: a new outbox reads the change back from IndexedDB and sends it again.
  const after = await fresh({ server, keepStored: true });
  await idle(after.box);
  assert.equal(server.requests.length, 2);
  assert.equal(server.requests[1].ops[0].id, server.requests[0].ops[0].id);
  assert.equal(server.applied.length, 1, 'applied once');
  assert.deepEqual(after.events.sent.map((event) => event.key), ['thing:a']);
});

test('a refused change is held with the server words, and the rest goes on', async () => {
  const { box, server, events } = await fresh();
  server.refuse.set('/api/things/b', { status: 422, error: { code: 'invalid', message: 'Not like this.', field: 'name' } });
  const outcomes = await Promise.all(['a', 'b', 'c'].map((name) => box.enqueue(thing(name))));
  assert.deepEqual(outcomes.map((outcome) => outcome.status), ['sent', 'held', 'sent']);
  assert.equal(outcomes[1].error.code, 'invalid');
  const [held] = box.heldRecords();
  assert.equal(held.key, 'thing:b');
  assert.deepEqual({ ...held.attention, at: 0 }, { status: 422, code: 'invalid', field: 'name', message: 'Not like this.', at: 0 });
  assert.deepEqual(events.held.map((record) => record.key), ['thing:b']);
  await until(async () => (await stored()).length === 1, 'only the held change stays on the device');
  assert.deepEqual(await stored(), ['thing:b']);
});

test('a conflict goes to the merge: merged, or held with what the merge says', async () => {
  const current = { id: 'x', title: 'theirs' };
  const { box, server, events } = await fresh({ conflict: (record) => (record.key === 'thing:b' ? { kind: 'state' } : null) });
  server.refuse.set('/api/things/a', { status: 409, error: { code: 'conflict', message: 'Changed.', current } });
  server.refuse.set('/api/things/b', { status: 409, error: { code: 'conflict', message: 'Changed.', current } });
  const [a, b] = await Promise.all([box.enqueue(thing('a')), box.enqueue(thing('b'))]);
  assert.deepEqual(a, { status: 'conflict', data: current });
  assert.equal(b.status, 'held');
  assert.deepEqual(events.conflicts.map((event) => [event.key, event.current]), [['thing:a', current], ['thing:b', current]]);
  assert.deepEqual(box.heldRecords().map((record) => [record.key, record.attention.kind]), [['thing:b', 'state']]);
});

test('the wait between retries doubles from 2 s and stops growing at 5 minutes', async () => {
  const { box, server, timers } = await fresh();
  server.next.push(...Array(10).fill('offline'));
  await box.enqueue(thing('a'));
  await until(() => timers.delays.length === 1, 'the first retry is planned');
  for (let n = 2; n <= 10; n += 1) {
    timers.fire();
    await until(() => timers.delays.length === n, `retry ${n} is planned`);
  }
  const expected = [2, 4, 8, 16, 32, 64, 128, 256, 300, 300].map((seconds) => seconds * 1000);
  timers.delays.forEach((delay, index) => assert.within(delay, expected[index], expected[index] + 500, `wait ${index + 1}`));
  timers.fire();
  await idle(box);
  // After a success the next failure starts again from the shortest wait.
  server.next.push('offline');
  await box.enqueue(thing('b'));
  await until(() => timers.delays.length === 11, 'a retry is planned again');
  assert.within(timers.delays.at(-1), 2000, 2500, 'the wait after a success');
});

test('withdrawing what the server does not have counts as done', async () => {
  const { box, server } = await fresh();
  server.refuse.set('/api/things/gone', { status: 404, error: { code: 'not_found', message: 'No such thing.' } });
  const outcome = await box.enqueue({ kind: 'thing', key: 'thing:gone', method: 'DELETE', path: '/api/things/gone' });
  assert.deepEqual(outcome, { status: 'sent', data: null });
  assert.deepEqual(box.heldRecords(), []);
});

test('a later change to a record that the server accepts clears its held refusal', async () => {
  const { box, server } = await fresh();
  server.refuse.set('/api/things/a', { status: 422, error: { code: 'invalid', message: 'Not like this.' } });
  assert.equal((await box.enqueue(thing('a', { n: 1 }))).status, 'held');
  server.refuse.delete('/api/things/a');
  assert.equal((await box.enqueue(thing('a', { n: 2 }))).status, 'sent');
  await until(() => box.heldRecords().length === 0, 'the refusal is moot');
});
