// Stand-ins for what the outbox talks to: a server that keeps what it applied and answers a replayed
// operation with its first answer (as the real one does with Idempotency-Key), and timers fired by hand.
import { ApiError } from '/js/api.js';

const networkError = () => new ApiError({ status: 0, code: 'network', message: 'no network' });

/**
 * server.send(method, path, {json, headers}) is the outbox's sender; server.upload(record) its file sender.
 * server.next: what the next requests meet, in order: 'offline' (nothing reaches the server), 'lost' (the
 * server applies it, the answer is lost) or 401. server.refuse: path -> {status, error} answered instead.
 * server.gate(): hold every answer until the returned release() is called.
 */
export function fakeServer() {
  const server = {
    requests: [], // {method, path, ops: [{id, method, path, body}]} in the order they arrived
    applied: [], // ids of the operations applied, in order
    answers: new Map(), // operation id -> {status, body}: the first answer, given again to a replay
    next: [],
    refuse: new Map(),
    inFlight: 0,
    maxInFlight: 0,
    held: null,
  };

  function apply(op) {
    if (server.answers.has(op.id)) return server.answers.get(op.id);
    const refusal = server.refuse.get(op.path);
    const answer = refusal
      ? { status: refusal.status, body: { error: refusal.error } }
      : { status: 200, body: { path: op.path, ...(op.body || {}), revision: server.applied.length + 1 } };
    if (!refusal) server.applied.push(op.id);
    server.answers.set(op.id, answer);
    return answer;
  }

  function asError({ status, body }) {
    const error = body.error || {};
    return new ApiError({ status, code: error.code || `http_${status}`, message: error.message || '', field: error.field ?? null, details: error });
  }

  server.gate = () => {
    let release;
    server.held = new Promise((resolve) => {
      release = resolve;
    });
    return () => {
      server.held = null;
      release();
    };
  };

  server.send = async (method, path, { json, headers = {} } = {}) => {
    const ops = path === '/api/batch' ? json.operations : [{ id: headers['Idempotency-Key'], method, path, body: json }];
    server.requests.push({ method, path, ops });
    const behaviour = server.next.shift();
    server.inFlight += 1;
    server.maxInFlight = Math.max(server.maxInFlight, server.inFlight);
    try {
      if (server.held) await server.held;
      if (behaviour === 'offline') throw networkError();
      if (behaviour === 401) throw new ApiError({ status: 401, code: 'unauthenticated', message: '', details: { code: 'unauthenticated' } });
      const answers = ops.map(apply);
      if (behaviour === 'lost') throw networkError();
      if (path === '/api/batch') return { results: ops.map((op, index) => ({ id: op.id, ...answers[index] })) };
      if (answers[0].status >= 400) throw asError(answers[0]);
      return answers[0].body;
    } finally {
      server.inFlight -= 1;
    }
  };

  server.upload = (record) => server.send(record.method, record.path, { headers: { 'Idempotency-Key': record.opId } });

  /** The paths of every operation sent, in order (a replay appears twice). */
  server.sentPaths = () => server.requests.flatMap((request) => request.ops.map((op) => op.path));
  return server;
}

/** Timers that fire only when the test says so; delays: every delay asked for, in order. */
export function manualTimers() {
  const pending = new Map();
  const delays = [];
  let last = 0;
  return {
    delays,
    pending,
    set(fn, ms) {
      last += 1;
      pending.set(last, fn);
      delays.push(ms);
      return last;
    },
    clear(id) {
      pending.delete(id);
    },
    /** Run the waiting timer (as if its time had come). */
    fire() {
      const [[id, fn]] = pending;
      pending.delete(id);
      fn();
    },
  };
}
