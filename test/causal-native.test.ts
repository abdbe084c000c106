// Native functions as causal sites (`--scope native`). Fork-join: worker A (the critical
// path) hashes with SHA-256 for 1 unit (~95% of a hash call's time is OpenSSL's block
// function, sha256_block_data_order_* by CPU) and runs LINE-A for 1 more; worker B (off the
// critical path) compresses with zlib.deflateSync for 1 unit. Removing a fraction s of A's
// hash calls really speeds the program up by about s / 2; removing B's does nothing.
//
// zlib is off the critical path, not on it, because no single deflate function is most of
// deflate's time (deflate_slow 50%, longest_match 31%, compress_block 9% here, and at most
// 78% for deflate_slow over thirteen inputs and settings tried), while a native site is one
// function: removing a share of deflate calls is not the speedup of any one site.
import { expect, it } from 'vitest';
import { describeCausalAcceptance } from './helpers/acceptance';
import { leafFunctionShares, runSample, tempDir } from './helpers/profile';
import { workload } from './helpers/workloads';

const env = { WORK: 'native' };

describeCausalAcceptance({
  workload: 'causal-forkjoin.js',
  variant: 'native',
  env,
  calibrate: true,
  runArgs: ['--scope', 'native'],
  progressPoint: 'round',
  critical: { site: 'sha256_block*', remove: 'A' },
  criticalIdeal: (s) => s / 2,
  other: { site: 'deflate_slow', remove: 'B' },
  otherIdeal: () => 0,
  otherOffCritical: true,
});

it('causalprof sample names the deflate functions and the SHA-256 block function', async () => {
  const out = `${tempDir('causalprof-native-sample-')}/cpu.pb.gz`;
  const r = await runSample(workload('causal-forkjoin.js'), out, {
    env: { ...env, RUN_MS: '2500' },
  });
  expect(r.status, r.stderr).toBe(0);
  const shares = leafFunctionShares(out);
  const names = [...shares.keys()];
  const share = (re: RegExp) =>
    names.filter((n) => re.test(n)).reduce((sum, n) => sum + (shares.get(n) ?? 0), 0);
  console.log(
    `[native sample] leaves: ${[...shares]
      .slice(0, 8)
      .map(([n, v]) => `${n} ${(v * 100).toFixed(1)}%`)
      .join(', ')}`,
  );
  // Each function is named with its object (the node binary, where zlib and OpenSSL are linked).
  expect(share(/^deflate_slow \(.+\)$/)).toBeGreaterThan(0.05);
  expect(share(/^longest_match \(.+\)$/)).toBeGreaterThan(0.02);
  expect(share(/^sha256_block\w* \(.+\)$/)).toBeGreaterThan(0.1);
  expect(share(/^\(native\)$/)).toBeLessThan(0.05);
});
