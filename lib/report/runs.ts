import { recordRuns } from '../profile/experiments';
import type { Profile } from '../profile/records';
import type { Observation } from './observations';
import type { PointSummary, RunSummary } from './types';

/**
 * What was run, one entry per profiled process (a startup record and what follows it): the
 * command, when, for how long, on what, how it was sampled. Fields a profile does not record
 * (Coz's own, or older ones of ours) are null.
 */
export function summarizeRuns(profiles: readonly Profile[]): RunSummary[] {
  const runs: RunSummary[] = [];
  for (const profile of profiles) {
    const runOf = recordRuns(profile.records);
    const own: RunSummary[] = [];
    profile.records.forEach((record, i) => {
      const index = runOf[i] as number;
      let run = own[index];
      if (run === undefined) {
        run = {
          source: profile.source,
          started: null,
          seconds: null,
          experiments: 0,
          command: null,
          cwd: null,
          node: null,
          sampler: null,
          intervalUs: null,
          cores: null,
          seed: null,
          threads: null,
          pid: null,
        };
        own[index] = run;
        runs.push(run);
      }
      switch (record.type) {
        case 'startup':
          run.started = new Date(record.time / 1e6).toISOString();
          run.command = record.command ?? null;
          run.cwd = record.cwd ?? null;
          run.node = record.node ?? null;
          run.sampler = record.sampler ?? null;
          run.intervalUs = record.interval_us ?? null;
          run.cores = record.cores ?? null;
          run.seed = record.seed ?? null;
          run.pid = record.pid ?? null;
          break;
        case 'experiment':
          run.experiments++;
          if (record.start_time !== undefined && record.wall_duration !== undefined)
            run.seconds = Math.max(
              run.seconds ?? 0,
              (record.start_time + record.wall_duration) / 1e9,
            );
          break;
        case 'runtime':
          run.seconds = Math.max(run.seconds ?? 0, record.time / 1e9);
          if (record.threads !== undefined)
            run.threads = Math.max(run.threads ?? 0, record.threads);
          break;
      }
    });
  }
  return runs;
}

/**
 * Each progress point's usable measurements, and how often it was visited: completed
 * visits (a throughput point) or arrivals (a latency point) per second of experiment.
 */
export function summarizePoints(observations: readonly Observation[]): PointSummary[] {
  const byPoint = new Map<string, PointSummary & { wall: number }>();
  for (const o of observations) {
    const key = JSON.stringify([o.progressPoint, o.kind]);
    let p = byPoint.get(key);
    if (p === undefined) {
      p = {
        name: o.progressPoint,
        kind: o.kind,
        experiments: 0,
        visits: 0,
        perSecond: null,
        wall: 0,
      };
      byPoint.set(key, p);
    }
    p.experiments++;
    p.visits += o.visits;
    p.wall += o.wallSeconds;
  }
  return [...byPoint.values()]
    .map(({ wall, ...p }) => ({ ...p, perSecond: wall > 0 ? p.visits / wall : null }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
