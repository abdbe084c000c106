// Rules 2 and 3 of the wake rules: a thread blocked in its event loop and woken by a timer,
// by the outside world (a child process) or by a completion of libuv's threadpool pays the
// delays inserted while it waited, in the check phase of the loop iteration that woke it
// (before the loop runs more callbacks); it is credited nothing.
//
// The main thread waits while a hitter worker inserts GROWTH_MS of global delay, then is
// woken by, per argv[2]:
// - 'timer': its own timers (it polls every 10 ms until the hitter is done);
// - 'child': a child process (`cat` of a FIFO, which the hitter writes a line to when done;
//   `cat` lives on until the process exits);
// - 'threadpool': the completion of fs.open() of a FIFO, which blocks in the threadpool
//   until the hitter opens the other end when done;
// - 'interrupted': as 'threadpool', and the wake's callback starts child processes that exit
//   20, 40 and 60 ms later, while the thread sleeps to pay (a SIGCHLD interrupts the sleep
//   when the kernel delivers it to the sleeping thread, as it mostly does).
// The hitter stops hitting before it wakes anyone. Prints {main: {atWake, afterCheck,
// settled}} (see wake-common.js between()): atWake in the first callback after the wake,
// afterCheck once the check phase of the wake's loop iteration has run (a setImmediate()
// callback: the profiler's check handle, started after Node's, runs before Node's; a timer's
// callback runs after the check phase anyway), settled ~20 ms later.
const { spawn } = require('node:child_process');
const { once } = require('node:events');
const fs = require('node:fs');
const { isMainThread, parentPort, Worker, workerData } = require('node:worker_threads');
const {
  native,
  spinForGrowth,
  startHitting,
  state,
  between,
  report,
  makeFifo,
} = require('./wake-common');

const SETTLE_MS = 20;
const POLL_MS = 10;

async function main(mode) {
  const done = new Int32Array(new SharedArrayBuffer(4));
  const fifo = mode === 'timer' ? undefined : makeFifo();
  const hitter = new Worker(__filename, { workerData: { done: done.buffer, fifo, mode } });
  await once(hitter, 'message'); // ready
  let resolveWake;
  const wake = new Promise((resolve) => {
    resolveWake = resolve;
  });
  // Called in the first callback after the wake, in the loop's poll phase.
  const wokenInPoll = () => {
    const s1 = state();
    setImmediate(() => resolveWake([s1, state()]));
  };
  if (mode === 'child') {
    const child = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.once('data', wokenInPoll);
  } else if (mode === 'threadpool' || mode === 'interrupted') {
    fs.open(fifo, 'r', (err, fd) => {
      wokenInPoll();
      if (err) throw err;
      fs.closeSync(fd);
      if (mode !== 'interrupted') return;
      for (const t of ['0.02', '0.04', '0.06']) spawn('sleep', [t], { stdio: 'ignore' });
    });
  } else {
    const poll = () => {
      if (Atomics.load(done, 0) === 0) return setTimeout(poll, POLL_MS);
      const s1 = state();
      resolveWake([s1, s1]);
    };
    setTimeout(poll, POLL_MS);
  }
  startHitting();
  native.catchUp();
  const s0 = state();
  hitter.postMessage('go');
  const [s1, sCheck] = await wake;
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const s2 = state();
  native.endExperiment();
  report({
    main: { atWake: between(s0, s1), afterCheck: between(s0, sCheck), settled: between(s0, s2) },
    reached: Atomics.load(done, 0) === 1,
  });
  process.exit(0);
}

function hitter() {
  const done = new Int32Array(workerData.done);
  // A listener, not once(): the hitter must not exit (its exit wakes the main thread).
  parentPort.on('message', () => {
    const { fifo, mode } = workerData;
    // Opening a FIFO to write blocks until it has a reader: `cat` in 'child' mode; otherwise
    // it is what completes the main thread's open().
    const catInput = mode === 'child' ? fs.openSync(fifo, 'w') : undefined;
    if (spinForGrowth()) Atomics.store(done, 0, 1);
    if (catInput !== undefined)
      fs.writeSync(catInput, 'x\n'); // left open: `cat` lives on
    else if (fifo !== undefined) fs.closeSync(fs.openSync(fifo, 'w'));
  });
  parentPort.postMessage('ready');
}

if (isMainThread) main(process.argv[2] || 'timer');
else hitter();
