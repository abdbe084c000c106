// Processes of one program writing one profile at once (cluster workers, forked children):
// their startup, experiment and runtime records carry their pid, and their record groups
// interleave in the file. Each process is its own run, measured against its own baselines,
// however its records fell among the others'. Here two workers run at different speeds
// (1 ms and 2 ms per visit at baseline) and a.js:1 at 50% speeds each up by 25%: read as
// one run (the last startup record's) the faster worker's experiments would be compared
// with the slower one's baselines.
import { describe, expect, it } from 'vitest';
import type { Profile, ProfileRecord } from '../lib/profile';
import { groupExperiments } from '../lib/profile/experiments';
import { buildReport } from '../lib/report';

const VISITS = 1000;

function experiment(pid: number, speedup: number, periodNs: number, i: number): ProfileRecord[] {
  return [
    {
      type: 'experiment',
      selected: 'a.js:1',
      speedup,
      duration: periodNs * VISITS,
      selected_samples: 10,
      start_time: i * 1e9,
      wall_duration: 1e9,
      pid,
    },
    { type: 'throughput-point', name: 'job', delta: VISITS },
  ];
}

/** Worker `pid` at `base` ns per visit: its period at each speedup of a.js:1 (effect 0.5 s). */
const period = (base: number, speedup: number) => base * (1 - 0.5 * speedup);

function interleaved(withPid: boolean): Profile {
  const records: ProfileRecord[] = [
    { type: 'startup', time: 0, pid: 100 }, // the primary: no progress points, no experiments
    { type: 'startup', time: 1, pid: 101 },
    { type: 'startup', time: 2, pid: 102 },
  ];
  // The workers try the speedups in different proportions (as their own seeds choose).
  const fast = [0, 0.5, 0.25, 0.5, 0.25, 0, 0.5, 0.25, 0.5];
  const slow = [0, 0, 0.5, 0, 0.25, 0, 0, 0.5, 0.25];
  for (let i = 0; i < fast.length; i++) {
    records.push(...experiment(101, fast[i] as number, period(1e6, fast[i] as number), i));
    records.push(...experiment(102, slow[i] as number, period(2e6, slow[i] as number), i));
  }
  // Each worker's samples block: a runtime record naming it, then its samples.
  records.push({ type: 'runtime', time: 9e9, undelayed_samples: 100, pid: 101 });
  records.push({ type: 'samples', location: 'a.js:1', count: 60, undelayed: 60 });
  records.push({ type: 'runtime', time: 9e9, undelayed_samples: 300, pid: 102 });
  records.push({ type: 'samples', location: 'a.js:1', count: 120, undelayed: 120 });
  if (!withPid) {
    for (const r of records) if ('pid' in r) delete r.pid;
  }
  return { source: 'cluster.coz', records, warnings: [] };
}

describe('processes sharing a profile', () => {
  it("puts each experiment in its own process's run", () => {
    const groups = groupExperiments(interleaved(true).records);
    const runsOf = (pid: number) =>
      new Set(groups.filter((g) => g.experiment.pid === pid).map((g) => g.run));
    expect([...runsOf(101)]).toEqual([1]);
    expect([...runsOf(102)]).toEqual([2]);
  });

  it('measures each against its own baselines and combines them', () => {
    const report = buildReport([interleaved(true)]);
    const site = report.sites.find((s) => s.site === 'a.js:1');
    for (const speedup of [0.25, 0.5]) {
      const row = site?.rows.find((r) => Math.abs(r.speedup - speedup) < 1e-9);
      expect(row?.programSpeedup).toBeCloseTo(0.5 * speedup, 6);
    }
    expect(report.runs.map((r) => [r.pid, r.experiments])).toEqual([
      [100, 0],
      [101, 9],
      [102, 9],
    ]);
    // Each worker's samples are its own: (60 + 120) of (100 + 300) undelayed samples.
    expect(site?.sampleShare).toBeCloseTo(180 / 400, 9);
  });

  it('without pids, the same file reads as one run and the effects are wrong', () => {
    const report = buildReport([interleaved(false)]);
    const row = report.sites[0]?.rows.find((r) => Math.abs(r.speedup - 0.5) < 1e-9);
    expect(Math.abs((row?.programSpeedup as number) - 0.25)).toBeGreaterThan(0.05);
  });
});
