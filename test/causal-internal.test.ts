// Node's own JavaScript as causal sites (`--scope 'node:*'`). Fork-join: worker A (the
// critical path) fills a 4 MB buffer with buf.fill(<string>) for 1 unit and runs LINE-A for
// 1 more; worker B (off the critical path) hashes with MD5 for 1 unit. Nearly all of A's fill
// time is under one line of node:buffer (the call from _fill into C++), and of B's under one
// line of node:internal/crypto/hash; their numbers differ between Node lines, so the test
// finds them from a short run. Removing a fraction s of A's fill calls really speeds the
// program up by about s / 2; removing B's does nothing.
import { describeCausalAcceptance } from './helpers/acceptance';
import { discoverTopSite } from './helpers/causal-cli';
import { workload } from './helpers/workloads';

const env = { WORK: 'internal' };
const runArgs = ['--scope', 'node:*'];
const discover = (prefix: string) => () =>
  discoverTopSite(workload('causal-forkjoin.js'), prefix, { env, args: runArgs });

describeCausalAcceptance({
  workload: 'causal-forkjoin.js',
  variant: 'internal',
  env,
  calibrate: true,
  runArgs,
  progressPoint: 'round',
  critical: { discover: discover('node:buffer:'), remove: 'A' },
  // A = 1 unit of fill + 1 unit of loop against B's 1 unit: removing s of the fills takes
  // s / 2 off the round (measured 0.23 at s = 0.5 on the development VM).
  criticalIdeal: (s) => s / 2,
  other: { discover: discover('node:internal/crypto/hash:'), remove: 'B' },
  otherIdeal: () => 0,
  otherOffCritical: true,
  // This workload's rate varies more from run to run than the others' (a 4 MB fill is
  // memory-bound): the spread (max - min) / median of 5 baseline runs was 0.11 on Node 20 and
  // 0.17 on Node 24 (2026-12-02), against 0.02-0.09 for the loop and native workloads. The
  // real speedups then missed what the structure implies (s / 2) by 0.02-0.04 on Node 22
  // and 24, more than the profiler's predictions did (0.012-0.028); the two errors, in
  // opposite directions, together exceeded the 0.05 tolerance on both lines. 11 runs per
  // variant shrink the medians' error by about sqrt(11 / 5) = 1.5.
  realReps: 11,
  // On Node 22 the prediction for the fill line reads 0.133 and 0.266 against a real 0.107
  // and 0.210, in two runs out of two (2026-12-02); on Node 24 the real speedups scatter by
  // 0.06 between runs even over 11 runs each. Not understood yet: Node's own JavaScript as
  // a site is validated on Node 20 only.
  holdsOn: {
    majors: [20],
    elsewhere: 'over-predicts on 22 (0.27 vs 0.21 at 50%), real speedups too noisy on 24',
  },
});
