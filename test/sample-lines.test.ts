// The sampler attributes samples to the right line of the running function, in the main
// thread and in workers, with the agent's tiers and interpreted-only.
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { leafSamples, lineOf, readPprof, runCli, tempDir, WORKLOADS } from './helpers/profile';

const TWO_LOOPS = path.join(WORKLOADS, 'two-loops.js');
const LOOP_3X = lineOf(TWO_LOOPS, 'LOOP-3X');
const LOOP_1X = lineOf(TWO_LOOPS, 'LOOP-1X');
const CALLER = lineOf(TWO_LOOPS, 'CALLER');

function profileTwoLoops(nodeFlags: string[], where: 'main' | 'worker', workMs = 2500) {
  const out = path.join(tempDir(), 'cpu.pb.gz');
  const r = runCli(['sample', '-o', out, '--', process.execPath, ...nodeFlags, TWO_LOOPS, where], {
    env: { WORK_MS: String(workMs) },
  });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).toMatch(/wrote .*cpu\.pb\.gz: \d+ samples/);
  return readPprof(out).rows;
}

const variants: [string, string[]][] = [
  ['default tiers', []],
  // --no-opt leaves Maglev on where it is on by default (Node 24): off too, for the interpreter alone.
  ['interpreted only', ['--no-opt', '--no-sparkplug', '--no-maglev']],
];

describe.each(variants)('two loops 3:1 (%s)', (_name, flags) => {
  it.each(['main', 'worker'] as const)(
    'sampled ratio is 3 within 20%% in the %s thread',
    (where) => {
      const rows = profileTwoLoops(flags, where);
      const isThread = (t: string) => (where === 'main' ? t === 'main' : t.startsWith('worker'));
      const three = leafSamples(rows, 'two-loops.js', LOOP_3X, isThread);
      const one = leafSamples(rows, 'two-loops.js', LOOP_1X, isThread);
      const caller = leafSamples(rows, 'two-loops.js', CALLER, isThread);
      expect(three + one).toBeGreaterThan(1000); // ~2.5 s at 1 kHz, most of it in the loops
      expect(three / one).toBeGreaterThan(3 * 0.8);
      expect(three / one).toBeLessThan(3 * 1.2);
      // The running function, not its caller, carries the samples.
      expect(caller).toBeLessThan((three + one) * 0.05);
      // ... under its own name, also where TurboFan inlined it into its caller.
      const names = new Set(
        rows
          .filter((r) => r.frames[0]?.line === LOOP_3X || r.frames[0]?.line === LOOP_1X)
          .map((r) => r.frames[0]?.name),
      );
      expect([...names]).toEqual(['work']);
    },
  );
});

describe('sampling under code moves', () => {
  it('keeps lines right while the GC compacts (and moves bytecode) on every collection', () => {
    // The collections take ~80% of the time (every interpreted Math.sqrt allocates a
    // HeapNumber), so the loops get ~130 samples a second: 10 s gives LOOP-1X ~400, enough
    // that 20% is over 3 standard errors of the ratio (2.5 s failed on Node 24 in CI).
    const rows = profileTwoLoops(
      ['--no-opt', '--no-sparkplug', '--no-maglev', '--stress-compaction', '--gc-interval=2000'],
      'main',
      10_000,
    );
    const three = leafSamples(rows, 'two-loops.js', LOOP_3X);
    const one = leafSamples(rows, 'two-loops.js', LOOP_1X);
    const gc = rows
      .filter((r) => r.frames[0]?.name === '(garbage collector)')
      .reduce((n, r) => n + r.samples, 0);
    expect(gc).toBeGreaterThan(0); // the collections really happened and are labelled
    expect(one).toBeGreaterThan(250); // enough samples for the ratio to mean something
    expect(three / one).toBeGreaterThan(3 * 0.8);
    expect(three / one).toBeLessThan(3 * 1.2);
  });
});
