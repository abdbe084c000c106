// Node's own JavaScript as causal sites (`--scope 'node:*'`). Fork-join: worker A (the
// critical path) fills a 4 MB buffer with buf.fill(<string>) for 1 unit and runs LINE-A for
// 1 more; worker B (off the critical path) hashes with MD5 for 1 unit. Nearly all of A's fill
// time is under one line of node:buffer (the call from _fill into C++), and of B's under one
// line of node:internal/crypto/hash; their numbers differ between Node lines, so the test
// finds them from a short run. Removing a fraction s of A's fill calls really speeds the
// program up by about s / 2; removing B's does nothing.
import { describeCausalAcceptance, discoverTopSite, workload } from './helpers/causal';

const env = { WORK: 'internal' };
const runArgs = ['--scope', 'node:*'];
const discover = (prefix: string) => () =>
  discoverTopSite(workload('causal-forkjoin.js'), prefix, { env, args: runArgs });

describeCausalAcceptance({
  workload: 'causal-forkjoin.js',
  variant: 'internal',
  env,
  runArgs,
  progressPoint: 'round',
  critical: { discover: discover('node:buffer:'), remove: 'A' },
  // A = 1 unit of fill + 1 unit of loop against B's 1 unit: removing s of the fills takes
  // s / 2 off the round (measured 0.23 at s = 0.5 on the development VM).
  criticalIdeal: (s) => s / 2,
  other: { discover: discover('node:internal/crypto/hash:'), remove: 'B' },
  otherIdeal: () => 0,
  otherOffCritical: true,
});
