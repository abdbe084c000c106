// Workers started and ended without pause, under `causalprof run`: the main thread keeps
// WORKERS workers (default 4) alive for RUN_MS (default 60000); each does JOBS jobs (default
// 20, ~1 ms each, progress('job') after each) and then ends in turn by returning, by
// process.exit() in the worker, or by the main thread's worker.terminate() in the middle of
// a job, and is replaced at once. WORKERS=64 puts 64 busy threads on the machine's cores.
// Prints {"started":..,"ended":{"return":..,"exit":..,"terminate":..},"rssMb":[first, last]}
// with the resident set sampled after a tenth of the run and at its end.
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');
const { progress } = require('../..');

const ENDINGS = ['return', 'exit', 'terminate'];

function job() {
  let a = 0;
  for (let i = 0; i < 150000; i++) a += Math.sqrt(i); // CHURN-WORK
  return a;
}

if (!isMainThread) {
  const { jobs, ending } = workerData;
  let sink = 0;
  for (let j = 0; j < jobs; j++) {
    sink += job();
    progress('job');
  }
  if (ending === 'exit') process.exit(0);
  if (ending === 'terminate') {
    parentPort.postMessage('terminate me');
    for (;;) sink += job(); // killed mid-job
  }
  globalThis.sink = sink;
} else {
  const workers = Number(process.env.WORKERS || 4);
  const jobs = Number(process.env.JOBS || 20);
  const runMs = Number(process.env.RUN_MS || 60000);
  const end = Date.now() + runMs;
  const ended = { return: 0, exit: 0, terminate: 0 };
  const rssMb = [];
  let started = 0;
  const mb = () => Math.round(process.memoryUsage().rss / 2 ** 20);
  setTimeout(() => rssMb.push(mb()), runMs / 10);
  let alive = 0;
  const spawnOne = () => {
    const ending = ENDINGS[started % ENDINGS.length];
    started++;
    alive++;
    const w = new Worker(__filename, { workerData: { jobs, ending } });
    w.on('message', () => w.terminate());
    w.on('exit', () => {
      ended[ending]++;
      alive--;
      if (Date.now() < end) spawnOne();
      else if (alive === 0) {
        rssMb.push(mb());
        process.stdout.write(`${JSON.stringify({ started, ended, rssMb })}\n`);
      }
    });
  };
  for (let i = 0; i < workers; i++) spawnOne();
}
