// Rule 4 of the wake rules: a thread pays what it owes before it wakes another.
//
// A thread that owes delay and runs JS without paying it: woken in its event loop by a
// completion of the threadpool (fs.open() of a FIFO, which the hitter worker opens for
// writing once it has inserted GROWTH_MS of global delay), in that completion's callback, until
// the loop's check phase settles the wake. There it wakes another thread, and right after
// it must owe (about) nothing.
//
// argv[2] = 'senders': the main thread does this once per way of waking another thread:
//   'port' (MessagePort.postMessage), 'worker' (worker.postMessage), 'broadcast'
//   (BroadcastChannel.postMessage), 'notify' (Atomics.notify of a worker in Atomics.wait).
//   Prints {senders: {<how>: {debtBeforeMs, debtAfterMs, paidMs, windows}}}.
// argv[2] = 'exit': a worker does it by exiting (process.exit() in the callback), which wakes
//   the main thread, blocked meanwhile. Prints {exit: {threadId, debtBeforeMs, paidBeforeMs,
//   exitMs}, parent}: exitMs from the process.exit() call to the main thread's 'exit' event;
//   parent, between() of the main thread from the hitter's start to the 'exit' event (the
//   exit of a worker that paid first should wake it as a message does: credited). With
//   CAUSALPROF_DEBUG_DELAYS=1 the addon prints on stderr what the worker paid in all.
const { once } = require('node:events');
const fs = require('node:fs');
const {
  BroadcastChannel,
  isMainThread,
  MessageChannel,
  parentPort,
  Worker,
  workerData,
} = require('node:worker_threads');
const {
  native,
  spinForGrowth,
  startHitting,
  state,
  between,
  debtMs,
  report,
  makeFifo,
  owingWindow,
} = require('./wake-common');

async function senders(hitter, fifo) {
  const receiver = new Worker(__filename, { workerData: { role: 'receiver' } });
  const { port1, port2 } = new MessageChannel();
  const bc = new BroadcastChannel('causalprof-wake-test');
  const shared = new Int32Array(new SharedArrayBuffer(4));
  receiver.postMessage({ port: port1, shared: shared.buffer }, [port1]);
  await once(receiver, 'message'); // ready
  const wakes = {
    port: () => port2.postMessage('wake'),
    worker: () => receiver.postMessage('wake'),
    broadcast: () => bc.postMessage('wake'),
    notify: () => {
      Atomics.store(shared, 0, 1);
      Atomics.notify(shared, 0);
    },
  };
  startHitting();
  const out = {};
  for (const [how, wake] of Object.entries(wakes)) {
    if (how === 'notify') {
      receiver.postMessage('atomics-wait');
      await once(receiver, 'message'); // about to wait
    }
    out[how] = await new Promise((resolve) => {
      owingWindow(
        fifo,
        () => hitter.postMessage(fifo),
        (before, windows) => {
          wake();
          const after = state();
          resolve({
            debtBeforeMs: debtMs(before),
            debtAfterMs: debtMs(after),
            paidMs: (after.paidNs - before.paidNs) / 1e6,
            windows,
          });
        },
      );
    });
  }
  native.endExperiment();
  bc.close();
  report({ senders: out });
  process.exit(0);
}

async function exiting(hitter, fifo) {
  // [0] debt before (ns), [1] paid before (ns), [2] when process.exit() was called (ns).
  const shared = new Float64Array(new SharedArrayBuffer(24));
  const exiter = new Worker(__filename, {
    workerData: { role: 'exiter', fifo, shared: shared.buffer },
  });
  await once(exiter, 'message'); // ready
  const threadId = exiter.threadId;
  startHitting();
  exiter.postMessage('go');
  await once(exiter, 'message'); // its fs.open() is waiting: let the hitter go
  exiter.on('message', () => hitter.postMessage(fifo)); // another window
  native.catchUp();
  const s0 = state();
  hitter.postMessage(fifo);
  await once(exiter, 'exit'); // the exit wakes this thread
  const exitMs = Number(process.hrtime.bigint()) / 1e6 - shared[2] / 1e6;
  const s1 = state();
  native.endExperiment();
  report({
    exit: {
      threadId,
      debtBeforeMs: shared[0] / 1e6,
      paidBeforeMs: shared[1] / 1e6,
      exitMs,
    },
    parent: between(s0, s1),
  });
  process.exit(0);
}

async function main(mode) {
  const fifo = makeFifo();
  const hitter = new Worker(__filename, { workerData: { role: 'hitter' } });
  await once(hitter, 'message'); // ready
  await (mode === 'exit' ? exiting(hitter, fifo) : senders(hitter, fifo));
}

function hitter() {
  parentPort.on('message', (fifo) => {
    spinForGrowth();
    fs.closeSync(fs.openSync(fifo, 'w'));
  });
  parentPort.postMessage('ready');
}

function receiver() {
  const bc = new BroadcastChannel('causalprof-wake-test');
  bc.onmessage = () => {};
  parentPort.once('message', ({ port, shared }) => {
    port.on('message', () => {});
    const flag = new Int32Array(shared);
    parentPort.on('message', (m) => {
      if (m !== 'atomics-wait') return;
      parentPort.postMessage('waiting');
      Atomics.wait(flag, 0, 0, 10_000);
      bc.close();
      port.close();
      parentPort.close();
    });
    parentPort.postMessage('ready');
  });
}

function exiter() {
  const shared = new Float64Array(workerData.shared);
  // Some heap (~30 MB), as a real worker has: disposing of it makes the worker's teardown
  // outlast the closing of its message ports by a few ms, so that its parent always sees
  // those ports close before it learns of the exit (with an empty heap, only sometimes).
  globalThis.ballast = Array.from({ length: 300_000 }, (_, i) => ({ i, s: `item ${i}` }));
  parentPort.once('message', () => {
    owingWindow(
      workerData.fifo,
      () => parentPort.postMessage('armed'),
      (before) => {
        shared[0] = before.globalNs - before.localNs;
        shared[1] = before.paidNs;
        shared[2] = Number(process.hrtime.bigint());
        process.exit(0);
      },
    );
  });
  parentPort.postMessage('ready');
}

if (isMainThread) main(process.argv[2] || 'senders');
else if (workerData.role === 'hitter') hitter();
else if (workerData.role === 'receiver') receiver();
else exiter();
