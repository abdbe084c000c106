// A long-lived program under production sampling with rotation, for bench/soak.js: the main
// thread and one worker each do DUTY_MS of work every 100 ms (a server at a few percent of
// a core, so the soak can share the machine), sampled at INTERVAL_US (1000), and startSampling hands a gzipped pprof every
// PERIOD_MS to onProfile, which writes it to OUT_DIR/period-<index>.pb.gz. The main thread
// reports its memory on every period: one JSON line on stdout per period,
// {"index", "rss", "heapUsed", "external", "arrayBuffers", "bytes"}.
// Runs until SIGTERM, then stops the session (the last, partial period is handed over too)
// and exits.
const fs = require('node:fs');
const path = require('node:path');
const { Worker, isMainThread } = require('node:worker_threads');
const { startSampling } = require('../..');

const DUTY_MS = Number(process.env.DUTY_MS || 5);

function work(label) {
  // A few distinct functions, so every period's profile has a tree, not one frame.
  const parse = (n) => {
    let a = 0;
    for (let i = 0; i < n; i++) a = Math.sqrt(a + i); // PARSE
    return a;
  };
  const render = (n) => {
    let s = '';
    for (let i = 0; i < n; i++) s = `${label}${i % 97}`; // RENDER
    return s.length;
  };
  const until = Date.now() + DUTY_MS;
  let x = 0;
  while (Date.now() < until) x += parse(5000) + render(500);
  return x;
}

function loop(label) {
  setInterval(() => work(label), 100);
}

if (!isMainThread) {
  loop('worker');
} else {
  const out = process.env.OUT_DIR;
  const worker = new Worker(__filename);
  loop('main');
  const session = startSampling({
    intervalUs: Number(process.env.INTERVAL_US || 1000),
    periodMs: Number(process.env.PERIOD_MS || 10_000),
    labels: { service: 'soak', version: '1' },
    onProfile: (bytes, period) => {
      fs.writeFileSync(path.join(out, `period-${period.index}.pb.gz`), bytes);
      const m = process.memoryUsage();
      const line = {
        index: period.index,
        rss: m.rss,
        heapUsed: m.heapUsed,
        external: m.external,
        arrayBuffers: m.arrayBuffers,
        bytes: bytes.length,
      };
      process.stdout.write(`${JSON.stringify(line)}\n`);
    },
  });
  process.on('SIGTERM', () => {
    session.stop().then(() => {
      worker.terminate().then(() => process.exit(0));
    });
  });
}
