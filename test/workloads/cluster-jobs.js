// A cluster program: the primary forks WORKERS (2) workers, each of which spins for RUN_MS
// (6000) marking progress('job') per unit of work, then exits; the primary does no work of
// its own and prints {"workers":[pids]} once every worker has ended.
const cluster = require('node:cluster');
const { progress } = require('../..');

if (cluster.isPrimary) {
  const n = Number(process.env.WORKERS || 2);
  const pids = [];
  for (let i = 0; i < n; i++) pids.push(cluster.fork().process.pid);
  let ended = 0;
  cluster.on('exit', () => {
    if (++ended === n) console.log(JSON.stringify({ workers: pids }));
  });
} else {
  const end = Date.now() + Number(process.env.RUN_MS || 6000);
  let x = 0;
  while (Date.now() < end) {
    for (let i = 0; i < 1e5; i++) x = Math.sqrt(x + i); // JOB
    progress('job');
  }
  process.exit(x > 0 ? 0 : 1);
}
