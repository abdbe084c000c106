// Single-thread ground truth: one loop, two lines 3:1 in cost (LINE-3X, LINE-1X), and
// progress('iter') once per iteration. With one thread the causal answer is the sampling
// answer: removing a fraction s of LINE-3X's work speeds the program up by about 0.75 s,
// of LINE-1X's by about 0.25 s.
//
// Every marked loop in these workloads is one chain of dependent square roots, so its speed
// is the latency of sqrt, whatever the address V8 gave the code. The earlier loop of
// independent sqrt() calls depended on code placement (presumably front-end alignment): on
// one CI machine LINE-1X's copy ran ~27% slower per iteration than LINE-3X's in the plain
// runs, and the 3:1 structure the test assumes no longer held.
//
// Env: RUN_MS (3000), WARMUP_MS (300), UNIT_ITERS (4.5e5, ~2.5 ms; an iteration is 4 units),
// REMOVE_3X / REMOVE_1X (fraction of that line's iterations really removed), UNITS_3X and
// UNITS_1X (3 and 1: the lines' costs; equal costs make two lines too close to call).
// Prints {"units":..,"windowMs":..,"rate":iterations per second,...} on stdout.
const { progress } = require('../..');
const { now, envNumber, removal, Meter, printResult } = require('./causal-meter');

const UNIT_ITERS = envNumber('UNIT_ITERS', 4.5e5);

function run(n3, n1, meter) {
  let checksum = 0;
  let iters = 0;
  for (;;) {
    let x = 0;
    for (let i = 0; i < n3; i++) x = Math.sqrt(x + i); // LINE-3X
    for (let i = 0; i < n1; i++) x = Math.sqrt(x + i); // LINE-1X
    checksum += x;
    iters++;
    progress('iter');
    if (meter.tick()) return { iters, checksum };
  }
}

const meter = new Meter(now());
const { iters, checksum } = run(
  Math.round(envNumber('UNITS_3X', 3) * UNIT_ITERS * (1 - removal('3X'))),
  Math.round(envNumber('UNITS_1X', 1) * UNIT_ITERS * (1 - removal('1X'))),
  meter,
);
printResult(meter.result({ iters, checksum: checksum > 0 }));
