// An HTTP server (node:http) with a pool of worker threads doing the CPU work of each
// request. GET /hash/<k> answers "<k> <h>", h = hash(k) computed on LINE-HASH in a worker
// and returned by message; GET /quit closes the server and ends the program.
// Progress points, set by hand in the handler: begin('request') when a request arrives,
// end('request') and progress('response') when its response has been written.
//
// hash(k): h = (2166136261 ^ k) >>> 0; HASH_ITERS times h = Math.imul(h ^ i, 16777619);
// the answer is h >>> 0. Env: POOL (2 workers), HASH_ITERS (6e5, ~1 ms).
// Prints {"port":..} on stdout once listening, and {"served":..,"maxQueue":..} at the end.
const http = require('node:http');
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');
const { begin, end, progress } = require('../..');
const { envNumber } = require('./causal-meter');

function hashWorker(iters) {
  parentPort.on('message', ({ id, k }) => {
    const m = iters;
    let h = (2166136261 ^ k) >>> 0;
    for (let i = 0; i < m; i++) h = Math.imul(h ^ i, 16777619); // LINE-HASH
    parentPort.postMessage({ id, h: h >>> 0 });
  });
}

function main() {
  const iters = envNumber('HASH_ITERS', 6e5);
  const pool = [];
  const idle = [];
  const queue = [];
  const pending = new Map();
  let nextId = 0;
  let served = 0;
  let maxQueue = 0;

  const dispatch = () => {
    while (idle.length > 0 && queue.length > 0) {
      const job = queue.shift();
      idle.pop().postMessage({ id: job.id, k: job.k });
    }
  };
  for (let i = 0; i < envNumber('POOL', 2); i++) {
    const w = new Worker(__filename, { workerData: { iters } });
    w.on('message', ({ id, h }) => {
      const done = pending.get(id);
      pending.delete(id);
      idle.push(w);
      dispatch();
      done(h);
    });
    pool.push(w);
    idle.push(w);
  }
  const hash = (k, done) => {
    const id = nextId++;
    pending.set(id, done);
    queue.push({ id, k });
    maxQueue = Math.max(maxQueue, queue.length);
    dispatch();
  };

  const server = http.createServer((req, res) => {
    if (req.url === '/quit') {
      res.end('bye\n', () => {
        server.close();
        server.closeAllConnections();
        Promise.all(pool.map((w) => w.terminate())).then(() => {
          process.stdout.write(`${JSON.stringify({ served, maxQueue })}\n`);
        });
      });
      return;
    }
    begin('request');
    const m = /^\/hash\/(\d+)$/.exec(req.url ?? '');
    if (!m) {
      res.statusCode = 404;
      res.end('not found\n', () => end('request'));
      return;
    }
    const k = Number(m[1]) >>> 0;
    hash(k, (h) => {
      res.setHeader('content-type', 'text/plain');
      res.end(`${k} ${h}`, () => {
        served++;
        end('request');
        progress('response');
      });
    });
  });
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
  });
}

if (isMainThread) main();
else hashWorker(workerData.iters);
