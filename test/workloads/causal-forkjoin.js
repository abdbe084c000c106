// Fork-join ground truth. Main thread + 2 persistent workers. Each round the main thread
// posts "go" to both; worker A does 2 units of CPU work, worker B 1 unit; both reply, the
// main thread waits for both (the join), calls progress('round') and starts the next round.
// A is the critical path; B's work never matters.
//
// WORK chooses what the units are:
// - loop (default): A's 2 units on LINE-A, B's 1 on LINE-B, sqrt loops. Removing a fraction s
//   of LINE-A's work speeds the program up by about s (up to s = 0.5, where A and B cost the
//   same).
// - internal: Node's own JavaScript. A does 1 unit of buf.fill(<string>, 'latin1') on a 4 MB
//   buffer (CALL-A-INTERNAL: ~98% of its time is under one line of node:buffer's _fill, the
//   call into C++) and 1 unit of LINE-A; B does 1 unit of MD5 hashing (CALL-B-INTERNAL: ~99%
//   under one line of node:internal/crypto/hash, Hash.prototype.update's call into C++).
//   Neither allocates or is small enough for TurboFan to inline into the caller (inlined
//   code is attributed to the caller's line: buf.compare(), buf.swap32() and buf.indexOf()
//   put 50-97% of their samples there). Buffer.from(<string>) was tried for A first:
//   allocating 40 MB of external memory a round made the rate vary by 40% run to run, and
//   so did buf.toString() for B.
// - native: native functions. A does 1 unit of SHA-256 hashing (CALL-A-NATIVE: OpenSSL's block
//   function, ~95% of a hash call's time) and 1 unit of LINE-A; B does 1 unit of
//   zlib.deflateSync (CALL-B-NATIVE: deflate_slow, longest_match, compress_block).
// With internal or native work, REMOVE_A / REMOVE_B remove that fraction of A's or B's calls,
// and removing s of A's calls speeds the program up by about s / 2.
//
// The structure needs one unit of calls to cost what one unit of LINE-A costs, and the ratio
// is the machine's: on one VM a unit was 26 SHA-256 calls or 19 deflates, on another 21 and
// 10.5 (SHA extensions, memory bandwidth and the host's load all differ), and with fixed
// counts CI's real speedup at 25% read 0.064 and 0.188 where the structure says 0.125. So
// the count is measured: CALIBRATE=1 makes each worker time its loop unit and its call and
// prints {"A":calls,"B":calls} (the tests do this once and pass the counts to every run, so
// that runs compared with each other do the same work); without CALLS_A / CALLS_B a worker
// calibrates itself before its first round.
//
// Env: RUN_MS (default 3000), WARMUP_MS (300), UNIT_ITERS (1.2e6, ~7-12 ms), CALLS_A /
// CALLS_B (calls making one unit of internal or native work), CALIBRATE, REMOVE_A /
// REMOVE_B (fraction of that line's iterations, or of those calls, really removed).
// The marked loops read their bound from a local (a parameter of `work`): in a worker's message
// handler V8 ran the same loop with its bound read from the closure about 1.5x slower.
// The loops are latency-bound sqrt chains, for the reason given in causal-single.js.
// Prints {"units":..,"windowMs":..,"rate":rounds per second,...} on stdout.
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');
const { progress } = require('../..');
const { now, envNumber, removal, Meter, printResult } = require('./causal-meter');

const UNIT_ITERS = envNumber('UNIT_ITERS', 1.2e6);
const WORK = process.env.WORK || 'loop';
if (!['loop', 'internal', 'native'].includes(WORK))
  throw new Error(`WORK=${WORK}: loop, internal or native`);
const CALIBRATE = process.env.CALIBRATE === '1';

function medianMs(f, reps) {
  const t = [];
  for (let i = 0; i < reps; i++) {
    const t0 = now();
    f();
    t.push(now() - t0);
  }
  t.sort((a, b) => a - b);
  return t[reps >> 1];
}

/**
 * Calls of `work(0, k)` that cost what `work(UNIT_ITERS, 0)` does, in this thread: from
 * CALLS_<role>, or timed (medians of 15 after warm-up; spread about 5% between runs here).
 */
function callsPerUnit(role, work) {
  const fixed = envNumber(`CALLS_${role}`, 0);
  if (fixed > 0) return fixed;
  const probe = 4;
  for (let i = 0; i < 10; i++) work(UNIT_ITERS, 0) + work(0, probe);
  const loopMs = medianMs(() => work(UNIT_ITERS, 0), 15);
  const callMs = medianMs(() => work(0, probe), 15) / probe;
  return Math.max(1, Math.round(loopMs / callMs));
}

/** The calls of one round: a unit's worth, less the share REMOVE_<role> really removes. */
function serve(role, n, work) {
  if (WORK === 'loop') {
    parentPort.on('message', (round) => parentPort.postMessage({ round, x: work(n, 0) }));
    return;
  }
  const per = callsPerUnit(role, work);
  if (CALIBRATE) {
    parentPort.postMessage({ calibrated: per });
    return;
  }
  const k = Math.round(per * (1 - removal(role)));
  parentPort.on('message', (round) => parentPort.postMessage({ round, x: work(n, k) }));
}

// Node's code that TurboFan inlines into the caller is sampled as the caller's line (V8's
// code events say nothing of inlining: README, "Node's own code as sites"). A call site that
// has seen more than four targets is megamorphic, and TurboFan inlines nothing there, so
// internal work goes through `uninlined`: Node's functions keep frames of their own, as
// they do where Node's code calls them. (Called directly, buf.fill() and _fill() were
// inlined into the handler after warm-up.)
const TARGETS = [() => 0, () => 1, () => 2, () => 3, null];
function uninlined(target, self, a, b) {
  TARGETS[4] = target;
  return TARGETS[4].call(self, a, b);
}
for (let i = 0; i < 4; i++) uninlined(TARGETS[i], null, 0, 0);

function workerA(n) {
  const FILLED = Buffer.alloc(1 << 22);
  const crypto = require('node:crypto');
  const DATA = crypto.randomBytes(1 << 19);
  serve('A', n, (m, k) => {
    let x = 0;
    for (let i = 0; i < m; i++) x = Math.sqrt(x + i); // LINE-A
    for (let c = 0; c < k; c++) {
      if (WORK === 'internal')
        x += uninlined(Buffer.prototype.fill, FILLED, 'hello world, ', 'latin1')[c]; // CALL-A-INTERNAL
      else x += crypto.createHash('sha256').update(DATA).digest()[0]; // CALL-A-NATIVE
    }
    return x;
  });
}

function workerB(n) {
  const zlib = require('node:zlib');
  const crypto = require('node:crypto');
  const HASHED = Buffer.alloc(1 << 18, 'hello world, ');
  const HASH_UPDATE = Object.getPrototypeOf(crypto.createHash('md5')).update;
  const DATA = Buffer.from(
    crypto
      .randomBytes(1 << 14)
      .toString('base64')
      .repeat(4),
  );
  serve('B', n, (m, k) => {
    let x = 0;
    for (let i = 0; i < m; i++) x = Math.sqrt(x + i); // LINE-B
    for (let c = 0; c < k; c++) {
      if (WORK === 'internal')
        x += uninlined(HASH_UPDATE, crypto.createHash('md5'), HASHED).digest()[0]; // CALL-B-INTERNAL
      else x += zlib.deflateSync(DATA).length; // CALL-B-NATIVE
    }
    return x;
  });
}

function main() {
  const t0 = now();
  const meter = new Meter(t0);
  const loopOnly = WORK === 'loop';
  const a = new Worker(__filename, {
    workerData: {
      role: 'A',
      n: Math.round((loopOnly ? 2 : 1) * UNIT_ITERS * (loopOnly ? 1 - removal('A') : 1)),
    },
  });
  const b = new Worker(__filename, {
    workerData: { role: 'B', n: loopOnly ? Math.round(UNIT_ITERS * (1 - removal('B'))) : 0 },
  });
  if (CALIBRATE) {
    const per = {};
    const onCalibrated = (role) => (msg) => {
      per[role] = msg.calibrated;
      if (per.A === undefined || per.B === undefined) return;
      process.stdout.write(`${JSON.stringify(per)}\n`);
      a.terminate();
      b.terminate();
    };
    a.on('message', onCalibrated('A'));
    b.on('message', onCalibrated('B'));
    return;
  }
  let round = 0;
  let pending = 0;
  let checksum = 0;
  const go = () => {
    round++;
    pending = 2;
    a.postMessage(round);
    b.postMessage(round);
  };
  const onReply = (msg) => {
    if (msg.round !== round) throw new Error(`reply for round ${msg.round} during ${round}`);
    checksum += msg.x;
    if (--pending > 0) return;
    progress('round');
    if (meter.tick()) {
      const result = meter.result({ rounds: round, checksum: checksum > 0 });
      Promise.all([a.terminate(), b.terminate()]).then(() => {
        printResult(result);
      });
      return;
    }
    go();
  };
  a.on('message', onReply);
  b.on('message', onReply);
  go();
}

if (isMainThread) main();
else if (workerData.role === 'A') workerA(workerData.n);
else workerB(workerData.n);
