import type { Profile } from '../profile/records';

/**
 * Each site's share of all samples in the profiles' `samples` records: the fallback for the
 * scaled-sample column when experiments carry no total_samples.
 *
 * Coz logs a line's count cumulatively since its process started, again and again, so only
 * a run's largest count for a line is its total; runs (a startup record, or a new file)
 * are then summed. When processes wrote to one file at once their blocks interleave and a
 * run boundary can fall mid-process; that counts such lines twice, which a share mostly
 * survives. Returns an empty map when there are no samples.
 */
export function sampleShares(profiles: readonly Profile[]): Map<string, number> {
  const totals = new Map<string, number>();
  let run = new Map<string, number>();
  const closeRun = (): void => {
    for (const [location, count] of run) totals.set(location, (totals.get(location) ?? 0) + count);
    run = new Map();
  };
  for (const profile of profiles) {
    for (const record of profile.records) {
      if (record.type === 'startup') closeRun();
      else if (record.type === 'samples') {
        run.set(record.location, Math.max(run.get(record.location) ?? 0, record.count));
      }
    }
    closeRun();
  }

  let all = 0;
  for (const count of totals.values()) all += count;
  const shares = new Map<string, number>();
  if (all === 0) return shares;
  for (const [location, count] of totals) shares.set(location, count / all);
  return shares;
}
