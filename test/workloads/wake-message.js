// Rule 1 of the wake rules: a thread blocked in its event loop and woken by a message from
// another profiled thread skips (is credited) the delays inserted while it waited.
//
// argv[2] = 'parent': the hitter wakes the main thread (a Worker's message to its parent),
//   which then wakes a waiter worker (worker.postMessage, the parent's message to a worker).
// argv[2] = 'port': the hitter wakes a waiter worker over a MessageChannel port.
// argv[2] = 'broadcast': the hitter wakes a waiter worker over a BroadcastChannel.
// Prints {main?, waiter}: between() of each waiter, from blocking to the wake (atWake) and
// ~20 ms later (settled).
const { once } = require('node:events');
const {
  BroadcastChannel,
  isMainThread,
  MessageChannel,
  parentPort,
  Worker,
  workerData,
} = require('node:worker_threads');
const { native, spinForGrowth, startHitting, state, between, report } = require('./wake-common');

const SETTLE_MS = 20;
const CHANNEL = 'causalprof-wake-message';

async function main(mode) {
  const hitter = new Worker(__filename, { workerData: { role: 'hitter' } });
  const waiter = new Worker(__filename, { workerData: { role: 'waiter' } });
  await Promise.all([once(hitter, 'message'), once(waiter, 'message')]); // both ready
  const block = { cmd: 'block' };
  const go = { cmd: 'go' };
  const { port1, port2 } = new MessageChannel();
  if (mode === 'port') {
    block.port = port1;
    go.port = port2;
  } else if (mode === 'broadcast') {
    block.channel = CHANNEL;
    go.channel = CHANNEL;
  }
  startHitting();
  native.catchUp();
  waiter.postMessage(block, block.port ? [port1] : []);
  await once(waiter, 'message'); // blocked
  const waiterReport = once(waiter, 'message');
  const s0 = state();
  hitter.postMessage(go, go.port ? [port2] : []);
  const out = {};
  if (mode === 'parent') {
    await once(hitter, 'message'); // the hitter's message wakes this thread
    const s1 = state();
    waiter.postMessage('wake');
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    out.main = { atWake: between(s0, s1), settled: between(s0, state()) };
  }
  const [w] = await waiterReport;
  out.waiter = w.result;
  native.endExperiment();
  report(out);
  process.exit(0);
}

function hitter() {
  parentPort.on('message', ({ port, channel }) => {
    const to = port ?? (channel ? new BroadcastChannel(channel) : parentPort);
    const reached = spinForGrowth();
    to.postMessage({ reached });
    if (channel) to.close();
  });
  parentPort.postMessage('ready');
}

function waiter() {
  let s0;
  const onWake = () => {
    const s1 = state();
    setTimeout(() => {
      const s2 = state();
      parentPort.postMessage({ result: { atWake: between(s0, s1), settled: between(s0, s2) } });
    }, SETTLE_MS);
  };
  parentPort.on('message', (m) => {
    if (m.cmd !== 'block') return onWake();
    if (m.port) m.port.once('message', onWake);
    if (m.channel) {
      const bc = new BroadcastChannel(m.channel);
      bc.onmessage = () => {
        bc.close();
        onWake();
      };
    }
    native.catchUp();
    s0 = state();
    parentPort.postMessage('blocked'); // then back to the event loop, to block there
  });
  parentPort.postMessage('ready');
}

if (isMainThread) main(process.argv[2] || 'parent');
else if (workerData.role === 'hitter') hitter();
else waiter();
