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

describe('program speedup, impact and slope', () => {
  it('a site whose period falls in proportion to its speedup: slope 1, impact = mean of s over 0..0.75', () => {
    const site = onlySite(throughputProfile(curveRuns([0, 0.25, 0.5, 0.75], (s) => P0 * (1 - s))));
    expect(site.rows.map((r) => r.programSpeedup)).toEqual([0, 0.25, 0.5, 0.75]);
    expect(site.rows.map((r) => r.nsPerVisit)).toEqual([1e6, 750_000, 500_000, 250_000]);
    // Area under y = s from 0 to 0.75 is 0.28125; divided by the range 0.75.
    expect(site.impact).toBeCloseTo(0.375, 12);
    expect(site.slope).toBeCloseTo(1, 12);
    expect(site.slopeStdErr).toBeCloseTo(0, 12);
    expect(site.trusted).toBe(true);
    expect(site.experiments).toBe(8);
  });

  it('the slope error reflects how much experiments at one speedup disagree', () => {
    // Each pair is off by +-2% of its period, symmetric, so the fit stays exactly 1 and the
    // residuals are 0.02(1 - s): SSR = 0.0015, Sxx = 0.625, n = 8, so SE = sqrt(0.0015/6/0.625).
    const runs = [0, 0.25, 0.5, 0.75].flatMap((speedup) =>
      [1.02, 0.98].map((factor) => ({
        speedup,
        duration: 100 * P0 * (1 - speedup) * factor,
        delta: 100,
      })),
    );
    const site = onlySite(throughputProfile(runs));
    expect(site.slope).toBeCloseTo(1, 12);
    expect(site.slopeStdErr).toBeCloseTo(0.02, 12);
    expect(site.impact).toBeCloseTo(0.375, 12);
  });

  it('a flat site: no speedup, impact 0, slope 0', () => {
    const site = onlySite(throughputProfile(curveRuns([0, 0.2, 0.4, 0.6, 0.8, 1], () => P0)));
    expect(site.rows.every((r) => r.programSpeedup === 0)).toBe(true);
    expect(site.impact).toBeCloseTo(0, 12);
    expect(site.slope).toBeCloseTo(0, 12);
  });

  it('a site off the critical path half the time: slope 0.5, impact 0.25', () => {
    const site = onlySite(
      throughputProfile(curveRuns([0, 0.2, 0.4, 0.6, 0.8, 1], (s) => P0 * (1 - 0.5 * s))),
    );
    expect(site.slope).toBeCloseTo(0.5, 12);
    expect(site.impact).toBeCloseTo(0.25, 12);
  });

  it('impact is the trapezoid area over the range, not the slope, when the curve bends', () => {
    // Program speedup min(s, 0.3): points (0,0) (0.2,0.2) (0.4,0.3) (0.6,0.3).
    // Area 0.02 + 0.05 + 0.06 = 0.13 over a range of 0.6.
    const site = onlySite(
      throughputProfile(curveRuns([0, 0.2, 0.4, 0.6], (s) => P0 * (1 - Math.min(s, 0.3)))),
    );
    expect(site.impact).toBeCloseTo(0.13 / 0.6, 12);
  });

  it('pools the experiments of a speedup: total duration over total visits', () => {
    const site = onlySite(
      throughputProfile([
        { speedup: 0, duration: 100e6, delta: 100 },
        { speedup: 0, duration: 300e6, delta: 200 },
        { speedup: 0.5, duration: 100e6, delta: 100 },
        { speedup: 0.5, duration: 100e6, delta: 100 },
      ]),
    );
    // 400e6 / 300, not the mean of 1e6 and 1.5e6.
    expect(site.rows[0]?.nsPerVisit).toBeCloseTo(4e8 / 300, 6);
    expect(site.rows[0]?.experiments).toBe(2);
    expect(site.rows[1]?.programSpeedup).toBeCloseTo(1 - 1e6 / (4e8 / 300), 12);
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
    expect(report.discarded).toEqual({ nonPositiveDuration: 1, tooFewVisits: 1 });
    expect(report.experimentsRead).toBe(8);
    const site = report.sites[0] as SiteReport;
    expect(site.experiments).toBe(6);
    expect(site.rows.map((r) => r.speedup)).toEqual([0, 0.25, 0.5]);
    expect(site.rows[2]?.programSpeedup).toBeCloseTo(0.5, 12);
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
    expect(outlier?.programSpeedup).toBeCloseTo(-29, 9);
    expect(outlier?.used).toBe(false);
    // Impact over 0..0.5 of y = s; slope from the 6 experiments on the curve.
    expect(site.impact).toBeCloseTo(0.25, 12);
    expect(site.slope).toBeCloseTo(1, 12);
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
    expect(site.kind).toBe('latency');
    expect(site.progressPoint).toBe('query');
    expect(site.rows.map((r) => r.nsPerVisit)).toEqual([1e7, 5e6, 2.5e6]);
    // Lower latency is a positive program speedup.
    expect(site.rows.map((r) => r.programSpeedup)).toEqual([0, 0.5, 0.75]);
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
  it("is speedup x selected_samples / total_samples of the row's experiments when they carry totals", () => {
    const site = onlySite(
      throughputProfile([
        { speedup: 0, duration: 1e8, delta: 100, selected: 20, total: 100 },
        { speedup: 0.5, duration: 1e8, delta: 100, selected: 10, total: 100 },
        { speedup: 0.5, duration: 1e8, delta: 100, selected: 50, total: 100 },
      ]),
    );
    expect(site.rows.map((r) => r.scaledSamples)).toEqual([0, 0.5 * (60 / 200)]);
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
