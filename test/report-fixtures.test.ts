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

// The expected values come from scripts/coz-fixture-figures.py, which reads the files itself
// and fits the same measurement model with numpy, apart from this code: per site and run,
// log(ns per visit) = run constant + (site, speedup) effect, weighted by visits, over the
// measurements with at least 5 visits and a duration above zero (after unwrapping 2^64);
// program speedup = 1 - exp(effect); impact the trapezoid area over the used rows (-1..2);
// slope through the origin over rows up to 50%, its error by the delta method. The two agree
// to about 1e-8 (the report's solve adds a 1e-10 ridge), so figures are compared to 6 places.
describe("report on real Coz profiles, with Coz's per-line baselines", () => {
  it('ferret: line 357 comes first, its slope too uncertain to be trusted on this profile', () => {
    const [profile] = readProfiles([fixture('ferret.coz')]);
    const report = buildReport([profile as Profile], COZ_VIEWER);
    expect(report.experimentsRead).toBe(335);
    // Five experiments at 100% have wrapped (negative) durations; one has 0 < delta < 5;
    // line 352's three have no 0% experiment of that line to compare them with.
    expect(report.discarded).toEqual({ nonPositiveDuration: 5, tooFewVisits: 1, noBaseline: 3 });
    const top = report.sites[0] as SiteReport;
    expect(top.site).toBe(`${FERRET}:357`);
    expect(top.experiments).toBe(102);
    expect(top.impact).toBeCloseTo(0.401053635, 6);
    expect(top.slope).toBeCloseTo(0.609842348, 6);
    expect(top.slopeStdErr).toBeCloseTo(0.225300118, 6);
    expect(top.rows[0]?.nsPerVisit).toBeCloseTo(10387854.2305, 3);
    // About five experiments per speedup: +-0.45 at 95%, wider than a ranking may rest on.
    expect(top.trusted).toBe(false);
    expect(top.untrustedReasons).toEqual(['slope known only to ±0.45 (±0.25 needed)']);
    // The hottest line by samples (319) ranks below lines that barely matter: sped up, it
    // slows the program.
    expect(report.sites.map((s) => s.site.slice(FERRET.length))).toEqual([
      ':357',
      ':278',
      ':254',
      ':319',
      ':167',
      ':352',
    ]);
    expect(report.sites.find((s) => s.site.endsWith(':319'))?.slope).toBeCloseTo(-0.674614555, 6);
    // Line 352: 3 experiments, none at speedup 0.
    expect(report.sites[5]).toMatchObject({ trusted: false, experiments: 3, impact: null });
  });

  it('blackscholes: lines 276, 174 and 205 rank first among the trusted', () => {
    const [profile] = readProfiles([fixture('blackscholes.coz')]);
    const report = buildReport([profile as Profile], COZ_VIEWER);
    expect(report.experimentsRead).toBe(2555);
    // 50 runs: a line's measurements in a run where it had no 0% experiment are left out.
    expect(report.discarded).toEqual({ nonPositiveDuration: 0, tooFewVisits: 49, noBaseline: 940 });
    const top = report.sites.slice(0, 3);
    expect(top.map((s) => s.site)).toEqual([
      `${BLACKSCHOLES}:276`,
      `${BLACKSCHOLES}:174`,
      `${BLACKSCHOLES}:205`,
    ]);
    expect(top.every((s) => s.trusted)).toBe(true);
    expect(top.map((s) => s.experiments)).toEqual([232, 57, 168]);
    expect(top[0]?.impact).toBeCloseTo(0.068802778, 6);
    expect(top[0]?.slope).toBeCloseTo(0.147650775, 6);
    expect(top[0]?.slopeStdErr).toBeCloseTo(0.074834294, 6);
    expect(top[1]?.impact).toBeCloseTo(0.026428041, 6);
    expect(top[2]?.impact).toBeCloseTo(0.024038312, 6);
    // Line 286 has the largest impact (0.105) but rests on too little to be ranked.
    const l286 = report.sites.find((s) => s.site.endsWith(':286')) as SiteReport;
    expect(l286.impact).toBeCloseTo(0.104561547, 6);
    expect(l286.trusted).toBe(false);
  });

  it('memcached: its one site is not trusted, since all but one non-zero speedup are outliers', () => {
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
    // Each speedup's period is many times the baseline's, below a program speedup of -1,
    // but for one.
    const others = site.rows.slice(1);
    expect(others.filter((r) => r.used)).toHaveLength(1);
    expect(others.every((r) => r.used || (r.programSpeedup as number) < -1)).toBe(true);
    expect(site.trusted).toBe(false);
    expect(site.untrustedReasons).toEqual(['1 usable non-zero speedups of 2 needed']);
    expect(site.impact).toBeCloseTo(-0.180900379, 6);
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
