// One thread, two lines 3:1 in cost: the causal answer must be the sampling answer
// (speeding LINE-3X by s speeds the program by ~0.75 s, LINE-1X by ~0.25 s).
import { describeCausalAcceptance, TOLERANCE, within } from './helpers/acceptance';
import { rowAt } from './helpers/causal-cli';

describeCausalAcceptance({
  workload: 'causal-single.js',
  progressPoint: 'iter',
  critical: { marker: 'LINE-3X', remove: '3X' },
  criticalIdeal: (s) => 0.75 * s,
  other: { marker: 'LINE-1X', remove: '1X' },
  otherIdeal: (s) => 0.25 * s,
  otherOffCritical: false,
  extra: ({ critical, other }) => {
    for (const [name, site] of [
      ['LINE-3X', critical],
      ['LINE-1X', other],
    ] as const) {
      for (const s of [0.25, 0.5]) {
        const row = rowAt(site, s);
        within(
          row?.programSpeedup,
          row?.scaledSamples ?? Number.NaN,
          TOLERANCE,
          `${name} @${s} causal vs scaled samples`,
        );
      }
    }
  },
});
