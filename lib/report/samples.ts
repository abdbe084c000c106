import { recordRuns } from '../profile/experiments';
import type { Profile } from '../profile/records';

/**
 * Each site's share of the samples in the profiles, for the scaled-sample column: what a
 * conventional (sampling) profile would give the site. Empty when the profiles hold none.
 *
 * - Where the profiles record undelayed samples (causalprof's samples and runtime records),
 *   the share is of the samples taken while no delay was inserted, with the site anywhere on
 *   the stack: during an experiment the other threads pause, take fewer CPU-time samples,
 *   and the selected line's share grows with the speedup tried.
 * - Otherwise (Coz's files), it is the site's share of the samples records' counts (the
 *   innermost in-scope frame, over the whole run).
 *
 * Both are logged cumulatively per process, again and again, so only a run's last value for
 * a site is its total; runs (a startup record, or a new file) are then summed. Processes that
 * wrote to one file at once are told apart by the pid of their startup and runtime records.
 */
export function sampleShares(profiles: readonly Profile[]): Map<string, number> {
  const counts = new Map<string, number>();
  const undelayed = new Map<string, number>();
  let undelayedTotal = 0;
  interface RunSamples {
    counts: Map<string, number>;
    undelayed: Map<string, number>;
    total: number;
  }
  const newRun = (): RunSamples => ({ counts: new Map(), undelayed: new Map(), total: 0 });
  const closeRun = (run: RunSamples): void => {
    for (const [location, n] of run.counts) counts.set(location, (counts.get(location) ?? 0) + n);
    for (const [location, n] of run.undelayed)
      undelayed.set(location, (undelayed.get(location) ?? 0) + n);
    undelayedTotal += run.total;
  };
  const keepMax = (m: Map<string, number>, key: string, n: number) =>
    m.set(key, Math.max(m.get(key) ?? 0, n));
  for (const profile of profiles) {
    // Per run (recordRuns): processes writing one file at once interleave their blocks.
    const runOf = recordRuns(profile.records);
    const byRun = new Map<number, RunSamples>();
    profile.records.forEach((record, i) => {
      const index = runOf[i] as number;
      let run = byRun.get(index);
      if (run === undefined) {
        run = newRun();
        byRun.set(index, run);
      }
      if (record.type === 'runtime' && record.undelayed_samples !== undefined) {
        run.total = Math.max(run.total, record.undelayed_samples);
      } else if (record.type === 'samples') {
        keepMax(run.counts, record.location, record.count);
        if (record.undelayed !== undefined)
          keepMax(run.undelayed, record.location, record.undelayed);
      }
    });
    for (const run of byRun.values()) closeRun(run);
  }
  const shares = new Map<string, number>();
  if (undelayedTotal > 0) {
    for (const [location, n] of undelayed) shares.set(location, n / undelayedTotal);
    return shares;
  }
  let all = 0;
  for (const n of counts.values()) all += n;
  if (all === 0) return shares;
  for (const [location, n] of counts) shares.set(location, n / all);
  return shares;
}
