// Fork-join: worker A (2 units, LINE-A) and worker B (1 unit, LINE-B) each round, joined by
// the main thread. Only A is on the critical path: the causal profile must predict A's real
// speedup and no effect for B, although B has a third of the workers' samples.
import { expect } from 'vitest';
import { describeCausalAcceptance } from './helpers/acceptance';
import { rowAt } from './helpers/causal-cli';
import { r3 } from './helpers/stats';

describeCausalAcceptance({
  workload: 'causal-forkjoin.js',
  progressPoint: 'round',
  critical: { marker: 'LINE-A', remove: 'A' },
  // round = A's work + a little messaging: about s (at s = 0.5 A costs what B does).
  criticalIdeal: (s) => s,
  // At s = 0.5 A costs what B does and the join waits for the slower of two equal halves, a
  // little more than either: measured real speedups 0.43-0.46 (Node 24, quiet machine). The
  // prediction is held to the real speedup within 0.05 all the same.
  structureTolerance: (s) => (s >= 0.5 ? 0.1 : 0.06),
  other: { marker: 'LINE-B', remove: 'B' },
  otherIdeal: () => 0,
  otherOffCritical: true,
  extra: ({ other }) => {
    // A sampling profile would credit B with its share of samples (~1/3 of the workers'):
    // the causal column must differ from the scaled-samples column here.
    const row = rowAt(other, 0.5);
    expect(
      row?.scaledSamples,
      `scaledSamples of LINE-B @0.5: ${r3(row?.scaledSamples)}`,
    ).toBeGreaterThan(0.1);
  },
});
