// The experiment-policy benchmark's workload: one thread, six marked lines whose costs are
// 8:5:3:2:1:1 (40%, 25%, 15%, 10%, 5%, 5% of the run), and progress('iter') once per
// iteration. With one thread, speeding line i up by s speeds the program up by share_i x s,
// so the true slope of each line's causal curve is its share. Each loop is a chain of
// dependent square roots, so its cost is sqrt's latency wherever V8 places the code.
//
// Env: DURATION_MS (60000), UNIT_ITERS (9e4, about 0.5 ms; an iteration is 20 units).
const { progress } = require('../..');

const DURATION_MS = Number(process.env.DURATION_MS || 60000);
const U = Number(process.env.UNIT_ITERS || 9e4);

function iteration() {
  let x = 0;
  for (let i = 0; i < 8 * U; i++) x = Math.sqrt(x + i); // SIX-40
  for (let i = 0; i < 5 * U; i++) x = Math.sqrt(x + i); // SIX-25
  for (let i = 0; i < 3 * U; i++) x = Math.sqrt(x + i); // SIX-15
  for (let i = 0; i < 2 * U; i++) x = Math.sqrt(x + i); // SIX-10
  for (let i = 0; i < 1 * U; i++) x = Math.sqrt(x + i); // SIX-05a
  for (let i = 0; i < 1 * U; i++) x = Math.sqrt(x + i); // SIX-05b
  return x;
}

const end = Date.now() + DURATION_MS;
let checksum = 0;
while (Date.now() < end) {
  checksum += iteration();
  progress('iter');
}
process.stdout.write(`${JSON.stringify({ checksum: checksum > 0 })}\n`);
