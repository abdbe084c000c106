// One function, two loops on two lines, 3:1 in cost, called from a loop on another line
// (so a sampler that misses the running function would blame the caller's line).
// Runs in the main thread, or in a worker when argv[2] === 'worker'.
const { Worker, isMainThread } = require('node:worker_threads');

function work(n) {
  let a = 0;
  const m = n * 3; // outside the loop condition, which the interpreter would charge to the loop
  for (let i = 0; i < m; i++) a = Math.sqrt(a + i); // LOOP-3X
  for (let i = 0; i < n; i++) a = Math.sqrt(a + i); // LOOP-1X
  return a;
}

function spin(ms) {
  const end = Date.now() + ms;
  let r = 0;
  while (Date.now() < end) r += work(20000); // CALLER
  return r;
}

const ms = Number(process.env.WORK_MS || 2000);
if (isMainThread && process.argv[2] === 'worker') {
  new Worker(__filename, { argv: ['inner'] });
} else {
  spin(ms);
  if (process.env.PRINT_THREAD_CPU) {
    // utime + stime of this thread, in clock ticks (USER_HZ = 100 on Linux)
    const fields = require('node:fs')
      .readFileSync('/proc/thread-self/stat', 'utf8')
      .split(') ')[1]
      .split(' ');
    console.log(`thread-cpu-ms=${(Number(fields[11]) + Number(fields[12])) * 10}`);
  }
}
