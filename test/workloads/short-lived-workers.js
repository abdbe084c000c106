// Hundreds of short-lived workers under sampling: some finish, some are terminated
// mid-work, some call process.exit(). Prints how many of each ended.
const { Worker, isMainThread, workerData } = require('node:worker_threads');

function busy(ms) {
  const end = Date.now() + ms;
  let a = 0;
  while (Date.now() < end) for (let i = 0; i < 1000; i++) a += Math.sqrt(i);
  return a;
}

if (!isMainThread) {
  const { kind } = workerData;
  if (kind === 'exit') {
    busy(3);
    process.exit(7);
  }
  busy(kind === 'terminate' ? 1000 : 3);
} else {
  const total = Number(process.env.WORKERS || 300);
  const kinds = ['finish', 'terminate', 'exit'];
  const ended = { finish: 0, terminate: 0, exit: 0 };
  let started = 0;
  let running = 0;
  const launch = () => {
    while (running < 8 && started < total) {
      const kind = kinds[started % 3];
      started++;
      running++;
      const w = new Worker(__filename, { workerData: { kind } });
      if (kind === 'terminate') w.once('online', () => setTimeout(() => w.terminate(), 5));
      w.once('exit', (code) => {
        const expected = { finish: 0, terminate: 1, exit: 7 }[kind];
        if (code !== expected) {
          console.error(`worker (${kind}) exited with ${code}, expected ${expected}`);
          process.exitCode = 1;
        }
        ended[kind]++;
        running--;
        if (started < total) launch();
        else if (running === 0) console.log(JSON.stringify(ended));
      });
    }
  };
  launch();
}
