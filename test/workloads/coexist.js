// Another profiler in the same process as causalprof's sampler, chosen by argv[2]:
//   inspector       the inspector's Profiler domain (what DevTools and many APMs drive)
//   v8-profile      v8.startCpuProfile(), the in-process profiler of newer Node lines
//   second-binary   a second copy of causalprof's addon binary, loaded from argv[3] and
//                   sampling on its own (as two installs of the package would)
// Spins for WORK_MS (2000) in work() and prints one JSON line: what the other profiler got.
const v8 = require('node:v8');

function work(n) {
  let a = 0;
  for (let i = 0; i < n; i++) a = Math.sqrt(a + i); // HOT
  return a;
}
function spin(ms) {
  const end = Date.now() + ms;
  let r = 0;
  while (Date.now() < end) r += work(20000);
  return r;
}
const ms = Number(process.env.WORK_MS || 2000);
const mode = process.argv[2];
const print = (o) => console.log(JSON.stringify(o));

if (mode === 'inspector') {
  const inspector = require('node:inspector');
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable', () =>
    session.post('Profiler.start', () => {
      spin(ms);
      session.post('Profiler.stop', (err, { profile }) => {
        if (err) throw err;
        print({ samples: profile.samples.length });
      });
    }),
  );
} else if (mode === 'v8-profile') {
  if (typeof v8.startCpuProfile !== 'function') {
    print({ unavailable: `v8.startCpuProfile is not in Node ${process.version}` });
  } else {
    const handle = v8.startCpuProfile();
    spin(ms);
    print({ samples: JSON.parse(handle.stop()).samples.length });
  }
} else if (mode === 'second-binary') {
  const copy = { exports: {} };
  process.dlopen(copy, process.argv[3]);
  const started = copy.exports.startSampling(1000, 'perf', true);
  spin(ms);
  copy.exports.stopSampling();
  const agent = globalThis[Symbol.for('causalprof.addon.v1')];
  print({ signal: started.signal, agentSignal: agent ? agent.status().signal : null });
} else {
  throw new Error(`coexist.js: unknown mode ${mode}`);
}
