import type { ExperimentRecord, PointRecord, ProfileRecord } from './records';

/** An experiment with the progress-point measurements written after it. */
export interface ExperimentGroup {
  experiment: ExperimentRecord;
  points: PointRecord[];
  /** Which run of the profile it belongs to (recordRuns). */
  run: number;
}

/**
 * The run each record belongs to. A startup record begins one (the first begins run 0 when
 * nothing came before it). A record that names its process (pid) belongs to that process's
 * latest run; any other record to the run of the record before it: points follow their
 * experiment, samples records their runtime record. Processes appending to one file at once
 * write each such block in one write, so a block is never split, but blocks of different
 * processes interleave; this is what tells them apart.
 */
export function recordRuns(records: readonly ProfileRecord[]): number[] {
  const runs: number[] = [];
  const runOfPid = new Map<number, number>();
  let latest = 0; // the latest startup's run
  let current = 0;
  for (const record of records) {
    if (record.type === 'startup') {
      if (runs.length > 0) latest++;
      current = latest;
      if (record.pid !== undefined) runOfPid.set(record.pid, latest);
    } else if ('pid' in record && record.pid !== undefined) {
      current = runOfPid.get(record.pid) ?? latest;
    }
    runs.push(current);
  }
  return runs;
}

/**
 * Groups records into experiments and their points. The reader has already rejected points
 * with no experiment before them; should any remain (records built by hand), they are dropped.
 */
export function groupExperiments(records: readonly ProfileRecord[]): ExperimentGroup[] {
  const groups: ExperimentGroup[] = [];
  const runs = recordRuns(records);
  let current: ExperimentGroup | undefined;
  records.forEach((record, i) => {
    if (record.type === 'experiment') {
      current = { experiment: record, points: [], run: runs[i] as number };
      groups.push(current);
    } else if (record.type === 'throughput-point' || record.type === 'latency-point') {
      current?.points.push(record);
    } else {
      current = undefined;
    }
  });
  return groups;
}
