// Bursty outside load for bench/accuracy.js --burn: one thread that spins for BUSY ms, then
// sleeps for IDLE ms, phase-shifted by a random start so bursts fall on different
// experiments in every run. Runs until killed.
//
//   node bench/workloads/burner.js BUSY_MS IDLE_MS
const [busy, idle] = process.argv.slice(2).map(Number);
if (!(busy > 0) || !(idle >= 0)) {
  console.error('burner: usage: node bench/workloads/burner.js BUSY_MS IDLE_MS');
  process.exit(2);
}
function burst() {
  const end = Date.now() + busy;
  let x = 0;
  while (Date.now() < end) x += Math.sqrt(x + 1);
  setTimeout(burst, idle);
}
setTimeout(burst, Math.random() * (busy + idle));
