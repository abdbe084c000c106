// Pipeline: stage1 (LINE-S1) -> stage2 (LINE-S2, the bottleneck) -> stage3 (LINE-S3), credit
// flow control. Throughput is stage2's: speeding it speeds the program; speeding stage1 does not.
import { expect } from 'vitest';
import { describeCausalAcceptance } from './helpers/acceptance';
import { rowAt } from './helpers/causal-cli';
import { r3 } from './helpers/stats';

describeCausalAcceptance({
  workload: 'causal-pipeline.js',
  progressPoint: 'item',
  critical: { marker: 'LINE-S2', remove: 'S2' },
  // period = stage2's cost while it is the largest and the 2 cores suffice (2 : 8 : 1 costs)
  criticalIdeal: (s) => s,
  other: { marker: 'LINE-S1', remove: 'S1' },
  otherIdeal: () => 0,
  otherOffCritical: true,
  extra: ({ other }) => {
    // Stage1 has ~18% of the samples: a sampling profile would predict ~0.09 at 50%, which the
    // 0.05 tolerance around zero tells apart from the causal answer.
    const row = rowAt(other, 0.5);
    expect(
      row?.scaledSamples,
      `scaledSamples of LINE-S1 @0.5: ${r3(row?.scaledSamples)}`,
    ).toBeGreaterThan(0.06);
  },
});
