// Where a site's baseline comes from: every line's 0% experiments of the run, followed through
// time (the default, 'trend') or pooled over the run ('pooled'), or the line's own, as Coz's
// viewer computes it ('per-site'). Here the experiments carry no times, so trend and pooled
// see one constant baseline per run. The fit works in log time per visit weighted by visits
// (lib/report/model.ts): a pooled baseline is the geometric mean of its experiments' periods,
// and figures agree with the exact ones to about 1e-9 (its 1e-10 ridge): 6 places.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExperimentRecord, Profile, ProfileRecord } from '../lib/profile';
import { buildReport, readProfiles, type SiteReport } from '../lib/report';

const COZ_FIXTURES = path.resolve(__dirname, '..', '..', 'shared', 'fixtures', 'coz');

/** One experiment: `visits` visits to `point` over `duration` ns. */
function experiment(
  site: string,
  speedup: number,
  duration: number,
  visits = 100,
  point = 'work',
): ProfileRecord[] {
  return [
    { type: 'experiment', selected: site, speedup, duration, selected_samples: 1 },
    { type: 'throughput-point', name: point, delta: visits },
  ];
}

const FIT_DIGITS = 6;
const POOLED = { baseline: 'pooled' } as const;

/** The visit-weighted geometric mean of periods (equal visits here). */
const geometricMean = (...periods: number[]): number =>
  Math.exp(periods.reduce((sum, p) => sum + Math.log(p), 0) / periods.length);

const profileOf = (records: ProfileRecord[]): Profile => ({
  source: 'p.coz',
  records,
  warnings: [],
});

function site(sites: SiteReport[], name: string, point = 'work'): SiteReport {
  const found = sites.find((s) => s.site === name && s.progressPoint === point);
  if (!found) throw new Error(`no site ${name} [${point}]`);
  return found;
}

describe('pooled baselines', () => {
  // a.js:1 has two 0% experiments (periods 1.0 and 1.2 ms); b.js:2 has one (1.4 ms).
  // Pooled: the table shows (100 + 120 + 140) ms / 300 visits = 1.2 ms per visit; effects are
  // against the geometric mean, 1.189 ms.
  const G = geometricMean(1.0e6, 1.2e6, 1.4e6);
  const records = [
    ...experiment('a.js:1', 0, 100e6),
    ...experiment('a.js:1', 0, 120e6),
    ...experiment('b.js:2', 0, 140e6),
    ...experiment('a.js:1', 0.5, 90e6),
    ...experiment('a.js:1', 1, 60e6),
    ...experiment('b.js:2', 0.5, 108e6),
    ...experiment('b.js:2', 1, 96e6),
    ...experiment('b.js:2', 1, 96e6),
    ...experiment('c.js:3', 0.25, 114e6),
    ...experiment('c.js:3', 0.75, 102e6),
  ];

  it('gives every site of a progress point the sum of all 0% experiments', () => {
    const { sites, baseline } = buildReport([profileOf(records)], POOLED);
    expect(baseline).toBe('pooled');
    for (const name of ['a.js:1', 'b.js:2', 'c.js:3']) {
      const zero = site(sites, name).rows[0];
      expect(zero?.speedup).toBe(0);
      expect(zero?.experiments).toBe(3);
      expect(zero?.nsPerVisit).toBeCloseTo(1.2e6, 6);
    }
    // b.js:2 at 100%: 0.96 ms against the pooled baseline.
    expect(site(sites, 'b.js:2').rows.at(-1)?.programSpeedup).toBeCloseTo(
      1 - 0.96e6 / G,
      FIT_DIGITS,
    );
    // c.js:3 had no 0% experiment of its own; pooled, it has a curve: 1.14 and 1.02 ms.
    const c = site(sites, 'c.js:3');
    expect(c.rows.map((r) => r.programSpeedup)).toEqual([
      0,
      expect.closeTo(1 - 1.14e6 / G, FIT_DIGITS),
      expect.closeTo(1 - 1.02e6 / G, FIT_DIGITS),
    ]);
    expect(c.impact).not.toBeNull();
  });

  it("per-site mode keeps each line's own baseline, and a line without one has no curve", () => {
    const { sites, baseline } = buildReport([profileOf(records)], { baseline: 'per-site' });
    expect(baseline).toBe('per-site');
    expect(site(sites, 'a.js:1').rows[0]).toMatchObject({ experiments: 2 });
    expect(site(sites, 'a.js:1').rows[0]?.nsPerVisit).toBeCloseTo(1.1e6, 6);
    expect(site(sites, 'b.js:2').rows[0]?.nsPerVisit).toBeCloseTo(1.4e6, 6);
    const c = site(sites, 'c.js:3');
    expect(c.impact).toBeNull();
    expect(c.untrustedReasons).toContain('no baseline at 0%');
  });

  it("counts only the site's own experiments towards trust, not the pooled baseline's", () => {
    const { sites } = buildReport([profileOf(records)], POOLED);
    // c.js:3: 2 experiments of its own, 3 pooled baselines.
    const c = site(sites, 'c.js:3');
    expect(c.experiments).toBe(2);
    expect(c.trusted).toBe(false);
    expect(c.untrustedReasons).toContain('too few experiments: 2 of 5 needed');
    // b.js:2: 1 baseline + 3 others = 4 of its own.
    expect(site(sites, 'b.js:2').untrustedReasons).toContain('too few experiments: 4 of 5 needed');
  });

  it('fits the slope through every pooled 0% experiment as well as the site own', () => {
    // Periods fall exactly as G x (1 - 0.4 s) at the other speedups, but the three
    // baselines scatter (1.0, 1.2, 1.4 ms): the slope is exact, its error is not zero.
    const exact = [
      ...records.slice(0, 6),
      ...experiment('d.js:4', 0.5, 0.8 * 100 * G),
      ...experiment('d.js:4', 1, 0.6 * 100 * G),
    ];
    const d = site(buildReport([profileOf(exact)], POOLED).sites, 'd.js:4');
    expect(d.slope).toBeCloseTo(0.4, FIT_DIGITS);
    expect(d.slopeStdErr).toBeGreaterThan(0);
  });

  it('keeps progress points apart: each has its own pooled baseline', () => {
    const two = [
      ...experiment('a.js:1', 0, 100e6, 100, 'fast'),
      ...experiment('a.js:1', 0, 100e6, 10, 'slow'),
      ...experiment('b.js:2', 0, 300e6, 300, 'fast'),
      ...experiment('b.js:2', 0, 300e6, 30, 'slow'),
    ];
    const { sites } = buildReport([profileOf(two)], POOLED);
    expect(site(sites, 'b.js:2', 'fast').rows[0]?.nsPerVisit).toBeCloseTo(1e6, 6);
    expect(site(sites, 'b.js:2', 'slow').rows[0]?.nsPerVisit).toBeCloseTo(1e7, 6);
    expect(site(sites, 'a.js:1', 'slow').rows[0]?.experiments).toBe(2);
  });
});

describe('pooled baselines stay within a run', () => {
  // Two runs appended to one profile; the second ran at half the speed (another process,
  // another moment). Pooling across them would pass that drift off as an effect.
  const records: ProfileRecord[] = [
    { type: 'startup', time: 1 },
    ...experiment('a.js:1', 0, 100e6),
    ...experiment('a.js:1', 0.5, 90e6),
    ...experiment('both.js:3', 0, 100e6),
    { type: 'runtime', time: 2 },
    { type: 'startup', time: 3 },
    ...experiment('b.js:2', 0, 200e6),
    ...experiment('b.js:2', 0.5, 180e6),
    ...experiment('both.js:3', 0.5, 180e6),
    { type: 'runtime', time: 4 },
  ];

  it("a line measured in one run is measured against that run's baselines only", () => {
    const { sites } = buildReport([profileOf(records)]);
    expect(site(sites, 'a.js:1').rows[0]?.nsPerVisit).toBeCloseTo(1e6, 6);
    expect(site(sites, 'a.js:1').rows[1]?.programSpeedup).toBeCloseTo(0.1, FIT_DIGITS);
    expect(site(sites, 'b.js:2').rows[0]?.nsPerVisit).toBeCloseTo(2e6, 6);
    expect(site(sites, 'b.js:2').rows[1]?.programSpeedup).toBeCloseTo(0.1, FIT_DIGITS);
  });

  it('a line measured in both runs pools the baselines of both', () => {
    const both = site(buildReport([profileOf(records)]).sites, 'both.js:3');
    // a.js:1's and its own 0% experiment from the first run, b.js:2's from the second.
    expect(both.rows[0]?.experiments).toBe(3);
    expect(both.rows[0]?.nsPerVisit).toBeCloseTo(400e6 / 300, 6);
  });

  it('two files are two runs, as the same runs in one file are', () => {
    const split = records.findIndex((r, i) => i > 0 && r.type === 'startup');
    const first = { ...profileOf(records.slice(0, split)), source: 'a.coz' };
    const second = { ...profileOf(records.slice(split)), source: 'b.coz' };
    const apart = buildReport([first, second]).sites;
    const together = buildReport([profileOf(records)]).sites;
    expect(apart.map((s) => [s.site, s.rows.map((r) => r.programSpeedup)])).toEqual(
      together.map((s) => [s.site, s.rows.map((r) => r.programSpeedup)]),
    );
  });
});

describe('pooled baselines on a real Coz profile (ferret)', () => {
  const [profile] = readProfiles([path.join(COZ_FIXTURES, 'ferret.coz')]) as [Profile];

  // The expectation straight from the records: every usable 0% experiment, whatever its line.
  function pooledFromRecords(): { experiments: number; nsPerVisit: number } {
    let duration = 0;
    let visits = 0;
    let experiments = 0;
    let current: ExperimentRecord | undefined;
    for (const record of profile.records) {
      if (record.type === 'experiment') current = record;
      else if (record.type === 'throughput-point' && current?.speedup === 0) {
        if (current.duration > 0 && record.delta >= 5) {
          duration += current.duration;
          visits += record.delta;
          experiments++;
        }
      }
    }
    return { experiments, nsPerVisit: duration / visits };
  }

  it('every site shares one 0% row, so line 352 (no 0% experiment of its own) has a curve', () => {
    const expected = pooledFromRecords();
    const report = buildReport([profile], POOLED);
    expect(report.progressPoints).toHaveLength(1);
    for (const s of report.sites) {
      expect(s.rows[0]?.experiments).toBe(expected.experiments);
      expect(s.rows[0]?.nsPerVisit).toBeCloseTo(expected.nsPerVisit, 3);
    }
    const line352 = report.sites.find((s) => s.site.endsWith(':352')) as SiteReport;
    expect(line352.impact).not.toBeNull();
    // Three experiments of its own, at one usable speedup, are still too few to rank it.
    expect(line352.trusted).toBe(false);
    expect(line352.untrustedReasons.slice(0, 2)).toEqual([
      'too few experiments: 3 of 5 needed',
      '1 usable non-zero speedups of 2 needed',
    ]);
    // Per site, it had no baseline at all.
    const perSite = buildReport([profile], { baseline: 'per-site' });
    expect(perSite.sites.find((s) => s.site.endsWith(':352'))?.impact).toBeNull();
  });
});
