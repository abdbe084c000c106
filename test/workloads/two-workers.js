// Two workers doing 2:1 work (a fixed amount of it each, not a fixed time).
const { Worker, isMainThread, workerData } = require('node:worker_threads');

function unit() {
  let a = 0;
  for (let i = 0; i < 200000; i++) a += Math.sqrt(i);
  return a;
}

if (isMainThread) {
  const units = Number(process.env.UNITS || 6000);
  new Worker(__filename, { workerData: { units: units * 2 } });
  new Worker(__filename, { workerData: { units } });
} else {
  let r = 0;
  for (let i = 0; i < workerData.units; i++) r += unit();
  if (r < 0) console.log(r);
}
