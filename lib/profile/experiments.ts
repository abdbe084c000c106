import type { ExperimentRecord, PointRecord, ProfileRecord } from './records';

/** An experiment with the progress-point measurements written after it. */
export interface ExperimentGroup {
  experiment: ExperimentRecord;
  points: PointRecord[];
  /**
   * Which run of the profile it belongs to: 0 before the first startup record, +1 at each.
   * An experiment that names its process (pid) belongs to that process's latest startup,
   * wherever other processes' records fell in between.
   */
  run: number;
}

/**
 * Groups records into experiments and their points. The reader has already rejected points
 * with no experiment before them; should any remain (records built by hand), they are dropped.
 * Processes appending to one file at once write each experiment with its points in one
 * write, so a group is never split, but groups of different processes interleave.
 */
export function groupExperiments(records: readonly ProfileRecord[]): ExperimentGroup[] {
  const groups: ExperimentGroup[] = [];
  const runOfPid = new Map<number, number>();
  let current: ExperimentGroup | undefined;
  let run = 0;
  let started = false;
  for (const record of records) {
    if (record.type === 'startup') {
      // A profile may or may not open with a startup record; the first one starts run 0.
      if (started || groups.length > 0) run++;
      started = true;
      if (record.pid !== undefined) runOfPid.set(record.pid, run);
    }
    if (record.type === 'experiment') {
      const own = record.pid === undefined ? undefined : runOfPid.get(record.pid);
      current = { experiment: record, points: [], run: own ?? run };
      groups.push(current);
    } else if (record.type === 'throughput-point' || record.type === 'latency-point') {
      current?.points.push(record);
    } else {
      current = undefined;
    }
  }
  return groups;
}
