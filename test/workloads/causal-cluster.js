// A cluster ground truth: the primary forks WORKERS (2) workers, each of which runs the
// single-thread ground truth (causal-single.js: LINE-3X and LINE-1X, 3:1, progress('iter')),
// with REMOVE_3X / REMOVE_1X passed down. Each worker is one thread on its own core, so
// speeding LINE-3X by s speeds every worker, and the program's summed throughput, by about
// 0.75 s, as in causal-single.js; under `causalprof run` each worker runs its own
// experiments and the report merges them.
//
// The primary does no work; it reads each worker's result line and prints one for the
// program: rate = the workers' rates summed, cpuMs = the CPU of all three processes.
const cluster = require('node:cluster');

if (cluster.isPrimary) primary();
else {
  require('./causal-single.js'); // runs the loop and prints its result
  process.disconnect(); // the IPC channel would keep the worker alive
}

function primary() {
  const n = Number(process.env.WORKERS || 2);
  cluster.setupPrimary({ silent: true });
  const results = [];
  const pids = [];
  for (let i = 0; i < n; i++) {
    const worker = cluster.fork();
    pids.push(worker.process.pid);
    let out = '';
    worker.process.stdout.on('data', (chunk) => {
      out += chunk;
    });
    worker.process.stderr.pipe(process.stderr);
    worker.process.on('close', (code) => {
      if (code !== 0) {
        process.stderr.write(`causal-cluster.js: worker ${worker.process.pid} exited ${code}\n`);
        process.exitCode = 1;
      }
      const line = out.trim().split('\n').pop() ?? '';
      try {
        results.push(JSON.parse(line));
      } catch {
        process.stderr.write(`causal-cluster.js: no result from worker ${worker.process.pid}\n`);
        process.exitCode = 1;
      }
      if (results.length < n) return;
      const u = process.cpuUsage();
      const sum = (key) => results.reduce((a, r) => a + r[key], 0);
      const line2 = {
        units: sum('units'),
        windowMs: sum('windowMs') / n,
        rate: sum('rate'),
        cpuMs: Math.round((u.user + u.system) / 1000) + sum('cpuMs'),
        workers: pids,
        rates: results.map((r) => r.rate),
      };
      process.stdout.write(`${JSON.stringify(line2)}\n`);
    });
  }
}
