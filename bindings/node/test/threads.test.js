'use strict';
// worker_threads: every worker loads its own koffi binding of the one shared library and calls it
// at the same time as the others and the main thread.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { Worker } = require('node:worker_threads');
const jwt = require('..');

const WORKERS = 4;
const ITERATIONS = 2000;
const NOW = 1700000000;

function runWorker(workerData) {
  return new Promise((resolve, reject) => {
    const w = new Worker(path.join(__dirname, 'fixtures', 'thread-worker.js'), { workerData });
    w.once('message', resolve);
    w.once('error', reject);
    w.once('exit', (code) => {
      if (code !== 0) reject(new Error(`worker ${workerData.id} exited with ${code}`));
    });
  });
}

test(`${WORKERS} workers and the main thread sign and verify concurrently`, async () => {
  const otherToken = jwt.sign({ foreign: true }, 'a secret no worker has');
  const jobs = [];
  for (let id = 0; id < WORKERS; id++)
    jobs.push(runWorker({ id, secret: `secret-of-worker-${id}`, otherToken, iterations: ITERATIONS, now: NOW }));
  // Meanwhile, on the main thread.
  let mainOk = 0;
  const mainLoop = new Promise((resolve) => {
    const step = () => {
      for (let i = 0; i < 100; i++) {
        const t = jwt.sign({ main: i }, 'main-secret');
        assert.deepEqual(jwt.verify(t, 'main-secret'), { main: i });
        assert.throws(() => jwt.verify(t, 'not-main'), (e) => e.code === 'bad_signature');
        mainOk++;
      }
      if (mainOk < 2000) setImmediate(step);
      else resolve();
    };
    step();
  });
  const results = await Promise.all(jobs);
  await mainLoop;
  for (const r of results) {
    assert.deepEqual(r.problems, [], `worker ${r.id}`);
    assert.equal(r.ok, ITERATIONS, `worker ${r.id}`);
  }
  assert.equal(mainOk, 2000);
});

test('a token signed in one worker verifies in another and on the main thread', async () => {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const jwt = require(workerData.pkg);
    parentPort.postMessage(workerData.token
      ? JSON.stringify(jwt.verify(workerData.token, 's3cret'))
      : jwt.sign({ from: 'worker' }, 's3cret'));`;
  const pkg = path.resolve(__dirname, '..');
  const run = (workerData) =>
    new Promise((resolve, reject) => {
      const w = new Worker(code, { eval: true, workerData });
      w.once('message', resolve);
      w.once('error', reject);
    });
  const token = await run({ pkg });
  assert.deepEqual(jwt.verify(token, 's3cret'), { from: 'worker' });
  assert.equal(await run({ pkg, token }), '{"from":"worker"}');
});
