// Pipeline ground truth. Three worker stages connected by MessageChannel ports:
// stage1 (LINE-S1) -> stage2 (LINE-S2, the bottleneck) -> stage3 (LINE-S3), which calls
// progress('item'). Credit-based flow control: stage1 starts with INFLIGHT credits (4) and
// makes an item only when it holds one; stage3 returns a credit to stage1 per item. Queues
// stay bounded, and stage1 and stage3 spend most of their time blocked waiting for messages.
// Throughput = 1 / (stage2's cost per item): removing a fraction s of LINE-S2's work speeds
// the program up by s; removing LINE-S1's or LINE-S3's work changes nothing.
//
// Stage costs are COST_S1 : COST_S2 : COST_S3 units of UNIT_ITERS iterations each. The
// defaults are 2 : 8 : 1, not 1 : 2 : 1, because this machine has 2 cores: with 1 : 2 : 1 and
// stage2 sped up by 50% the stages would need 3 cores, stage2 would compete with the others
// for CPU, and the real speedup would be ~0.26, not 0.5 (measured). With 2 : 8 : 1, stage1
// and stage3 take turns on the second core (a credit comes back when stage3 is done), using
// 2 + 1 = 3 units of it per item while stage2 takes 8 (4 at s = 0.5). Stage1 is as heavy as
// that allows so that it has ~18% of the samples: a profiler that answered with the sampling
// share (0.09 at s = 0.5) rather than the causal one (0) would be caught.
//
// Env: RUN_MS (3000), WARMUP_MS (300), UNIT_ITERS (1.8e5, ~1 ms), COST_S1/S2/S3 (2, 8, 1),
// INFLIGHT (4), REMOVE_S1 / REMOVE_S2 / REMOVE_S3 (fraction of that line's work removed).
// The marked loops read their bound from a local (`const m = n`), as in causal-forkjoin.js.
// The loops are latency-bound sqrt chains, for the reason given in causal-single.js.
// Prints {"units":..,"windowMs":..,"rate":items per second,...} on stdout.
const { Worker, MessageChannel, isMainThread, workerData } = require('node:worker_threads');
const { progress } = require('../..');
const { now, envNumber, removal, Meter, printResult } = require('./causal-meter');

const UNIT_ITERS = envNumber('UNIT_ITERS', 1.8e5);
const INFLIGHT = envNumber('INFLIGHT', 4);

function iterations(stage, defaultCost) {
  return Math.round(envNumber(`COST_${stage}`, defaultCost) * UNIT_ITERS * (1 - removal(stage)));
}

function stage1({ n, out, credits }) {
  let available = INFLIGHT;
  let seq = 0;
  const produce = () => {
    while (available > 0) {
      available--;
      const m = n;
      let x = 0;
      for (let i = 0; i < m; i++) x = Math.sqrt(x + i); // LINE-S1
      out.postMessage({ seq: seq++, x });
    }
  };
  credits.on('message', () => {
    available++;
    produce();
  });
  produce();
}

function stage2({ n, input, out }) {
  input.on('message', (item) => {
    const m = n;
    let x = 0;
    for (let i = 0; i < m; i++) x = Math.sqrt(x + i); // LINE-S2
    out.postMessage({ seq: item.seq, x: item.x + x });
  });
}

function stage3({ n, input, credits, report, t0 }) {
  const meter = new Meter(t0);
  let expected = 0;
  let checksum = 0;
  input.on('message', (item) => {
    if (item.seq !== expected) throw new Error(`item ${item.seq} arrived, expected ${expected}`);
    expected++;
    const m = n;
    let x = 0;
    for (let i = 0; i < m; i++) x = Math.sqrt(x + i); // LINE-S3
    checksum += item.x + x;
    progress('item');
    if (meter.tick()) {
      input.close();
      credits.close();
      report.postMessage(meter.result({ items: expected, checksum: checksum > 0 }));
      report.close();
      return;
    }
    credits.postMessage(1);
  });
}

function main() {
  const t0 = now();
  const s12 = new MessageChannel();
  const s23 = new MessageChannel();
  const s31 = new MessageChannel();
  const s3m = new MessageChannel();
  const spawn = (data, transfer) =>
    new Worker(__filename, { workerData: data, transferList: transfer });
  const workers = [
    spawn({ stage: 1, n: iterations('S1', 2), out: s12.port1, credits: s31.port2 }, [
      s12.port1,
      s31.port2,
    ]),
    spawn({ stage: 2, n: iterations('S2', 8), input: s12.port2, out: s23.port1 }, [
      s12.port2,
      s23.port1,
    ]),
    spawn(
      {
        stage: 3,
        n: iterations('S3', 1),
        input: s23.port2,
        credits: s31.port1,
        report: s3m.port1,
        t0,
      },
      [s23.port2, s31.port1, s3m.port1],
    ),
  ];
  s3m.port2.once('message', (result) => {
    s3m.port2.close();
    Promise.all(workers.map((w) => w.terminate())).then(() => {
      printResult(result);
    });
  });
}

if (isMainThread) main();
else if (workerData.stage === 1) stage1(workerData);
else if (workerData.stage === 2) stage2(workerData);
else stage3(workerData);
