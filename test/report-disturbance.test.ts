// A busy machine: CPU that other processes or the hypervisor take during an experiment slows
// the program by an amount unrelated to the line tried, and with a few experiments per
// (line, speedup) one burst moves its estimate by more than the effect measured. Each
// experiment records that CPU (outside_cpu, steal), and the model (lib/report/model.ts) fits
// how much a core's worth of it slows the program (gamma), once for the run, beside the
// effects. Here the data follow that model exactly (no noise), so the fit must give back the
// true effects to rounding; without the recorded load the same profile reads the bursts as
// effects.
import { describe, expect, it } from 'vitest';
import type { Profile, ProfileRecord } from '../lib/profile';
import { buildReport, type SiteReport } from '../lib/report';

const PERIOD_NS = 1e6; // the baseline's time per visit
const VISITS = 1000;
const WALL_NS = 1e9;
/** Log-period per core of outside load: what bursty load measured here (~0.22). */
const GAMMA = 0.2;
/** Background load every experiment sees; a burst adds BURST_CORES. */
const QUIET_CORES = 0.05;
const BURST_CORES = 0.8;

/** a.js:1 has slope 0.5 (program speedup 0.125 at 25%, 0.25 at 50%); b.js:2 has none. */
const TRUE_FACTOR: Record<string, number> = { 'a.js:1': 0.5, 'b.js:2': 0 };

/**
 * Experiments one second apart, a baseline every third; the bursts fall on b.js:2's
 * experiments (three of its four) and on one of a.js:1's and one baseline.
 */
const PLAN: [site: string, speedup: number, burst: boolean][] = [
  ['a.js:1', 0, false],
  ['a.js:1', 0.5, false],
  ['b.js:2', 0.5, true],
  ['b.js:2', 0, false],
  ['a.js:1', 0.25, true],
  ['b.js:2', 0.25, true],
  ['a.js:1', 0, true],
  ['b.js:2', 0.5, true],
  ['a.js:1', 0.5, false],
  ['b.js:2', 0, false],
  ['a.js:1', 0.25, false],
  ['b.js:2', 0.25, false],
  ['a.js:1', 0, false],
  ['a.js:1', 0.5, false],
  ['b.js:2', 0.5, false],
  ['b.js:2', 0, false],
  ['a.js:1', 0.25, false],
  ['b.js:2', 0.25, false],
];

function profile(recordLoad: boolean): Profile {
  const records: ProfileRecord[] = [{ type: 'startup', time: 0 }];
  PLAN.forEach(([site, speedup, burst], i) => {
    const cores = QUIET_CORES + (burst ? BURST_CORES : 0);
    const period =
      PERIOD_NS * (1 - (TRUE_FACTOR[site] as number) * speedup) * Math.exp(GAMMA * cores);
    records.push(
      {
        type: 'experiment',
        selected: site,
        speedup,
        duration: period * VISITS,
        selected_samples: 10,
        start_time: i * WALL_NS,
        wall_duration: WALL_NS,
        ...(recordLoad
          ? { outside_cpu: cores * 0.75 * WALL_NS, steal: cores * 0.25 * WALL_NS }
          : {}),
      },
      { type: 'throughput-point', name: 'work', delta: VISITS },
    );
  });
  return { source: 'busy.coz', records, warnings: [] };
}

function site(sites: readonly SiteReport[], name: string): SiteReport {
  const found = sites.find((s) => s.site === name);
  if (!found) throw new Error(`no site ${name}`);
  return found;
}

const effectAt = (s: SiteReport, speedup: number) =>
  s.rows.find((r) => Math.abs(r.speedup - speedup) < 1e-9)?.programSpeedup;

describe('outside load recorded per experiment', () => {
  it('is fitted out: the true effects come back where bursts hit some experiments', () => {
    const { sites } = buildReport([profile(true)]);
    for (const [name, factor] of Object.entries(TRUE_FACTOR)) {
      const s = site(sites, name);
      for (const speedup of [0.25, 0.5])
        expect(effectAt(s, speedup)).toBeCloseTo(factor * speedup, 6);
      expect(s.slope).toBeCloseTo(factor, 6);
    }
  });

  it('unrecorded (the same profile without it), the bursts read as effects', () => {
    const { sites } = buildReport([profile(false)]);
    // b.js:2's 50% experiments: two of three burst, so it reads about -10% where the truth is 0.
    expect(effectAt(site(sites, 'b.js:2'), 0.5)).toBeLessThan(-0.05);
    expect(Math.abs((site(sites, 'b.js:2').slope as number) - 0)).toBeGreaterThan(0.1);
  });

  it('is left alone by the pooled baseline, which has no model of time or load', () => {
    const { sites } = buildReport([profile(true)], { baseline: 'pooled' });
    expect(effectAt(site(sites, 'b.js:2'), 0.5)).toBeLessThan(-0.05);
  });
});
