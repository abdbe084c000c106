// startSampling with rotation: PERIOD_MS (300) periods over RUN_MS (3000) of work done in
// 20 ms slices (the rotation timer runs on the event loop between them). Each period's
// pprof goes to OUT_DIR/period-<index>.pb.gz; prints {"periods":[...],"drained":n,"cpuMs":t}:
// the samples the drain handed over during the session (for the periods' sum to match
// exactly), and this thread's user CPU time meanwhile (what one long profile would count,
// at one sample per ms of it).
const fs = require('node:fs');
const path = require('node:path');
const { startSampling } = require('../..');

const out = process.env.OUT_DIR;
const periods = [];
const addon = () => globalThis[Symbol.for('causalprof.addon.v1')];
function work() {
  let a = 0;
  for (let i = 0; i < 20000; i++) a = Math.sqrt(a + i); // WORK
  return a;
}
const session = startSampling({
  periodMs: Number(process.env.PERIOD_MS || 300),
  labels: { service: 'rotation-test', version: '1.2.3' },
  onProfile: (bytes, period) => {
    fs.writeFileSync(path.join(out, `period-${period.index}.pb.gz`), bytes);
    periods.push(period);
  },
});
const before = addon().status().drainedSamples;
const cpuBefore = process.threadCpuUsage ? process.threadCpuUsage().user : process.cpuUsage().user;
const end = Date.now() + Number(process.env.RUN_MS || 3000);
function slice() {
  const until = Date.now() + 20;
  while (Date.now() < until) work();
  if (Date.now() < end) {
    setImmediate(slice);
    return;
  }
  session.stop().then(() => {
    const drained = addon().status().drainedSamples - before;
    const cpuAfter = process.threadCpuUsage
      ? process.threadCpuUsage().user
      : process.cpuUsage().user;
    console.log(JSON.stringify({ periods, drained, cpuMs: (cpuAfter - cpuBefore) / 1000 }));
  });
}
slice();
