import type { ExperimentRecord, PointRecord, ProfileRecord } from './records';

/** An experiment with the progress-point measurements written after it. */
export interface ExperimentGroup {
  experiment: ExperimentRecord;
  points: PointRecord[];
}

/**
 * Groups records into experiments and their points. The reader has already rejected points
 * with no experiment before them; should any remain (records built by hand), they are dropped.
 */
export function groupExperiments(records: readonly ProfileRecord[]): ExperimentGroup[] {
  const groups: ExperimentGroup[] = [];
  let current: ExperimentGroup | undefined;
  for (const record of records) {
    if (record.type === 'experiment') {
      current = { experiment: record, points: [] };
      groups.push(current);
    } else if (record.type === 'throughput-point' || record.type === 'latency-point') {
      current?.points.push(record);
    } else {
      current = undefined;
    }
  }
  return groups;
}
