import { LineError } from './errors';
import type { LineFields } from './line-fields';
import { decimalFromText, integerFromText } from './numbers';
import type {
  ExperimentRecord,
  LatencyPointRecord,
  ProfileRecord,
  RecordType,
  RuntimeRecord,
  StartupRecord,
} from './records';

/** Record type names as written by our writer, current Coz (underscores) and older Coz. */
const TYPE_ALIASES: Record<string, RecordType> = {
  startup: 'startup',
  experiment: 'experiment',
  'throughput-point': 'throughput-point',
  throughput_point: 'throughput-point',
  // Older Coz: "progress-point\tname=...\ttype=source\tdelta=..." is a throughput point.
  'progress-point': 'throughput-point',
  'latency-point': 'latency-point',
  latency_point: 'latency-point',
  samples: 'samples',
  runtime: 'runtime',
  shutdown: 'shutdown',
};

export function recordTypeOf(written: string): RecordType | undefined {
  return Object.hasOwn(TYPE_ALIASES, written) ? TYPE_ALIASES[written] : undefined;
}

/** Typed access to one line's fields; every failure names the record and the field. */
class FieldReader {
  constructor(
    private readonly fields: LineFields,
    private readonly label: string,
  ) {}

  private fail(problem: string): never {
    throw new LineError(`${this.label} line ${problem}`);
  }

  private present(key: string): boolean {
    return this.fields.has(key) && this.fields.raw(key) !== null;
  }

  private require(key: string): void {
    if (!this.present(key)) this.fail(`has no "${key}"`);
  }

  string(key: string): string {
    this.require(key);
    return this.optionalString(key) as string;
  }

  optionalString(key: string): string | undefined {
    if (!this.present(key)) return undefined;
    const value = this.fields.raw(key);
    if (typeof value !== 'string' || value === '') this.fail(`has an empty or non-text "${key}"`);
    return value;
  }

  /** An integer; `signed` allows the negative values Coz's wrapped counters stand for. */
  integer(key: string, signed = false): number {
    this.require(key);
    return this.optionalInteger(key, signed) as number;
  }

  optionalInteger(key: string, signed = false): number | undefined {
    if (!this.present(key)) return undefined;
    const text = this.fields.integerText(key);
    const raw = this.fields.raw(key);
    if (text === undefined) {
      const shown = typeof raw === 'string' ? `"${raw}"` : JSON.stringify(raw);
      this.fail(`has a "${key}" that is not an integer (${shown})`);
    }
    const value = this.wrapErrors(() => integerFromText(text, `"${key}"`));
    if (!signed && value < 0) this.fail(`has a negative "${key}" (${value})`);
    return value;
  }

  decimal(key: string): number {
    this.require(key);
    return this.optionalDecimal(key) as number;
  }

  optionalDecimal(key: string): number | undefined {
    if (!this.present(key)) return undefined;
    const raw = this.fields.raw(key);
    if (typeof raw === 'number') {
      if (!Number.isFinite(raw)) this.fail(`has a "${key}" that is not a finite number`);
      return raw;
    }
    if (typeof raw !== 'string') this.fail(`has a "${key}" that is not a number`);
    return this.wrapErrors(() => decimalFromText(raw, `"${key}"`));
  }

  private wrapErrors<T>(parse: () => T): T {
    try {
      return parse();
    } catch (error) {
      if (error instanceof LineError) throw new LineError(`${this.label} line: ${error.message}`);
      throw error;
    }
  }
}

function decodeExperiment(read: FieldReader): ExperimentRecord {
  const selected = read.string('selected');
  const speedup = read.decimal('speedup');
  if (speedup < 0 || speedup > 1) {
    throw new LineError(`experiment line has a "speedup" outside 0..1 (${speedup})`);
  }
  const record: ExperimentRecord = {
    type: 'experiment',
    selected,
    speedup,
    duration: read.integer('duration', true),
    selected_samples: read.integer('selected_samples'),
  };
  const totalSamples = read.optionalInteger('total_samples');
  if (totalSamples !== undefined) record.total_samples = totalSamples;
  const name = read.optionalString('function');
  if (name !== undefined) record.function = name;
  for (const key of [
    'start_time',
    'wall_duration',
    'program_cpu',
    'sibling_cpu',
    'outside_cpu',
    'steal',
    'pid',
  ] as const) {
    const value = read.optionalInteger(key);
    if (value !== undefined) record[key] = value;
  }
  return record;
}

function decodeLatencyPoint(read: FieldReader): LatencyPointRecord {
  const record: LatencyPointRecord = {
    type: 'latency-point',
    name: read.string('name'),
    arrivals: read.integer('arrivals'),
    departures: read.integer('departures'),
    difference: read.integer('difference', true),
  };
  const meanInFlight = read.optionalDecimal('mean_in_flight');
  if (meanInFlight !== undefined) record.mean_in_flight = meanInFlight;
  return record;
}

function decodeShutdown(read: FieldReader): ProfileRecord {
  const samples = read.optionalInteger('samples');
  const time = read.integer('time');
  return samples === undefined ? { type: 'shutdown', time } : { type: 'shutdown', time, samples };
}

/**
 * One line's fields to a record, or undefined when the record type is unknown (a newer
 * writer's addition, skipped by the reader with a warning). Throws LineError when a known
 * record lacks a field or a field has the wrong kind of value.
 */
export function decodeRecord(fields: LineFields): ProfileRecord | undefined {
  const type = recordTypeOf(fields.type);
  if (type === undefined) return undefined;
  const read = new FieldReader(fields, type === 'throughput-point' ? fields.type : type);
  switch (type) {
    case 'startup': {
      const record: StartupRecord = { type, time: read.integer('time') };
      const cores = read.optionalInteger('cores');
      if (cores !== undefined) record.cores = cores;
      const seed = read.optionalInteger('seed');
      if (seed !== undefined) record.seed = seed;
      for (const key of ['command', 'cwd', 'node', 'sampler'] as const) {
        const value = read.optionalString(key);
        if (value !== undefined) record[key] = value;
      }
      const intervalUs = read.optionalInteger('interval_us');
      if (intervalUs !== undefined) record.interval_us = intervalUs;
      const pid = read.optionalInteger('pid');
      if (pid !== undefined) record.pid = pid;
      return record;
    }
    case 'runtime': {
      const record: RuntimeRecord = { type, time: read.integer('time') };
      const undelayed = read.optionalInteger('undelayed_samples');
      if (undelayed !== undefined) record.undelayed_samples = undelayed;
      const threads = read.optionalInteger('threads');
      if (threads !== undefined) record.threads = threads;
      const pid = read.optionalInteger('pid');
      if (pid !== undefined) record.pid = pid;
      return record;
    }
    case 'shutdown':
      return decodeShutdown(read);
    case 'experiment':
      return decodeExperiment(read);
    case 'throughput-point':
      return { type, name: read.string('name'), delta: read.integer('delta') };
    case 'latency-point':
      return decodeLatencyPoint(read);
    case 'samples': {
      const undelayed = read.optionalInteger('undelayed');
      const record = { type, location: read.string('location'), count: read.integer('count') };
      return undelayed === undefined ? record : { ...record, undelayed };
    }
  }
}
