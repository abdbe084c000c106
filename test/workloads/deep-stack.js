// A hot loop at the bottom of a deep stack: DEPTH (default 200) calls of down(), far more
// stack than the perf ring copies (4 KB), then WORK_MS of work.
function hot(ms) {
  const end = Date.now() + ms;
  let a = 0;
  while (Date.now() < end) for (let i = 0; i < 10000; i++) a = Math.sqrt(a + i); // HOT
  return a;
}

function down(n, ms) {
  return n === 0 ? hot(ms) : down(n - 1, ms) + 1;
}

down(Number(process.env.DEPTH || 200), Number(process.env.WORK_MS || 1000));
