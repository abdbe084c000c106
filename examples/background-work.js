// A hot line that does not matter and a cooler one that does.
//
// The main thread hands jobs, one at a time, to a "renderer" worker and counts each job it
// gets back (progress('job')). Beside it an "indexer" worker re-indexes data in a loop that
// nobody waits for. A sampling profiler shows the indexer as the hottest code; causal
// profiling shows that only renderRow() moves the program's throughput.
//
//   node dist/lib/cli/main.js run -- node examples/background-work.js
//   node dist/lib/cli/main.js report
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');
const { progress } = require('causalprof');

function renderRow(n) {
  let h = 0;
  for (let i = 0; i < n; i++) h = (h * 31 + Math.sqrt(i)) % 1e9; // the job's real work
  return h;
}

function reindex(n) {
  let h = 0;
  for (let i = 0; i < n; i++) h = (h * 17 + Math.sqrt(i)) % 1e9; // hot, off the critical path
  return h;
}

if (isMainThread) {
  const seconds = Number(process.env.SECONDS_TO_RUN || 30);
  const renderer = new Worker(__filename, { workerData: 'renderer' });
  const indexer = new Worker(__filename, { workerData: 'indexer' });
  const until = Date.now() + seconds * 1000;
  let jobs = 0;
  renderer.on('message', () => {
    progress('job');
    jobs++;
    if (Date.now() < until) renderer.postMessage(jobs);
    else {
      console.log(`${jobs} jobs in ${seconds} s`);
      renderer.terminate();
      indexer.terminate();
    }
  });
  renderer.postMessage(0);
} else if (workerData === 'renderer') {
  parentPort.on('message', () => parentPort.postMessage(renderRow(2_000_000)));
} else {
  const step = () => {
    reindex(3_000_000);
    setImmediate(step);
  };
  step();
}
