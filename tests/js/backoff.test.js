// The wait before the outbox tries again (web/js/store/queue.js).
import { MAX_DELAY_MS, retryDelay } from '/js/store/queue.js';
import { assert, test } from './assert.js';

const none = () => 0;

test('the first retry waits 2 s and each failure in a row doubles the wait', () => {
  assert.deepEqual([1, 2, 3, 4, 5].map((n) => retryDelay(n, none)), [2000, 4000, 8000, 16000, 32000]);
});

test('the wait stops growing at 5 minutes', () => {
  assert.equal(MAX_DELAY_MS, 300000);
  assert.equal(retryDelay(8, none), 256000);
  assert.equal(retryDelay(9, none), 300000);
  assert.equal(retryDelay(50, none), 300000);
});

test('up to half a second of jitter is added, so phones do not retry in step', () => {
  assert.within(retryDelay(1, () => 0.999), 2499, 2500);
  assert.within(retryDelay(9, () => 0.5), 300250, 300251);
  for (let i = 0; i < 100; i += 1) assert.within(retryDelay(3), 8000, 8500);
});
