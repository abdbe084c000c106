import type { ExperimentRecord, PointRecord, ProfileRecord } from './records';

/**
 * Fields in the order they are written: "type" first, then Coz's own fields in Coz's order,
 * then our extensions, so Coz's viewer (which ignores unknown fields) still reads the file.
 */
const FIELD_ORDER: { [T in ProfileRecord['type']]: readonly string[] } = {
  startup: ['time', 'cores', 'seed', 'command', 'cwd', 'node', 'sampler', 'interval_us', 'pid'],
  experiment: [
    'selected',
    'speedup',
    'duration',
    'selected_samples',
    'total_samples',
    'function',
    'start_time',
    'wall_duration',
    'program_cpu',
    'sibling_cpu',
    'outside_cpu',
    'steal',
    'unpaid_delay',
    'pid',
  ],
  'throughput-point': ['name', 'delta'],
  'latency-point': ['name', 'arrivals', 'departures', 'difference', 'mean_in_flight'],
  samples: ['location', 'count', 'undelayed'],
  runtime: ['time', 'undelayed_samples', 'threads', 'pid'],
  shutdown: ['time', 'samples'],
};

/** Fields that hold fractions; every other numeric field is a count or ns, an integer. */
const FRACTION_FIELDS = new Set(['speedup', 'mean_in_flight']);

/**
 * One record as one JSON line, newline included; optional fields left out when absent.
 * Throws RangeError for a number the reader would reject (NaN, Infinity, a fractional count),
 * so a bug shows where it is made rather than as an unreadable profile.
 */
export function formatRecord(record: ProfileRecord): string {
  const fields = record as unknown as Record<string, unknown>;
  const ordered: Record<string, unknown> = { type: record.type };
  for (const key of FIELD_ORDER[record.type]) {
    const value = fields[key];
    if (value === undefined) continue;
    // JSON has no NaN or Infinity (JSON.stringify would write null): refuse rather than
    // write a line no reader accepts.
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new RangeError(`${record.type} record: "${key}" is ${value}, not a finite number`);
    }
    if (typeof value === 'number' && !FRACTION_FIELDS.has(key) && !Number.isInteger(value)) {
      throw new RangeError(`${record.type} record: "${key}" is ${value}, not an integer`);
    }
    ordered[key] = value;
  }
  return `${JSON.stringify(ordered)}\n`;
}

/** Several records as JSON Lines, in order. */
export function formatRecords(records: readonly ProfileRecord[]): string {
  return records.map(formatRecord).join('');
}

/**
 * An experiment followed by its progress points: the block to append once an experiment
 * ends, as one string so it goes to the file in one write.
 */
export function formatExperiment(
  experiment: ExperimentRecord,
  points: readonly PointRecord[],
): string {
  return formatRecord(experiment) + formatRecords(points);
}
