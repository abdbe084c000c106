// When the answer as a whole has settled (lib/report/settled.ts): the leading lines known to
// +/- 0.1 and in a clear order, and no line a sampling profile calls hot still unranked.
// The last rule is what `run --until confident` once lacked: 13 experiments into a run of a
// 3:1 program with both lines equal (2:2), one line was ranked, the other (half the samples)
// was not yet, and the answer was called settled after 7 s.
import { describe, expect, it } from 'vitest';
import type { SiteReport } from '../lib/report';
import { assessSettled } from '../lib/report/settled';

function site(name: string, fields: Partial<SiteReport>): SiteReport {
  const slope = fields.slope ?? 0.5;
  const se = fields.slopeStdErr ?? 0.02;
  return {
    site: name,
    kind: 'own',
    function: null,
    progressPoint: 'iter',
    pointKind: 'throughput',
    impact: slope,
    slope,
    slopeStdErr: se,
    slopeLow: slope - 1.96 * se,
    slopeHigh: slope + 1.96 * se,
    sampleShare: 0.5,
    experiments: 10,
    trusted: true,
    untrustedReasons: [],
    evidence: {
      settled: 1.96 * se <= 0.1,
      halfWidth: 1.96 * se,
      moreExperiments: 0,
      moreSeconds: 0,
    },
    rows: [],
    ...fields,
  } as SiteReport;
}

const unranked = (name: string, sampleShare: number) =>
  site(name, {
    trusted: false,
    untrustedReasons: ['3 experiments (needs 5)'],
    slope: 0.4,
    slopeStdErr: 0.3,
    sampleShare,
  });

describe('the answer settles', () => {
  it('with two lines far apart, both measured', () => {
    const s = assessSettled([site('a.js:1', { slope: 0.75 }), site('a.js:2', { slope: 0.25 })]);
    expect(s.settled).toBe(true);
    expect(s.reason).toMatch(/a\.js:1 leads/);
  });

  it('not while a line with half the samples is still unranked, and says which', () => {
    const s = assessSettled([site('a.js:2', { slope: 0.45 }), unranked('a.js:1', 0.5)]);
    expect(s.settled).toBe(false);
    expect(s.reason).toMatch(
      /a\.js:1 has 50% of the samples but cannot be ranked yet \(3 experiments/,
    );
  });

  it('without waiting for a cool line that is still unranked', () => {
    const s = assessSettled([site('a.js:2', { slope: 0.45 }), unranked('a.js:9', 0.03)]);
    expect(s.settled).toBe(true);
  });

  it('not while two leading lines are too close to call', () => {
    const s = assessSettled([site('a.js:1', { slope: 0.5 }), site('a.js:2', { slope: 0.48 })]);
    expect(s.settled).toBe(false);
    expect(s.reason).toMatch(/too close to call/);
  });
});
