// A throughput workload that runs until it is stopped by a signal; prints "ready" once it
// has made progress for a while, so a test can interrupt it mid-run.
const { progress } = require('../..');

let a = 0;
let rounds = 0;
function step() {
  for (let i = 0; i < 2e5; i++) a += Math.sqrt(i); // WORK
  progress('step');
  rounds++;
  if (rounds === Number(process.env.READY_AFTER || 600)) process.stdout.write('ready\n');
  setImmediate(step);
}
step();
globalThis.sink = () => a;
