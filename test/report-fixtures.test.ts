import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Profile, ProfileRecord } from '../lib/profile';
import { buildReport, type ReportOptions, readProfiles, type SiteReport } from '../lib/report';

const COZ_FIXTURES = path.resolve(__dirname, '..', '..', 'shared', 'fixtures', 'coz');
const fixture = (name: string) => path.join(COZ_FIXTURES, name);

const FERRET = 'parsec-2.1/pkgs/apps/ferret/obj/amd64-linux.llvm/benchmark/ferret-parallel.c';
const BLACKSCHOLES = 'parsec-2.1/pkgs/apps/blackscholes/obj/amd64-linux.gcc/blackscholes.m4.cpp';

/**
 * The same profile read backwards: its runs in reverse order, and within each run its
 * experiments (each with its points) in reverse order. Which run an experiment is in stays.
 */
function experimentsReversed(profile: Profile): Profile {
  const runs: ProfileRecord[][][] = [];
  for (const record of profile.records) {
    if (record.type === 'startup' || runs.length === 0) runs.push([]);
    const blocks = runs[runs.length - 1] as ProfileRecord[][];
    if (record.type === 'experiment' || blocks.length === 0) blocks.push([record]);
    else (blocks[blocks.length - 1] as ProfileRecord[]).push(record);
  }
  const backwards = runs.reverse().map((blocks) => {
    // A run's opening block (its startup record, and whatever follows before an experiment).
    const opening = blocks[0]?.[0]?.type === 'experiment' ? [] : blocks.splice(0, 1);
    return [...opening, ...blocks.reverse()].flat();
  });
  return { ...profile, records: backwards.flat() };
}

/** Coz's viewer's arithmetic: each line's own 0% experiments are its baseline. */
const COZ_VIEWER = { baseline: 'per-site' } as const;

function ranking(
  profile: Profile,
  options: ReportOptions = COZ_VIEWER,
): [string, number | null, boolean][] {
  return buildReport([profile], options).sites.map((s) => [s.site, s.impact, s.trusted]);
}

// The expected values were worked out by hand from the files with a separate script (awk and
// Python, not this code): per site and speedup, sum the durations and the deltas of the
// measurements with at least 5 visits and a duration above zero (after unwrapping 2^64),
// P = duration / delta, program speedup = (P0 - P) / P0, keep those in -1..2, trapezoid area
// over the range of speedups; the slope by ordinary least squares over the experiments.
describe("report on real Coz profiles, with Coz's per-line baselines", () => {
  it('ferret: line 357 comes first, with a steep, well-measured curve', () => {
    const [profile] = readProfiles([fixture('ferret.coz')]);
    const report = buildReport([profile as Profile], COZ_VIEWER);
    expect(report.experimentsRead).toBe(335);
    // Five experiments at 100% have wrapped (negative) durations; one has 0 < delta < 5.
    expect(report.discarded).toEqual({ nonPositiveDuration: 5, tooFewVisits: 1 });
    const top = report.sites[0] as SiteReport;
    expect(top.site).toBe(`${FERRET}:357`);
    expect(top.trusted).toBe(true);
    expect(top.experiments).toBe(102);
    expect(top.impact).toBeCloseTo(0.399865198, 8);
    expect(top.slope).toBeCloseTo(0.970710876, 8);
    expect(top.slopeStdErr).toBeCloseTo(0.114167255, 8);
    expect(top.rows[0]?.nsPerVisit).toBeCloseTo(10387854.2305, 3);
    // The hottest line by samples (319) comes last of the trusted: sped up, it slows the program.
    expect(report.sites.map((s) => s.site.slice(FERRET.length))).toEqual([
      ':357',
      ':278',
      ':254',
      ':167',
      ':319',
      ':352',
    ]);
    // Line 352: 3 experiments, none at speedup 0.
    expect(report.sites[5]).toMatchObject({ trusted: false, experiments: 3, impact: null });
  });

  it('blackscholes: line 289 ranks first, then 262 and 174', () => {
    const [profile] = readProfiles([fixture('blackscholes.coz')]);
    const report = buildReport([profile as Profile], COZ_VIEWER);
    expect(report.experimentsRead).toBe(2555);
    expect(report.discarded).toEqual({ nonPositiveDuration: 0, tooFewVisits: 49 });
    const top = report.sites.slice(0, 3).map((s) => [s.site, s.impact, s.experiments]);
    expect(top.map(([site]) => site)).toEqual([
      `${BLACKSCHOLES}:289`,
      `${BLACKSCHOLES}:262`,
      `${BLACKSCHOLES}:174`,
    ]);
    expect(top[0]?.[1]).toBeCloseTo(0.150755535, 8);
    expect(top[1]?.[1]).toBeCloseTo(0.099708901, 8);
    expect(top[2]?.[1]).toBeCloseTo(0.066190415, 8);
    expect(top.map(([, , n]) => n)).toEqual([13, 114, 57]);
  });

  it('memcached: its one site is not trusted, since every non-zero speedup is an outlier', () => {
    const [profile] = readProfiles([fixture('memcached.coz')]);
    const report = buildReport([profile as Profile], COZ_VIEWER);
    expect(report.sites).toHaveLength(1);
    const site = report.sites[0] as SiteReport;
    expect(site.site).toBe('thread.c:528');
    expect(site.progressPoint).toBe('memcached.c:3641');
    // 321 usable baselines, 754 usable others; P0 = 98218.46 ns per visit.
    expect(site.experiments).toBe(1075);
    expect(site.rows[0]?.experiments).toBe(321);
    expect(site.rows[0]?.nsPerVisit).toBeCloseTo(98218.4625, 3);
    // Each speedup's period is 3x to 60x the baseline's: far below a program speedup of -1.
    expect(site.rows.slice(1).every((r) => !r.used && (r.programSpeedup as number) < -1)).toBe(
      true,
    );
    expect(site.trusted).toBe(false);
    expect(site.untrustedReasons).toEqual(['0 usable non-zero speedups of 2 needed']);
    expect(site.impact).toBeNull();
  });

  it('ranks the same whatever order the experiments are read in, in either baseline mode', () => {
    for (const [name, options] of [
      ['ferret.coz', COZ_VIEWER],
      ['blackscholes.coz', COZ_VIEWER],
      ['ferret.coz', { baseline: 'pooled' }],
      ['blackscholes.coz', { baseline: 'pooled' }],
    ] as const) {
      const [profile] = readProfiles([fixture(name)]) as [Profile];
      const forward = ranking(profile, options);
      const backward = ranking(experimentsReversed(profile), options);
      expect(backward.map(([site, , trusted]) => [site, trusted])).toEqual(
        forward.map(([site, , trusted]) => [site, trusted]),
      );
      backward.forEach(([, impact], i) => {
        const expected = forward[i]?.[1] ?? null;
        if (expected === null) expect(impact).toBeNull();
        else expect(impact).toBeCloseTo(expected, 9);
      });
    }
  });
});
