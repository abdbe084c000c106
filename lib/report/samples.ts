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
 * a site is its total; runs (a startup record, or a new file) are then summed. When processes
 * wrote to one file at once their blocks interleave and a run boundary can fall mid-process;
 * that counts such sites twice, which a share mostly survives.
 */
export function sampleShares(profiles: readonly Profile[]): Map<string, number> {
  const counts = new Map<string, number>();
  const undelayed = new Map<string, number>();
  let undelayedTotal = 0;
  let runCounts = new Map<string, number>();
  let runUndelayed = new Map<string, number>();
  let runTotal = 0;
  const closeRun = (): void => {
    for (const [location, n] of runCounts) counts.set(location, (counts.get(location) ?? 0) + n);
    for (const [location, n] of runUndelayed)
      undelayed.set(location, (undelayed.get(location) ?? 0) + n);
    undelayedTotal += runTotal;
    runCounts = new Map();
    runUndelayed = new Map();
    runTotal = 0;
  };
  for (const profile of profiles) {
    for (const record of profile.records) {
      if (record.type === 'startup') closeRun();
      else if (record.type === 'runtime' && record.undelayed_samples !== undefined) {
        runTotal = Math.max(runTotal, record.undelayed_samples);
      } else if (record.type === 'samples') {
        runCounts.set(record.location, Math.max(runCounts.get(record.location) ?? 0, record.count));
        if (record.undelayed !== undefined) {
          runUndelayed.set(
            record.location,
            Math.max(runUndelayed.get(record.location) ?? 0, record.undelayed),
          );
        }
      }
    }
    closeRun();
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
