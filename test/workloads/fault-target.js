// A program for the fault suite: the main thread and one worker each do units of work on
// their own line and mark progress('unit'). It prints the two threads' kernel ids, then,
// once the file FAULT_TRIGGER exists, the thread FAULT_THREAD ('main' or 'worker') ends the
// program the way FAULT says: 'uncaught' (throw), 'rejection' (an unhandled rejection),
// 'exit' (process.exit(7); in a worker that ends the worker, and the main thread then exits
// with the worker's code), 'terminate' (the main thread calls worker.terminate(), runs on
// alone for three seconds and exits with code 3), or 'none' (signals come from outside). With FAULT_IN_DELAY=1 the
// faulting thread first runs its unit until the other thread sleeps (state S in /proc: a
// busy thread only sleeps in a causal delay), so the process ends while that thread is in a
// delay.
// HANDLE_SIGTERM=1 installs a graceful SIGTERM handler (exit code 0), as servers do.
const fs = require('node:fs');
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');
const { progress } = require('../..');

const fault = process.env.FAULT || 'none';
const faultThread = process.env.FAULT_THREAD || 'main';
const trigger = process.env.FAULT_TRIGGER;
const me = isMainThread ? 'main' : 'worker';

function tid() {
  return Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
}

function sleeping(threadId) {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${threadId}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] === 'S';
  } catch {
    return false;
  }
}

function doFault(unit, peerTid) {
  if (process.env.FAULT_IN_DELAY === '1') {
    // The peer sleeps only while this thread is seen on the selected line, its own unit:
    // waiting in an empty loop stopped the delays, and the peer was caught asleep only when
    // a last one happened to be in progress (CI saw it awake).
    const until = Date.now() + 5000;
    while (!sleeping(peerTid) && Date.now() < until) unit();
    process.stderr.write(`fault-target: peer asleep at fault: ${sleeping(peerTid)}\n`);
  }
  if (fault === 'uncaught') throw new Error(`fault-target: uncaught in ${me}`);
  if (fault === 'rejection') {
    Promise.reject(new Error(`fault-target: rejected in ${me}`));
    return true;
  }
  if (fault === 'exit') process.exit(7);
  if (fault === 'terminate' && peerWorker !== undefined) {
    peerWorker.terminate().then(() => {
      process.stderr.write('fault-target: worker terminated\n');
      setTimeout(() => process.exit(3), 3000);
    });
    return true;
  }
  return false;
}

/** The main thread's worker, for FAULT=terminate. */
let peerWorker;
let sink = 0;
function unitMain() {
  for (let i = 0; i < 200000; i++) sink += Math.sqrt(i); // MAIN-WORK
}
function unitWorker() {
  for (let i = 0; i < 200000; i++) sink += Math.sqrt(i); // WORKER-WORK
}

function loop(unit, peerTid) {
  let faulted = false;
  const step = () => {
    for (let n = 0; n < 10; n++) {
      unit();
      progress('unit');
    }
    if (!faulted && me === faultThread && trigger && fs.existsSync(trigger)) {
      faulted = doFault(unit, peerTid);
    }
    setImmediate(step);
  };
  step();
}

if (isMainThread) {
  if (process.env.HANDLE_SIGTERM === '1') {
    process.on('SIGTERM', () => {
      process.stderr.write('fault-target: graceful shutdown\n');
      process.exit(0);
    });
  }
  const worker = new Worker(__filename, { workerData: { mainTid: tid() } });
  peerWorker = worker;
  // A worker's process.exit() ends only the worker: the program then exits with its code.
  // (Its uncaught errors are left to Node: an 'error' no one listens to ends the process.)
  if (fault === 'exit') worker.on('exit', (code) => process.exit(code));
  worker.once('message', (workerTid) => {
    process.stdout.write(`tids ${tid()} ${workerTid}\n`);
    loop(unitMain, workerTid);
  });
} else {
  parentPort.postMessage(tid());
  loop(unitWorker, workerData.mainTid);
}
globalThis.sink = () => sink;
