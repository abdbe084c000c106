import { describe, expect, it } from 'vitest';
import type { Profile, ProfileRecord } from '../lib/profile';
import { buildReport, type SiteReport } from '../lib/report';

interface Run {
  speedup: number;
  /** Virtual duration, ns. */
  duration: number;
  delta: number;
  site?: string;
  selected?: number;
  total?: number;
}

/** A profile of throughput experiments on one progress point, "work". */
function throughputProfile(runs: Run[], extra: ProfileRecord[] = []): Profile {
  const records: ProfileRecord[] = [{ type: 'startup', time: 0 }];
  for (const run of runs) {
    records.push({
      type: 'experiment',
      selected: run.site ?? 'a.js:1',
      speedup: run.speedup,
      duration: run.duration,
      selected_samples: run.selected ?? 0,
      ...(run.total === undefined ? {} : { total_samples: run.total }),
    });
    records.push({ type: 'throughput-point', name: 'work', delta: run.delta });
  }
  return { source: 'synthetic.coz', records: [...records, ...extra], warnings: [] };
}

/** Two experiments per speedup whose period is periodAt(s) ns per visit, 100 visits each. */
function curveRuns(speedups: number[], periodAt: (s: number) => number, site = 'a.js:1'): Run[] {
  return speedups.flatMap((speedup) => [
    { site, speedup, duration: 100 * periodAt(speedup), delta: 100 },
    { site, speedup, duration: 100 * periodAt(speedup), delta: 100 },
  ]);
}

function onlySite(profile: Profile): SiteReport {
  const { sites } = buildReport([profile]);
  expect(sites).toHaveLength(1);
  return sites[0] as SiteReport;
}

const P0 = 1_000_000;

// Program speedups come from a weighted least-squares fit (lib/report/model.ts) whose solve
// adds a ridge of 1e-10 of the diagonal's mean: model-derived figures agree with the exact
// ones to about 1e-9, so they are compared to 6 decimals; pooled ns/visit stay exact.
const FIT_DIGITS = 6;

function expectCloseAll(actual: (number | null)[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((e, i) => {
    expect(actual[i], `element ${i}`).toBeCloseTo(e, FIT_DIGITS);
  });
}

describe('program speedup, impact and slope', () => {
  it('a site whose period falls in proportion to its speedup: slope 1, impact = mean of s over 0..0.75', () => {
    const site = onlySite(throughputProfile(curveRuns([0, 0.25, 0.5, 0.75], (s) => P0 * (1 - s))));
    expectCloseAll(
      site.rows.map((r) => r.programSpeedup),
      [0, 0.25, 0.5, 0.75],
    );
    expect(site.rows.map((r) => r.nsPerVisit)).toEqual([1e6, 750_000, 500_000, 250_000]);
    // Area under y = s from 0 to 0.75 is 0.28125; divided by the range 0.75.
    expect(site.impact).toBeCloseTo(0.375, FIT_DIGITS);
    // The slope is fitted over rows up to 50% (0.25 and 0.5 here): exactly 1 all the same.
    expect(site.slope).toBeCloseTo(1, FIT_DIGITS);
    expect(site.slopeStdErr).toBeCloseTo(0, FIT_DIGITS);
    expect(site.trusted).toBe(true);
    expect(site.experiments).toBe(8);
  });

  it('the slope error reflects how much experiments at one speedup disagree', () => {
    // Each pair is off by +-2% of its period, so in the model's log time per visit every
    // residual is +-0.02 (half of ln(1.02/0.98)): SSR = 8 x 0.02^2 over 4 degrees of freedom
    // (8 experiments, a baseline and 3 cells), 0.0008 per experiment. A cell's effect is the
    // difference of two pair means: variance 0.0004 + 0.0004, covariance 0.0004 between
    // cells (the shared baseline). The slope over the 25% and 50% rows weights them 0.8 and
    // 1.6 (s / (0.25^2 + 0.5^2)), times d effect / d beta = effect - 1 (-0.75, -0.5):
    // var = 0.36 x 0.0008 + 0.64 x 0.0008 + 2 x 0.48 x 0.0004 = 0.001184.
    const runs = [0, 0.25, 0.5, 0.75].flatMap((speedup) =>
      [1.02, 0.98].map((factor) => ({
        speedup,
        duration: 100 * P0 * (1 - speedup) * factor,
        delta: 100,
      })),
    );
    const site = onlySite(throughputProfile(runs));
    expect(site.slope).toBeCloseTo(1, FIT_DIGITS);
    const half = Math.log(1.02 / 0.98) / 2;
    expect(site.slopeStdErr).toBeCloseTo(Math.sqrt((0.001184 * half ** 2) / 0.02 ** 2), 4);
    expect(site.impact).toBeCloseTo(0.375, FIT_DIGITS);
  });

  it('a flat site: no speedup, impact 0, slope 0', () => {
    const site = onlySite(throughputProfile(curveRuns([0, 0.2, 0.4, 0.6, 0.8, 1], () => P0)));
    expectCloseAll(
      site.rows.map((r) => r.programSpeedup),
      [0, 0, 0, 0, 0, 0],
    );
    expect(site.impact).toBeCloseTo(0, FIT_DIGITS);
    expect(site.slope).toBeCloseTo(0, FIT_DIGITS);
  });

  it('a site off the critical path half the time: slope 0.5, impact 0.25', () => {
    const site = onlySite(
      throughputProfile(curveRuns([0, 0.2, 0.4, 0.6, 0.8, 1], (s) => P0 * (1 - 0.5 * s))),
    );
    expect(site.slope).toBeCloseTo(0.5, FIT_DIGITS);
    expect(site.impact).toBeCloseTo(0.25, FIT_DIGITS);
  });

  it('impact is the trapezoid area over the range, not the slope, when the curve bends', () => {
    // Program speedup min(s, 0.3): points (0,0) (0.2,0.2) (0.4,0.3) (0.6,0.3).
    // Area 0.02 + 0.05 + 0.06 = 0.13 over a range of 0.6.
    const site = onlySite(
      throughputProfile(curveRuns([0, 0.2, 0.4, 0.6], (s) => P0 * (1 - Math.min(s, 0.3)))),
    );
    expect(site.impact).toBeCloseTo(0.13 / 0.6, FIT_DIGITS);
  });

  it('shows a row its pooled time per visit, and weights experiments by visits in the fit', () => {
    const site = onlySite(
      throughputProfile([
        { speedup: 0, duration: 100e6, delta: 100 },
        { speedup: 0, duration: 300e6, delta: 200 },
        { speedup: 0.5, duration: 100e6, delta: 100 },
        { speedup: 0.5, duration: 100e6, delta: 100 },
      ]),
    );
    // The table's time per visit: 400e6 / 300, not the mean of 1e6 and 1.5e6.
    expect(site.rows[0]?.nsPerVisit).toBeCloseTo(4e8 / 300, 6);
    expect(site.rows[0]?.experiments).toBe(2);
    // The fit works in log time per visit, each experiment weighted by its visits: the
    // baseline is the visit-weighted geometric mean of 1e6 (100 visits) and 1.5e6 (200).
    const baseline = Math.exp((100 * Math.log(1e6) + 200 * Math.log(1.5e6)) / 300);
    expect(site.rows[1]?.programSpeedup).toBeCloseTo(1 - 1e6 / baseline, FIT_DIGITS);
  });

  it('leaves out, and counts, measurements with too few visits or a duration below zero', () => {
    const runs = curveRuns([0, 0.25, 0.5], (s) => P0 * (1 - s));
    const report = buildReport([
      throughputProfile([
        ...runs,
        { speedup: 0.5, duration: 100e6, delta: 4 },
        { speedup: 1, duration: -3_675_842, delta: 15 },
      ]),
    ]);
    expect(report.discarded).toEqual({ nonPositiveDuration: 1, tooFewVisits: 1, noBaseline: 0 });
    expect(report.experimentsRead).toBe(8);
    const site = report.sites[0] as SiteReport;
    expect(site.experiments).toBe(6);
    expect(site.rows.map((r) => r.speedup)).toEqual([0, 0.25, 0.5]);
    expect(site.rows[2]?.programSpeedup).toBeCloseTo(0.5, FIT_DIGITS);
  });

  it('keeps absurd program speedups in the table but off the curve', () => {
    const site = onlySite(
      throughputProfile([
        ...curveRuns([0, 0.25, 0.5], (s) => P0 * (1 - s)),
        // Period 30x the baseline: a program "speedup" of -29.
        { speedup: 0.75, duration: 100 * 30 * P0, delta: 100 },
      ]),
    );
    const outlier = site.rows[3];
    expect(outlier?.programSpeedup).toBeCloseTo(-29, 5);
    expect(outlier?.used).toBe(false);
    // Impact over 0..0.5 of y = s; slope from the 6 experiments on the curve.
    expect(site.impact).toBeCloseTo(0.25, FIT_DIGITS);
    expect(site.slope).toBeCloseTo(1, FIT_DIGITS);
  });
});

describe("latency progress points (Little's law)", () => {
  function latencyProfile(
    runs: { speedup: number; arrivals: number; inFlight: number; difference?: number }[],
  ): Profile {
    const records: ProfileRecord[] = [];
    for (const run of runs) {
      records.push({
        type: 'experiment',
        selected: 'db.js:9',
        speedup: run.speedup,
        duration: 1e9,
        selected_samples: 0,
      });
      records.push({
        type: 'latency-point',
        name: 'query',
        arrivals: run.arrivals,
        departures: run.arrivals,
        difference: run.difference ?? run.inFlight,
        ...(run.difference === undefined ? {} : { mean_in_flight: run.inFlight }),
      });
    }
    return { source: 'latency.coz', records, warnings: [] };
  }

  it('W = L / lambda: 1000 arrivals per second with 10 in flight is 10 ms; 5 in flight is 5 ms', () => {
    const site = onlySite(
      latencyProfile([
        { speedup: 0, arrivals: 1000, inFlight: 10 },
        { speedup: 0, arrivals: 1000, inFlight: 10 },
        { speedup: 0.5, arrivals: 1000, inFlight: 5 },
        { speedup: 0.5, arrivals: 1000, inFlight: 5 },
        { speedup: 1, arrivals: 2000, inFlight: 5 },
        { speedup: 1, arrivals: 2000, inFlight: 5 },
      ]),
    );
    expect(site.pointKind).toBe('latency');
    expect(site.progressPoint).toBe('query');
    expect(site.rows.map((r) => r.nsPerVisit)).toEqual([1e7, 5e6, 2.5e6]);
    // Lower latency is a positive program speedup.
    expectCloseAll(
      site.rows.map((r) => r.programSpeedup),
      [0, 0.5, 0.75],
    );
  });

  it("prefers the mean in flight to Coz's end-of-experiment snapshot, and uses the snapshot without it", () => {
    const withMean = onlySite(
      latencyProfile([
        { speedup: 0, arrivals: 1000, inFlight: 10, difference: 999 },
        { speedup: 0.5, arrivals: 1000, inFlight: 5, difference: 999 },
      ]),
    );
    expect(withMean.rows.map((r) => r.nsPerVisit)).toEqual([1e7, 5e6]);
    const snapshotOnly = onlySite(
      latencyProfile([
        { speedup: 0, arrivals: 1000, inFlight: 8 },
        { speedup: 0.5, arrivals: 1000, inFlight: 2 },
      ]),
    );
    expect(snapshotOnly.rows.map((r) => r.nsPerVisit)).toEqual([8e6, 2e6]);
  });

  it('cannot measure a latency from an in-flight count at or below zero', () => {
    const site = onlySite(
      latencyProfile([
        { speedup: 0, arrivals: 1000, inFlight: 10 },
        { speedup: 0.5, arrivals: 1000, inFlight: -3 },
      ]),
    );
    expect(site.rows[1]?.nsPerVisit).toBeNull();
    expect(site.rows[1]?.programSpeedup).toBeNull();
    expect(site.rows[1]?.used).toBe(false);
  });
});

describe('scaled samples', () => {
  it("is speedup x selected_samples / total_samples of the site's 0% experiments when they carry totals", () => {
    const site = onlySite(
      throughputProfile([
        { speedup: 0, duration: 1e8, delta: 100, selected: 20, total: 100 },
        { speedup: 0.5, duration: 1e8, delta: 100, selected: 10, total: 100 },
        { speedup: 0.5, duration: 1e8, delta: 100, selected: 50, total: 100 },
      ]),
    );
    // Only the 0% experiment counts: in the others, delays thin the other threads' samples
    // and inflate the selected line's share with the speedup tried.
    expect(site.rows.map((r) => r.scaledSamples)).toEqual([0, 0.5 * (20 / 100)]);
  });

  it("falls back to the site's share of the samples records: the last count of each run", () => {
    const samples = (a: number, b: number): ProfileRecord[] => [
      { type: 'runtime', time: 1 },
      { type: 'samples', location: 'a.js:1', count: a },
      { type: 'samples', location: 'b.js:2', count: b },
    ];
    // Counts are cumulative within a run: 30 of 100, not 40 of 130.
    const oneRun = throughputProfile(
      curveRuns([0, 0.5], () => P0),
      [...samples(10, 20), ...samples(30, 70)],
    );
    expect(onlySite(oneRun).rows.map((r) => r.scaledSamples)).toEqual([0, 0.5 * 0.3]);
    // A second run starts from zero and adds: (30 + 10) of (100 + 100).
    const twoRuns = throughputProfile(
      curveRuns([0, 0.5], () => P0),
      [...samples(30, 70), { type: 'startup', time: 2 }, ...samples(10, 90)],
    );
    expect(onlySite(twoRuns).rows[1]?.scaledSamples).toBeCloseTo(0.5 * 0.2, 12);
  });

  it('is 0 for a site no sample fell in, and unknown (null) without any samples', () => {
    const others: ProfileRecord[] = [{ type: 'samples', location: 'b.js:2', count: 9 }];
    const unsampled = throughputProfile(
      curveRuns([0, 0.5], () => P0),
      others,
    );
    expect(onlySite(unsampled).rows.map((r) => r.scaledSamples)).toEqual([0, 0]);
    const none = throughputProfile(curveRuns([0, 0.5], () => P0));
    expect(onlySite(none).rows.map((r) => r.scaledSamples)).toEqual([null, null]);
  });
});
